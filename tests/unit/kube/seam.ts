/**
 * One converge round through the Kubernetes seam, the way the executor runs it: read what
 * readRequest asks for, plan purely, ask the server (dry-run apply) what no record tells, perform
 * the planned writes. (The rounds, the readiness reads and the status are
 * src/charm/kube-step.ts, tested through whole hooks.)
 */
import assert from "node:assert/strict";
import { liveState, readRequest } from "../../../src/converge/live.ts";
import { answerPrint, type ServerView } from "../../../src/converge/answered.ts";
import type { KubeFailure, WriteAnswer } from "../../../src/converge/ops.ts";
import { type ConvergeInput, type ConvergePlan, type DryRunResult, isImmutableFailure, planConverge } from "../../../src/converge/plan.ts";
import { keyOf } from "../../../src/converge/refs.ts";
import { performDryRun } from "../../../src/kube/perform.ts";
import { connect, type KubeClient, performRead, performWrites } from "../../../src/kube/index.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";
import type { FakeKube } from "../../harness/fake-kube/index.ts";
import { APP, NS } from "./fixtures.ts";

export function clientOf(fk: FakeKube, timeoutMs?: number): KubeClient {
  const r = connect({ env: { KUBECONFIG: fk.kubeconfigPath }, ...(timeoutMs ? { timeoutMs } : {}) });
  assert.ok(r, "a client for the fake API");
  return r.client;
}

export interface RoundOptions {
  namespace?: string;
  createNamespace?: boolean;
  recreate?: ReadonlyMap<string, string>;
  /** The record of the server's answers (none: every object that stands is asked with a dry-run). */
  view?: ServerView;
}

/** `view`: the record after the round (the answers that stand, and the writes' answers). `dryRuns`: objects asked. */
export type Round = { read: KubeFailure } | { plan: ConvergePlan; write: WriteAnswer; view: ServerView; dryRuns: number };

/** Plans, and when the planner asks, runs the dry-run it asks for and plans again. `dryRuns`: objects asked. */
export async function planAsked(client: KubeClient, input: ConvergeInput): Promise<{ plan: ConvergePlan; dryRuns: number }> {
  const answers = new Map<string, DryRunResult>(input.dryRuns ?? []);
  let plan = planConverge({ ...input, dryRuns: answers });
  const dryRuns = plan.ask.length;
  if (plan.ask.length > 0) {
    const answer = await performDryRun(client, plan.ask, input.app);
    assert.ok(answer.ok, answer.ok ? "" : answer.failure.message);
    for (const [i, x] of plan.ask.entries()) {
      const r = answer.value.results[i];
      answers.set(keyOf(x), r && "object" in r ? { object: r.object } : r && isImmutableFailure(r.failure) ? { refused: r.failure.message } : { failed: "?" });
    }
    plan = planConverge({ ...input, dryRuns: answers });
  }
  return { plan, dryRuns };
}

/** Read, plan, write once. */
export async function round(client: KubeClient, desired: readonly KubeObject[], o: RoundOptions = {}): Promise<Round> {
  const namespace = o.namespace ?? NS;
  const read = await performRead(client, readRequest(APP, desired, namespace || "default"));
  if (!read.ok) return { read: read.failure };
  const input: ConvergeInput = {
    app: APP,
    desired,
    live: liveState(read.value),
    namespace,
    createNamespace: o.createNamespace ?? false,
    view: o.view ?? {},
    ...(o.recreate ? { recreate: o.recreate } : {}),
  };
  const { plan, dryRuns } = await planAsked(client, input);
  const write = plan.problem !== undefined ? { done: 0, results: {} } : await performWrites(client, plan.ops, APP);
  const view: Record<string, string> = { ...plan.view };
  plan.ops.slice(0, write.done).forEach((op, i) => {
    const result = write.results[i];
    if ((op.op === "apply" || op.op === "recreate" || op.op === "adopt") && result !== undefined && op.object.kind !== "Namespace") view[keyOf(op.object)] = answerPrint(op.object, result);
  });
  return { plan, write, view, dryRuns };
}

/** A round that must read and write without an API failure. */
export type Converged = Extract<Round, { plan: unknown }>;

export async function converged(client: KubeClient, desired: readonly KubeObject[], o: RoundOptions = {}): Promise<Converged> {
  const r = await round(client, desired, o);
  if ("read" in r) assert.fail(`read failed: ${r.read.message}`);
  assert.equal(r.write.failure, undefined, r.write.failure?.message);
  assert.equal(r.write.done, r.plan.ops.length);
  return r;
}
