/**
 * One converge round through the Kubernetes seam, the way the executor runs it: read what
 * readRequest asks for, plan purely, perform the planned writes. (The rounds, the readiness reads
 * and the status are src/charm/kube-step.ts, tested through whole hooks.)
 */
import assert from "node:assert/strict";
import { liveState, readRequest } from "../../../src/converge/live.ts";
import type { KubeFailure, WriteAnswer } from "../../../src/converge/ops.ts";
import { type ConvergePlan, planConverge } from "../../../src/converge/plan.ts";
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
  recreate?: ReadonlySet<string>;
}

export type Round = { read: KubeFailure } | { plan: ConvergePlan; write: WriteAnswer };

/** Read, plan, write once. */
export async function round(client: KubeClient, desired: readonly KubeObject[], o: RoundOptions = {}): Promise<Round> {
  const namespace = o.namespace ?? NS;
  const read = await performRead(client, readRequest(APP, desired, namespace || "default"));
  if (!read.ok) return { read: read.failure };
  const plan = planConverge({
    app: APP,
    desired,
    live: liveState(read.value),
    namespace,
    createNamespace: o.createNamespace ?? false,
    ...(o.recreate ? { recreate: o.recreate } : {}),
  });
  const write = plan.problem?.id === "missingNamespace" ? { done: 0, results: {} } : await performWrites(client, plan.ops, APP);
  return { plan, write };
}

/** A round that must read and write without an API failure. */
export async function converged(client: KubeClient, desired: readonly KubeObject[], o: RoundOptions = {}): Promise<{ plan: ConvergePlan; write: WriteAnswer }> {
  const r = await round(client, desired, o);
  if ("read" in r) assert.fail(`read failed: ${r.read.message}`);
  assert.equal(r.write.failure, undefined, r.write.failure?.message);
  assert.equal(r.write.done, r.plan.ops.length);
  return r;
}
