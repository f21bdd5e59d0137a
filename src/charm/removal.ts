/**
 * Removing the application's CSI: only when the application really goes (its last unit stops,
 * or its Ceph source relation is broken for good), never when one unit of several leaves. What
 * cannot be removed is named in a WARNING with the command that finishes the job.
 */
import { message, problem } from "../status/problem.ts";
import type { Draft } from "./draft.ts";
import { isSourceBroken, isUnitStopping, mayRemoveApplication } from "./events.ts";
import { cleanupCommand, purge } from "./kube-step.ts";
import { KEYS } from "./stored.ts";

export type Removal = "none" | "unit" | "application" | "pending";

/** Does this hook remove the whole application's CSI? goal-state tells who stays. */
export function removalKind(d: Draft): Removal {
  const { event } = d.obs;
  if (!mayRemoveApplication(event)) return "none";
  const goal = d.obs.answers.goalState;
  if (goal === undefined) {
    d.need({ kind: "goal-state" });
    return "pending";
  }
  const dying = (u: string) => goal.units[u]?.status === "dying";
  const othersStay = Object.keys(goal.units).some((u) => u !== event.unitName && !dying(u));
  const meDying = isUnitStopping(event) || dying(event.unitName);
  if (meDying && othersStay) return "unit";
  if (isSourceBroken(event) || isUnitStopping(event)) return "application";
  return "none";
}

/**
 * The leader removes everything the application applied. "pending" while steps run; on
 * failure the problem and a WARNING, and a retry on the next periodic hook while the unit lives.
 */
export function removeApplication(d: Draft): "done" | "pending" | "failed" {
  const app = d.obs.event.appName;
  const r = purge(d, app, message("removing").text);
  if (r.state === "pending") return "pending";
  if (r.state === "done") {
    const n = d.obs.answers.kube.writes[0]?.done ?? 0;
    d.log(`Removed ${n} Kubernetes objects; pools xfs-pool and ext4-pool and the cephx user stay in Ceph`);
    d.store(KEYS.purgePending, undefined);
    return "done";
  }
  const reason = r.reason ?? "unknown error";
  const what = r.left === undefined ? `the objects labelled juju.io/application=${app}` : r.left.join(", ");
  d.log(`Removal incomplete: ${reason}. Not removed: ${what}. Remove them with: ${cleanupCommand(app)}`, "WARNING");
  d.problems.push(problem("removalIncomplete", { reason, app }));
  d.store(KEYS.purgePending, "1");
  return "failed";
}
