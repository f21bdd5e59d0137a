/**
 * The Kubernetes part of a hook, in rounds: read what is live, ask the server what it would store
 * where the charm has no record of its answer (dry-run), plan, write, and read the workloads again
 * for their readiness. The server refusing an in-place update of an immutable field makes the
 * next round re-create that object. Purge is the same with nothing desired.
 */
import { answerPrint, parseView, serializeView } from "../converge/answered.ts";
import { collisionLine } from "../converge/collisions.ts";
import { type LiveState, liveState, readRequest, selectorFor } from "../converge/live.ts";
import { normalized } from "../converge/normalize.ts";
import { withHash } from "../converge/compare.ts";
import type { DryRunAnswer, KubeFailure, KubeOp } from "../converge/ops.ts";
import { type DryRunResult, describeOps, desiredAsSent, isImmutableFailure, planConverge, planPurge } from "../converge/plan.ts";
import { hasPreviousOwners, withTakeover } from "../converge/takeover.ts";
import { isWorkload, readiness } from "../converge/readiness.ts";
import { describe, keyOf, refOf } from "../converge/refs.ts";
import { MANAGED_KINDS } from "../manifests/kinds.ts";
import type { KubeObject } from "../manifests/types.ts";
import { problem } from "../status/problem.ts";
import type { Draft } from "./draft.ts";
import { KEYS } from "./stored.ts";

export type Outcome = "done" | "pending" | "failed";

/** At most this many write rounds per hook (a refusal costs one more). */
const MAX_ROUNDS = 3;

export interface ConvergeOptions {
  app: string;
  namespace: string;
  createNamespace: boolean;
  /** Shown while the first write runs (e.g. "Deploying CephCSI"). */
  announce?: string;
}

function apiFailure(d: Draft, failure: KubeFailure): "failed" {
  d.problems.push(problem("kubeApi", { reason: failure.message }));
  return "failed";
}

function logDone(d: Draft, ops: readonly KubeOp[]): void {
  // One log line per hook that changed something (juju-log calls are hook-tool calls too).
  if (ops.length > 0) d.log(`Kubernetes: ${describeOps(ops).join("; ")}`);
}

export interface ConvergeResult {
  state: Outcome;
  /** This application's objects stand in the cluster (found, or written by this hook). */
  deployed: boolean;
}

/** What a dry-run answered, as the planner takes it. */
function dryRunResult(r: DryRunAnswer["results"][number] | undefined): DryRunResult {
  if (r === undefined) return { failed: "no answer" };
  if ("object" in r) return { object: r.object };
  return isImmutableFailure(r.failure) ? { refused: r.failure.message } : { failed: r.failure.message };
}

/**
 * The server's next dry-run answer, for the objects `ask`, added to `dryRuns` ("answered"); asked
 * for when it has not come yet ("pending"); the failure when the dry-run step failed.
 * `cursor.used` counts the answers taken so far in this hook.
 */
export function takeDryRuns(d: Draft, ask: readonly KubeObject[], cursor: { used: number }, dryRuns: Map<string, DryRunResult>): "answered" | "pending" | KubeFailure {
  const answer = d.obs.answers.kube.dryRuns[cursor.used];
  if (answer === undefined) {
    d.need({ kind: "kube-dryrun", objects: [...ask] });
    return "pending";
  }
  cursor.used++;
  if (!answer.ok) return answer.failure;
  for (const [i, x] of ask.entries()) dryRuns.set(keyOf(x), dryRunResult(answer.value.results[i]));
  return "answered";
}

/**
 * Converge the cluster to `desired`; "done" when written and read back (problems may remain).
 * Whether an object needs a write is judged from the server's answers (converge/answered.ts):
 * their fingerprints are kept in the unit's state; without one the server is asked (dry-run).
 */
