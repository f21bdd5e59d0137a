/**
 * JSON text exactly as Python's `json.dumps` writes it (", " and ": " separators,
 * ensure_ascii), optionally with sorted keys. charm-helpers derives the broker
 * request-id from `json.dumps(ops, sort_keys=True)`; producing the same bytes lets
 * our ids equal the ones a Python charm would send for the same ops.
 */

/** A number Python holds as a float: integral values print as "40.0". */
export interface PyFloat {
  readonly pyFloat: number;
}

export function pyFloat(value: number): PyFloat {
  return { pyFloat: value };
}

export type PyJson = string | number | boolean | null | PyFloat | PyJson[] | { [key: string]: PyJson };

function isPyFloat(v: unknown): v is PyFloat {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && "pyFloat" in v;
}

function str(s: string): string {
  // JSON.stringify escapes like Python except for non-ASCII, which Python writes as \uXXXX.
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function float(n: number): string {
  if (!Number.isFinite(n)) throw new Error("non-finite float");
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

export function pyDumps(value: PyJson, sortKeys = false): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isInteger(value)) return float(value);
    return String(value);
  }
  if (typeof value === "string") return str(value);
  if (Array.isArray(value)) return `[${value.map((v) => pyDumps(v, sortKeys)).join(", ")}]`;
  if (isPyFloat(value)) return float(value.pyFloat);
  const keys = Object.keys(value);
  if (sortKeys) keys.sort();
  return `{${keys.map((k) => `${str(k)}: ${pyDumps(value[k] as PyJson, sortKeys)}`).join(", ")}}`;
}

/** Plain JSON value of a PyJson (floats become numbers). */
export function toPlain(value: PyJson): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === "object") {
    if (isPyFloat(value)) return value.pyFloat;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}
