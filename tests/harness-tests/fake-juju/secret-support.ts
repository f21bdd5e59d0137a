/** Shared by the secret tests: a tiny charm with a `secret` option, and a shell-snippet runner. */
import type { Tiny } from "./test-charm.ts";
import { tiny } from "./test-charm.ts";

export const SECRET_OPTION = `  creds:
    type: secret
    description: a user secret with credentials
`;

/** A tiny charm (with the `creds` secret option) deployed with `units` units; secret-changed runs HOOK_SECRET_CHANGED. */
export async function secretTiny(units = 1, hooks: Record<string, string> = {}): Promise<Tiny> {
  const t = await tiny(hooks, {}, { extraOptions: SECRET_OPTION });
  await t.env.deploy(units);
  return t;
}

/** Runs `script` in an update-status hook: [exit code, stdout, stderr]. */
export async function run(t: Tiny, script: string, unit?: string): Promise<[number, string, string]> {
  const o = await t.env.runHook("update-status", { ...(unit ? { unit } : {}), env: { HOOK_UPDATE_STATUS: script } });
  return [o.exitCode, o.stdout, o.stderr];
}

/** The id part of `secret:<id>`. */
export function idOf(uri: string): string {
  return uri.slice("secret:".length);
}