export function converge(d: Draft, desired: readonly KubeObject[], o: ConvergeOptions): ConvergeResult {
  const k = d.obs.answers.kube;
  if (k.unconfigured) {
    d.problems.push(problem("kubeconfig"));
    return { state: "failed", deployed: false };
  }
  const recreate = new Map<string, string>();
  const dryRuns = new Map<string, DryRunResult>();
  const view = parseView(d.stored(KEYS.serverView));
  const written: Record<string, string> = {};
  const done: KubeOp[] = [];
  const dryCursor = { used: 0 };
  let deployed = false;
  const wanted = new Set(desired.map((x) => keyOf(normalized(x, o.namespace))));
  const keep = (standing: Record<string, string>): void => {
    const next: Record<string, string> = {};
    for (const [key, print] of Object.entries({ ...standing, ...written })) if (wanted.has(key)) next[key] = print;
    d.store(KEYS.serverView, serializeView(next));
  };
  for (let round = 0; ; round++) {
    const read = k.reads[round];
    if (read === undefined) {
      d.need({ kind: "kube-read", request: readRequest(o.app, desired, o.namespace || "default") });
      return { state: "pending", deployed };
    }
    if (!read.ok) {
      logDone(d, done);
      return { state: apiFailure(d, read.failure), deployed };
    }
    const live = liveState(read.value);
    deployed ||= live.owned.some((x) => wanted.has(keyOf(x)));
    const usable = servedOnly(d, desired, live.absent);
    // What this hook wrote stands as the server answered it.
    const input = { app: o.app, desired: usable, live, namespace: o.namespace, createNamespace: o.createNamespace, recreate, view: { ...view, ...written }, dryRuns };
    let planned = planConverge(input);
    while (planned.ask.length > 0) {
      const taken = takeDryRuns(d, planned.ask, dryCursor, dryRuns);
      if (taken === "pending") return { state: "pending", deployed };
      if (taken !== "answered") {
        logDone(d, done);
        return { state: apiFailure(d, taken), deployed };
      }
      planned = planConverge(input);
    }
    // Switch from the Python charm: its field managers' fields become ours before the apply.
    const plan =
      planned.problem === undefined && hasPreviousOwners(live.owned, o.app)
        ? withTakeover({ plan: planned, live: (x) => live.byKey.get(keyOf(x)), desired: desiredAsSent(usable, o.namespace).map(withHash), app: o.app, manager: o.app })
        : planned;
    if (plan.problem !== undefined && plan.problem.id !== "collisions") {
      d.problems.push(plan.problem);
      // A deployment that stands elsewhere is not this config's: its names are not to be fixed from it.
      const moved = plan.problem.id === "namespaceFrozen" || plan.problem.id === "drivernameFrozen";
      return { state: "failed", deployed: deployed && !moved };
    }
    for (const c of plan.collisions) d.log(collisionLine(c), "WARNING");
    const write = k.writes[round];
    if (plan.ops.length > 0 && write === undefined) {
      d.need({ kind: "kube-write", ops: plan.ops }, o.announce);
      return { state: "pending", deployed };
    }
    if (write !== undefined) {
      const refused = new Map((write.refused ?? []).map((r) => [r.index, r.message]));
      plan.ops.slice(0, write.done).forEach((op, i) => {
        if (refused.has(i)) return;
        done.push(op);
        if (op.op === "apply" || op.op === "recreate" || op.op === "adopt") {
          const result = write.results[i];
          if (op.object.kind === "Namespace") return;
          if (result !== undefined) written[keyOf(op.object)] = answerPrint(op.object, result);
          deployed = true;
        }
      });
      if (write.failure !== undefined) {
        logDone(d, done);
        keep(plan.view);
        d.log(`Kubernetes: stopped: ${write.failure.message}`, "WARNING");
        return { state: apiFailure(d, write.failure), deployed };
      }
      if (refused.size > 0) {
        const ops = plan.ops.filter((_, i) => refused.has(i));
        plan.ops.forEach((op, i) => {
          const why = refused.get(i);
          if (why !== undefined && op.op === "apply") recreate.set(keyOf(op.object), why);
        });
        keep(plan.view);
        if (round + 1 < MAX_ROUNDS) continue;
        logDone(d, done);
        const names = ops.flatMap((op) => (op.op === "apply" ? [describe(op.object)] : []));
        return { state: apiFailure(d, { message: `the API server refused to update ${names.join(", ")} in place` }), deployed };
      }
    }
    logDone(d, done);
    if (plan.problem !== undefined) {
      d.problems.push(plan.problem);
      return { state: "done", deployed };
    }
    keep(plan.view);
    return { state: ready(d, desired, o.namespace, plan.current), deployed };
  }
}

