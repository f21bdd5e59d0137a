/** Parses a hook tool's `--format=json` stdout (Go's json plus a trailing newline). */
export function parseToolJson(tool: string, stdout: string): unknown {
  const text = stdout.trim();
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${tool} printed output that is not JSON`);
  }
}

/** A JSON object of strings (`null` counts as empty), as relation and state bags are. */
export function asStringMap(tool: string, value: unknown): Record<string, string> {
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new Error(`${tool} did not return an object`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) out[k] = typeof v === "string" ? v : String(v);
  return out;
}

export function asStringList(tool: string, value: unknown): string[] {
  if (value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw new Error(`${tool} did not return a list of strings`);
  }
  return value as string[];
}
