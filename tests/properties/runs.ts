/**
 * How many cases a property runs: `PROPERTY_RUNS` (or another variable named by the suite), an
 * integer ≥ 1. Anything else fails loudly: a typo must not run zero cases and pass.
 */
export function propertyRuns(variable: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[variable];
  if (raw === undefined) return fallback;
  if (!/^[0-9]+$/.test(raw.trim()) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new Error(`${variable} must be an integer ≥ 1, not ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

/** fast-check's seed from FC_SEED (an integer), to reproduce a failure. */
export function propertySeed(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env["FC_SEED"];
  if (raw === undefined) return undefined;
  if (!/^-?[0-9]+$/.test(raw.trim())) throw new Error(`FC_SEED must be an integer, not ${JSON.stringify(raw)}`);
  return Number(raw);
}

/** Every 8-character run of `secret` (what must never be shown, even in part). */
export function pieces(secret: string, n = 8): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= secret.length; i++) out.push(secret.slice(i, i + n));
  return out;
}

/** The first piece of any of `secrets` found in `text`, or undefined. */
export function leakedPiece(text: string, secrets: readonly string[]): string | undefined {
  for (const s of secrets) for (const p of pieces(s)) if (text.includes(p)) return p;
  return undefined;
}
