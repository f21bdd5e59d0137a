/**
 * StorageClass parameter edits: space-separated `key=value` (add or replace) and `key-` (remove).
 */
import { err, ok, type Result } from "../result.ts";

export type ParameterEdit = { op: "set"; key: string; value: string } | { op: "remove"; key: string };

/** The edits, or the first token that is neither form. */
export function parseParameterEdits(raw: string): Result<ParameterEdit[], string> {
  const edits: ParameterEdit[] = [];
  for (const token of raw.split(/\s+/)) {
    if (token === "") continue;
    const eq = token.indexOf("=");
    if (eq > 0) edits.push({ op: "set", key: token.slice(0, eq), value: token.slice(eq + 1) });
    else if (eq < 0 && token.length > 1 && token.endsWith("-")) edits.push({ op: "remove", key: token.slice(0, -1) });
    else return err(token);
  }
  return ok(edits);
}

/** Applies edits in order; a replaced key keeps its place, a new key goes last. */
export function applyParameterEdits(base: Record<string, string>, edits: readonly ParameterEdit[]): Record<string, string> {
  const out = { ...base };
  for (const e of edits) {
    if (e.op === "set") out[e.key] = e.value;
    else delete out[e.key];
  }
  return out;
}
