/** is-leader, leader-get, leader-set. */
import { asStringMap, parseToolJson } from "./json.ts";
import type { HookToolRunner } from "./runner.ts";

export async function isLeader(r: HookToolRunner): Promise<boolean> {
  const v = parseToolJson("is-leader", await r.run("is-leader", ["--format=json"]));
  if (typeof v !== "boolean") throw new Error("is-leader did not return a boolean");
  return v;
}

export async function leaderGet(r: HookToolRunner): Promise<Record<string, string>> {
  return asStringMap("leader-get", parseToolJson("leader-get", await r.run("leader-get", ["--format=json"])));
}

/** Leader only; takes effect at once. "" or null deletes a key. Values are redacted from errors. */
export async function leaderSet(r: HookToolRunner, data: Record<string, string | null>): Promise<void> {
  const args = Object.entries(data).map(([k, v]) => `${k}=${v ?? ""}`);
  if (args.length > 0) await r.run("leader-set", args);
}
