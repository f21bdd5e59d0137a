/**
 * Collisions: desired objects whose names another application (or nobody's label) already holds.
 * The charm then writes nothing at all: half a deployment beside another application's would
 * fight it for the driver's socket and host paths. What the operator reads: who holds what, and
 * which option gives this application names of its own. Pure.
 */
import { isNamespaced } from "../manifests/kinds.ts";
import { type KubeObject, LABEL_MANIFEST } from "../manifests/types.ts";
import { type Problem, problem } from "../status/problem.ts";

export interface Collision {
  /** `Kind/[ns/]name` */
  object: string;
  /** The other application's name, or "" when the object has no `juju.io/application` label. */
  owner: string;
  /** The config option that renames the desired object. */
  option: string;
}

/** The option that names a desired object (namespaced objects: the namespace). */
export function namingOption(o: KubeObject): string {
  if (isNamespaced(o.kind) || o.kind === "Namespace") return "namespace";
  const manifest = o.metadata.labels?.[LABEL_MANIFEST];
  switch (o.kind) {
    case "CSIDriver":
      return "csidriver-name-formatter";
    case "StorageClass": {
      if (manifest === "cephfs") return "cephfs-storage-class-name-formatter";
      const fsType = (o["parameters"] as Record<string, string> | undefined)?.["csi.storage.k8s.io/fstype"];
      return fsType === "ext4" ? "ceph-ext4-storage-class-name-formatter" : "ceph-xfs-storage-class-name-formatter";
    }
    case "VolumeSnapshotClass":
      return manifest === "cephfs" ? "cephfs-snapshot-class-name-formatter" : "rbd-snapshot-class-name-formatter";
    default:
      return "ceph-rbac-name-formatter";
  }
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

/** The blocked status for `collisions` (at least one). */
export function collisionProblem(collisions: readonly Collision[]): Problem {
  const holders = unique(collisions.map((c) => (c.owner ? `application '${c.owner}'` : "objects without juju.io/application")));
  return problem("collisions", {
    count: collisions.length,
    holders: holders.join(" and "),
    options: unique(collisions.map((c) => c.option)).join(", "),
  });
}

/** One log line per collision: what, whose, and the option that renames it. */
export function collisionLine(c: Collision): string {
  const whose = c.owner ? `for application '${c.owner}'` : "without juju.io/application label";
  return `Kubernetes: collision: ${c.object} exists ${whose}; nothing written (set ${c.option} to give this application its own)`;
}
