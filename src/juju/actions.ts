/** action-get, action-set, action-fail, action-log. */
import { parseToolJson } from "./json.ts";
import type { HookToolRunner } from "./runner.ts";

export async function actionGet(r: HookToolRunner): Promise<Record<string, unknown>> {
  const v = parseToolJson("action-get", await r.run("action-get", ["--format=json"]));
  if (v === null) return {};
  if (typeof v !== "object" || Array.isArray(v)) throw new Error("action-get did not return an object");
  return v as Record<string, unknown>;
}

/** A result value: a scalar, or a nested record (sent as dotted keys). */
export type ActionResult = { [key: string]: string | number | boolean | ActionResult };

/** Flattens a nested result into Juju's `a.b.c=value` arguments. */
export function flattenResults(results: ActionResult, prefix = ""): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(results)) {
    const key = prefix === "" ? k : `${prefix}.${k}`;
    if (typeof v === "object") out.push(...flattenResults(v, key));
    else out.push(`${key}=${String(v)}`);
  }
  return out;
}

export async function actionSet(r: HookToolRunner, results: ActionResult): Promise<void> {
  const args = flattenResults(results);
  if (args.length > 0) await r.run("action-set", args);
}

/** Marks the action failed (the process may still exit 0). */
export async function actionFail(r: HookToolRunner, message: string): Promise<void> {
  await r.run("action-fail", ["--", message]);
}

/** A progress line the operator sees while the action runs. */
export async function actionLog(r: HookToolRunner, message: string): Promise<void> {
  await r.run("action-log", ["--", message]);
}
