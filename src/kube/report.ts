/** What converge and purge did, for logs, status and tests. */
import type { KubeObject, Problem } from "../manifests/types.ts";

export interface Collision {
  /** `Kind/[ns/]name` */
  object: string;
  /** The other application's name, or "" when the object has no `juju.io/application` label. */
  owner: string;
}

export interface ConvergeReport {
  created: string[];
  updated: string[];
  /** Deleted and created again because an immutable field changed. */
  recreated: string[];
  /** Pruned: labelled for this application and no longer desired. */
  deleted: string[];
  unchanged: string[];
  collisions: Collision[];
  /** The live objects converge read and left as they were, by `Kind/[ns/]name` (saves re-reading them). */
  current: Record<string, KubeObject>;
  /** Set when converge stopped early (waiting) or found collisions or a missing namespace (blocked). */
  problem?: Problem;
}

export function emptyReport(): ConvergeReport {
  return { created: [], updated: [], recreated: [], deleted: [], unchanged: [], collisions: [], current: {} };
}

export function counts(r: ConvergeReport): Record<"created" | "updated" | "recreated" | "deleted" | "unchanged" | "collisions", number> {
  return {
    created: r.created.length,
    updated: r.updated.length,
    recreated: r.recreated.length,
    deleted: r.deleted.length,
    unchanged: r.unchanged.length,
    collisions: r.collisions.length,
  };
}

/** "created 3, updated 1, unchanged 20" (zero counts left out). */
export function summary(r: ConvergeReport): string {
  const parts = Object.entries(counts(r))
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`);
  return parts.length === 0 ? "nothing to do" : parts.join(", ");
}

export function collisionProblem(n: number): Problem {
  return { status: "blocked", message: `${n} Kubernetes resource collisions (action: list-resources)` };
}

export function missingNamespaceProblem(ns: string): Problem {
  return { status: "blocked", message: `Missing namespace '${ns}'` };
}
