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
  workloads.forEach((d, i) => {
    const current = live[i];
    const workload = describe(d);
    const not = (detail: string) => out.push(problem("notAvailable", { workload, detail }));
    if (!current) return not("not found");
    const status = (current["status"] ?? {}) as Record<string, unknown>;
    const generation = num(current.metadata["generation"]);
    if (generation > 0 && num(status["observedGeneration"]) < generation) return not("update not yet observed");
    if (d.kind === "Deployment") {
      const spec = (current["spec"] ?? {}) as Record<string, unknown>;
      const want = typeof spec["replicas"] === "number" ? spec["replicas"] : 1;
      const have = num(status["availableReplicas"]);
      if (have < want) not(`${have}/${want} replicas available`);
    } else {
      const want = num(status["desiredNumberScheduled"]);
      const have = num(status["numberAvailable"]);
      if (have < want) not(`${have}/${want} pods available`);
    }
  });
  return out;
}
