/** state-get, state-set, state-delete: the unit's stored state (committed when the hook succeeds). */
import { asStringMap, parseToolJson } from "./json.ts";
import type { HookToolRunner } from "./runner.ts";

/** All stored keys; Juju prints `null` when there are none. */
export async function stateGet(r: HookToolRunner): Promise<Record<string, string>> {
  return asStringMap("state-get", parseToolJson("state-get", await r.run("state-get", ["--format=json"])));
}

/** Stores keys; values go through stdin, never on argv. */
export async function stateSet(r: HookToolRunner, data: Record<string, string>): Promise<void> {
  if (Object.keys(data).length === 0) return;
  await r.run("state-set", ["--file", "-"], { stdin: JSON.stringify(data) });
}

export async function stateDelete(r: HookToolRunner, key: string): Promise<void> {
  await r.run("state-delete", [key]);
}
