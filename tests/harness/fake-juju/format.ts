/** juju/cmd output formatters: json (byte-exact, like Go's encoding/json), yaml, smart. */
import { stringify as yamlStringify } from "yaml";
import { type ParsedArgs, UsageError } from "./flags.ts";

export type Format = "smart" | "yaml" | "json";

const ORDERED = Symbol("ordered");

/** Marks an object as a Go struct: its keys keep their order (maps are sorted, like Go). */
export function struct<T extends object>(o: T): T {
  Object.defineProperty(o, ORDERED, { value: true, enumerable: false });
  return o;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string | symbol, unknown>;
  const keys = Object.keys(o);
  if (!o[ORDERED]) keys.sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = sortKeys(o[k]);
  return out;
}

/** Go's json.Marshal of the value (HTML-safe escapes, sorted map keys) plus juju/cmd's newline. */
export function goJson(v: unknown): string {
  const text = JSON.stringify(sortKeys(v === undefined ? null : v))
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
  return `${text}\n`;
}

function yamlOut(v: unknown): string {
  if (v === null || v === undefined) return "";
  const text = yamlStringify(sortKeys(v)).replace(/\n+$/, "");
  return `${text}\n`;
}

function smartOut(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v === "" ? "" : `${v}\n`;
  if (typeof v === "boolean") return v ? "True\n" : "False\n";
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v.length === 0 ? "" : `${v.join("\n")}\n`;
  return yamlOut(v);
}

export function render(v: unknown, format: Format): string {
  if (format === "json") return goJson(v);
  if (format === "yaml") return yamlOut(v);
  return smartOut(v);
}

/** Reads `--format`; `allowed` lists the formats the tool offers (first = default). */
export function formatOf(p: ParsedArgs, allowed: readonly Format[] = ["smart", "yaml", "json"]): Format {
  const f = p.flags.get("format");
  if (f === undefined) return allowed[0]!;
  const v = String(f.value);
  if (!(allowed as readonly string[]).includes(v)) {
    throw new UsageError(`invalid value "${v}" for option ${f.form}: unknown format "${v}"`);
  }
  return v as Format;
}

export const FORMAT_FLAG = { long: "format", kind: "value" } as const;
