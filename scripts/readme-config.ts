/**
 * The README's configuration reference is generated from the option table (the source of
 * config.yaml). `node scripts/readme-config.ts` rewrites the block between the markers;
 * a test fails when the README and the options drift apart.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { OPTIONS } from "../src/config/options.ts";

export const BEGIN = "<!-- config-reference:begin -->";
export const END = "<!-- config-reference:end -->";
const readme = join(dirname(fileURLToPath(import.meta.url)), "..", "README.md");

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

export function configReference(): string {
  const rows = Object.entries(OPTIONS).map(([name, spec]) => {
    const def = spec.type === "string" ? `\`"${spec.default}"\`` : `\`${spec.default}\``;
    return `| \`${name}\` | ${spec.type} | ${def} | ${cell(spec.description)} |`;
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
