/** secret-get: reading a secret this application was granted. */
import { asStringMap, parseToolJson } from "./json.ts";
import { type HookToolRunner, isHookToolError } from "./runner.ts";

/**
 * The secret's content, or Juju's error line (the secret does not exist, is not granted...).
 * `refresh` moves this unit to the newest revision (on secret-changed); otherwise the revision
 * it tracks.
 */
export async function secretGet(r: HookToolRunner, uri: string, o: { refresh?: boolean } = {}): Promise<{ ok: true; content: Record<string, string> } | { ok: false; error: string }> {
  const args = [uri, "--format=json", ...(o.refresh ? ["--refresh"] : [])];
  try {
    return { ok: true, content: asStringMap("secret-get", parseToolJson("secret-get", await r.run("secret-get", args))) };
  } catch (e) {
    if (!isHookToolError(e)) throw e;
    return { ok: false, error: e.stderr.trim().replace(/^ERROR\s+/, "") || `exit code ${e.exitCode}` };
  }
}