/**
 * The desired objects of kinds the cluster serves. The VolumeSnapshotClasses need the
 * snapshot.storage.k8s.io/v1 API (the external-snapshotter's CRDs): without it they wait, and
 * the log says so once; when it appears they are created and the log says that too.
 */
function servedOnly(d: Draft, desired: readonly KubeObject[], absent: ReadonlySet<string>): readonly KubeObject[] {
  const wantsSnapshots = desired.some((o) => o.kind === "VolumeSnapshotClass");
  const missing = absent.has("VolumeSnapshotClass");
  if (wantsSnapshots && missing && d.stored(KEYS.snapshotApi) !== "absent") {
    d.log("The cluster has no snapshot.storage.k8s.io/v1 API (the external-snapshotter's CRDs and controller): no VolumeSnapshotClass is created until it appears");
    d.store(KEYS.snapshotApi, "absent");
  } else if (!missing && d.stored(KEYS.snapshotApi) !== undefined) {
    if (wantsSnapshots) d.log("The cluster serves snapshot.storage.k8s.io/v1 now: creating the VolumeSnapshotClasses");
    d.store(KEYS.snapshotApi, undefined);
  }
  return absent.size === 0 ? desired : desired.filter((o) => !absent.has(o.kind));
}

/** Readiness of the workloads: live objects the read left unchanged are known; the others are read again. */
function ready(d: Draft, desired: readonly KubeObject[], namespace: string, current: Readonly<Record<string, KubeObject>>): Outcome {
  const workloads = desired.filter(isWorkload).map((w) => normalized(w, namespace));
  const unknown = workloads.filter((w) => current[describe(w)] === undefined);
  let fetched: (KubeObject | undefined)[] = [];
  if (unknown.length > 0) {
    const got = d.obs.answers.kube.gets[0];
    if (got === undefined) {
      d.need({ kind: "kube-get", refs: unknown.map(refOf) });
      return "pending";
    }
    if (!got.ok) return apiFailure(d, got.failure);
    fetched = got.value.objects;
  }
  const byName = new Map(unknown.map((w, i) => [describe(w), fetched[i]]));
  d.problems.push(...readiness(workloads, workloads.map((w) => current[describe(w)] ?? byName.get(describe(w)))));
  return "done";
}

/**
 * The command that removes by hand what the charm could not. Kinds only some clusters serve get
 * a command of their own (kubectl refuses a list with a kind the server does not know).
 */
export function cleanupCommand(app: string): string {
  const kinds = [...MANAGED_KINDS].reverse();
  const main = `kubectl delete -A -l ${selectorFor(app)} ${kinds.filter((k) => !k.optional).map((k) => k.kind.toLowerCase()).join(",")}`;
  const optional = kinds.filter((k) => k.optional).map((k) => `kubectl delete -l ${selectorFor(app)} ${k.kind.toLowerCase()}`);
  return optional.length === 0 ? main : `${main}; where the snapshot API is served: ${optional.join("; ")}`;
}

export interface PurgeOutcome {
  state: Outcome;
  /** Why it stopped, when it failed. */
  reason?: string;
  /** What was left, when known. */
  left?: string[];
}

/** Delete everything labelled for the application (never PVs, PVCs or Namespaces). */
export function purge(d: Draft, app: string, announce?: string): PurgeOutcome {
  const k = d.obs.answers.kube;
  if (k.unconfigured) return { state: "failed", reason: "no kubeconfig" };
  const read = k.reads[0];
  if (read === undefined) {
    d.need({ kind: "kube-read", request: readRequest(app, []) }, announce);
    return { state: "pending" };
  }
  if (!read.ok) return { state: "failed", reason: read.failure.message };
  const live: LiveState = liveState(read.value);
  const ops = planPurge(live);
  const write = k.writes[0];
  if (ops.length > 0 && write === undefined) {
    d.need({ kind: "kube-write", ops }, announce);
    return { state: "pending" };
  }
  const done = write?.done ?? 0;
  logDone(d, ops.slice(0, done));
  if (write?.failure !== undefined) {
    return { state: "failed", reason: write.failure.message, left: describeOps(ops.slice(done)).map((l) => l.replace(/^deleted /, "")) };
  }
  return { state: "done" };
}
