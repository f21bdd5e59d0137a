/** Are the Deployments and DaemonSets the charm applied available? Pure, over live objects. */
import type { KubeObject } from "../manifests/types.ts";
import { type Problem, problem } from "../status/problem.ts";
import { describe } from "./refs.ts";

function num(x: unknown): number {
  return typeof x === "number" ? x : 0;
}

export function isWorkload(o: KubeObject): boolean {
  return o.kind === "Deployment" || o.kind === "DaemonSet";
}

/** One waiting problem per workload that is not available; `live[i]` is the live form of `workloads[i]`. */
export function readiness(workloads: readonly KubeObject[], live: readonly (KubeObject | undefined)[]): Problem[] {
  const out: Problem[] = [];
  for (const [i, d] of workloads.entries()) {
    const why = unavailable(d, live[i]);
    if (why !== undefined) out.push(problem("notAvailable", { workload: describe(d), detail: why }));
  }
  return out;
}

/** Why `current` (the live form of `d`) is not available, or undefined when it is. */
function unavailable(d: KubeObject, current: KubeObject | undefined): string | undefined {
  if (!current) return "not found";
  const status = (current["status"] ?? {}) as Record<string, unknown>;
  const generation = num(current.metadata["generation"]);
  if (generation > 0 && num(status["observedGeneration"]) < generation) return "update not yet observed";
  if (d.kind === "Deployment") {
    const spec = (current["spec"] ?? {}) as Record<string, unknown>;
    const want = typeof spec["replicas"] === "number" ? spec["replicas"] : 1;
    const have = num(status["availableReplicas"]);
    return have < want ? `${have}/${want} replicas available` : undefined;
  }
  const want = num(status["desiredNumberScheduled"]);
  const have = num(status["numberAvailable"]);
  return have < want ? `${have}/${want} pods available` : undefined;
}
