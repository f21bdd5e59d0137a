/**
 * The broker request as Python sees it: `json.loads` keeps `40.0` a float (JS would make it 40),
 * and ceph-mon puts `repr()` of the whole decoded request into its "Unexpected error" answer.
 */

/** A JSON number written with a fraction or an exponent: a Python float. */
export class PyFloat {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

export type PyValue = null | boolean | number | string | PyFloat | PyValue[] | { [k: string]: PyValue };

type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown;

/** `json.loads`: like JSON.parse, but numbers written as floats stay floats. */
export function pyLoads(text: string): PyValue {
  const reviver: Reviver = (_k, v, ctx) => (typeof v === "number" && ctx?.source !== undefined && /[.eE]/.test(ctx.source) ? new PyFloat(v) : v);
  return JSON.parse(text, reviver as (k: string, v: unknown) => unknown) as PyValue;
}

/** The number in an int or a float (undefined for anything else). */
export function pyNumber(v: PyValue | undefined): number | undefined {
  if (typeof v === "number") return v;
  return v instanceof PyFloat ? v.value : undefined;
}

/** Python's repr() of a float: shortest digits, exponent form below 1e-4 and from 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa = "", expText = "0"] = x.toExponential().split("e");
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  const sign = x < 0 ? "-" : "";
  const digits = mantissa.replace("-", "").replace(".", "");
  const point = exp + 1;
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const NON_PRINTABLE = /[\p{C}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python's repr() of a str: single quotes unless it holds ' and no ", escapes for the unprintable. */
export function pyStrRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === q || ch === "\\") out += `\\${ch}`;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch !== " " && NON_PRINTABLE.test(ch)) {
      out += c <= 0xff ? `\\x${c.toString(16).padStart(2, "0")}` : c <= 0xffff ? `\\u${c.toString(16).padStart(4, "0")}` : `\\U${c.toString(16).padStart(8, "0")}`;
    } else out += ch;
  }
  return out + q;
}

/** Python's repr() of a decoded JSON value. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return pyStrRepr(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  return `{${Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`)
    .join(", ")}}`;
}

/** Python's str() as "{}".format() uses it: a str as is, anything else as repr(). */
export function pyStr(v: unknown): string {
  return typeof v === "string" ? v : pyRepr(v);
}

/** json.dumps defaults: ", " and ": " separators, insertion order, non-ASCII as \uXXXX. */
export function pyDumps(v: unknown): string {
  const ascii = (text: string) => text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  if (Array.isArray(v)) return `[${v.map(pyDumps).join(", ")}]`;
  if (v !== null && typeof v === "object") {
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${ascii(JSON.stringify(k))}: ${pyDumps(x)}`)
      .join(", ")}}`;
  }
  return ascii(JSON.stringify(v ?? null));
}
