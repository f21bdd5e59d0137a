/** Read-only views for the actions and the status: what is correct, missing, extra, conflicting, ready. */
import type { KubeObject } from "../manifests/types.ts";
import type { KubeClient } from "./client.ts";
import { matches, withHash } from "./compare.ts";
import { NEVER_DELETE, normalized } from "./kinds.ts";
import { ownerOf, readLive } from "./live.ts";
import { describe, keyOf, refOf } from "./refs.ts";

export interface Analysis {
  /** Desired, live, owned by this application and up to date. */
  correct: string[];
  /** Desired, live and owned, but different from the desired object (the next converge updates it). */
  outdated: string[];
  /** Desired and not live. */
  missing: string[];
  /** Labelled for this application and not desired (the next converge prunes it). */
  extra: string[];
  /** Desired names taken by objects of another application or without the application label. */
  conflicting: string[];
}

/** Compares desired objects with the cluster (namespace: for objects without one); throws KubeError on API failure. */
export async function analyze(client: KubeClient, desired: readonly KubeObject[], app: string, namespace = "default"): Promise<Analysis> {
  const objects = desired.filter((d) => d.kind !== "Namespace").map((d) => normalized(d, namespace));
  const live = await readLive(client, objects, app);
  const out: Analysis = { correct: [], outdated: [], missing: [], extra: [], conflicting: [] };
  for (const d of objects) {
    const current = live.byKey.get(keyOf(d));
    if (!current) out.missing.push(describe(d));
    else if (ownerOf(current, app) !== "self") out.conflicting.push(describe(d));
    else if (matches(withHash(d), current)) out.correct.push(describe(d));
    else out.outdated.push(describe(d));
  }
  const want = new Set(objects.map(keyOf));
  for (const o of live.owned) if (!want.has(keyOf(o)) && !NEVER_DELETE.has(o.kind)) out.extra.push(describe(o));
  return out;
}

function num(x: unknown): number {
  return typeof x === "number" ? x : 0;
}

/**
 * Deployments and DaemonSets among `desired` that are not available, as
 * "<Kind>/<ns>/<name> is not available: <detail>". Empty when all are. Throws KubeError.
 * `known`: live objects already read in this hook, by `Kind/[ns/]name`.
 */
export async function readiness(client: KubeClient, desired: readonly KubeObject[], known: Readonly<Record<string, KubeObject>> = {}): Promise<string[]> {
  const workloads = desired.filter((d) => d.kind === "Deployment" || d.kind === "DaemonSet");
  // Objects converge just read and left unchanged need no second read.
  const lives = await Promise.all(workloads.map((d) => known[describe(d)] ?? client.get(refOf(d))));
  const out: string[] = [];
  workloads.forEach((d, i) => {
    const live = lives[i];
    const name = describe(d);
    if (!live) {
      out.push(`${name} is not available: not found`);
      return;
    }
    const status = (live["status"] ?? {}) as Record<string, unknown>;
    const generation = num(live.metadata["generation"]);
    if (generation > 0 && num(status["observedGeneration"]) < generation) {
      out.push(`${name} is not available: update not yet observed`);
      return;
    }
    if (d.kind === "Deployment") {
      const spec = (live["spec"] ?? {}) as Record<string, unknown>;
      const want = typeof spec["replicas"] === "number" ? spec["replicas"] : 1;
      const have = num(status["availableReplicas"]);
      if (have < want) out.push(`${name} is not available: ${have}/${want} replicas available`);
    } else {
      const want = num(status["desiredNumberScheduled"]);
      const have = num(status["numberAvailable"]);
      if (have < want) out.push(`${name} is not available: ${have}/${want} pods available`);
    }
  });
  return out;
}
