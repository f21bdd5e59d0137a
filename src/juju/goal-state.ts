/** goal-state. */
import { parseToolJson } from "./json.ts";
import type { HookToolRunner } from "./runner.ts";

export interface GoalStatus {
  status: string;
  since?: string;
}

export interface GoalState {
  /** Local units of this application. */
  units: Record<string, GoalStatus>;
  /** endpoint → (remote app or remote unit) → status. */
  relations: Record<string, Record<string, GoalStatus>>;
}

export async function goalState(r: HookToolRunner): Promise<GoalState> {
  const v = parseToolJson("goal-state", await r.run("goal-state", ["--format=json"]));
  if (v === null || typeof v !== "object") throw new Error("goal-state did not return an object");
  const o = v as Partial<GoalState>;
  return { units: o.units ?? {}, relations: o.relations ?? {} };
}
