/** config-get. */
import { parseToolJson } from "./json.ts";
import type { HookToolRunner } from "./runner.ts";

/** Every option that is set or has a default (Juju's types: string, number, boolean). */
export async function configGet(r: HookToolRunner): Promise<Record<string, unknown>> {
  const v = parseToolJson("config-get", await r.run("config-get", ["--format=json"]));
  if (v === null) return {};
  if (typeof v !== "object" || Array.isArray(v)) throw new Error("config-get did not return an object");
  return v as Record<string, unknown>;
}
