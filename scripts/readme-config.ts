/**
 * The README's configuration reference is generated from config.yaml.
 * `node scripts/readme-config.ts` rewrites the block between the markers; a test fails when
 * the README and config.yaml drift apart.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const BEGIN = "<!-- config-reference:begin -->";
export const END = "<!-- config-reference:end -->";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const readme = join(root, "README.md");

interface YamlOption {
  type: string;
  default?: string | number | boolean;
  description: string;
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

export function configReference(configYaml = readFileSync(join(root, "config.yaml"), "utf8")): string {
  const options = (parse(configYaml) as { options: Record<string, YamlOption> }).options;
  const rows = Object.entries(options).map(([name, spec]) => {
    const def = spec.default === undefined ? "(none)" : spec.type === "string" ? `\`"${spec.default}"\`` : `\`${spec.default}\``;
    return `| \`${name}\` | ${spec.type} | ${def} | ${cell(spec.description.trim())} |`;
  });
  return ["| option | type | default | what it does |", "|---|---|---|---|", ...rows].join("\n");
}

export function withConfigReference(text: string): string {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error("README has no config-reference markers");
  return `${text.slice(0, start + BEGIN.length)}\n${configReference()}\n${text.slice(end)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(readme, withConfigReference(readFileSync(readme, "utf8")));
}
