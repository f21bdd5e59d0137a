/**
 * The Kubernetes kinds the charm knows: one table for their API version, resource name, scope
 * and apply order. The renderer sorts by it, the Kubernetes client is seeded from it, prune
 * deletes in its reverse order.
 */
export interface KindInfo {
  readonly apiVersion: string;
  readonly kind: string;
  /** Resource name in API paths. */
  readonly plural: string;
  readonly namespaced: boolean;
  /** Served only where an add-on installed it (a CRD): its absence is not an error. */
  readonly optional?: boolean;
}

const kind = (apiVersion: string, kind: string, plural: string, namespaced: boolean, optional = false): KindInfo => ({
  apiVersion,
  kind,
  plural,
  namespaced,
  ...(optional ? { optional } : {}),
});

/** Kinds the charm renders and owns, in apply order: identities and RBAC, config, the driver, workloads, classes. */
export const MANAGED_KINDS: readonly KindInfo[] = [
  kind("v1", "ServiceAccount", "serviceaccounts", true),
  kind("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", false),
  kind("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", false),
  kind("rbac.authorization.k8s.io/v1", "Role", "roles", true),
  kind("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings", true),
  kind("v1", "ConfigMap", "configmaps", true),
  kind("v1", "Secret", "secrets", true),
  kind("storage.k8s.io/v1", "CSIDriver", "csidrivers", false),
  kind("v1", "Service", "services", true),
  kind("apps/v1", "Deployment", "deployments", true),
  kind("apps/v1", "DaemonSet", "daemonsets", true),
  kind("storage.k8s.io/v1", "StorageClass", "storageclasses", false),
  // The external-snapshotter's CRD: only on clusters that run the snapshot controller.
  kind("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", "volumesnapshotclasses", false, true),
];

/** Kinds the charm reads or creates but never owns. */
export const OTHER_KINDS: readonly KindInfo[] = [
  kind("v1", "Namespace", "namespaces", false),
  kind("v1", "PersistentVolume", "persistentvolumes", false),
  kind("v1", "PersistentVolumeClaim", "persistentvolumeclaims", true),
  kind("v1", "Event", "events", true),
];

/** Kinds the charm never deletes, whatever their labels: they hold user data or other workloads. */
export const NEVER_DELETE: ReadonlySet<string> = new Set(["PersistentVolume", "PersistentVolumeClaim", "Namespace"]);

const BY_KIND = new Map([...MANAGED_KINDS, ...OTHER_KINDS].map((k) => [k.kind, k]));

export function kindInfo(kind: string): KindInfo | undefined {
  return BY_KIND.get(kind);
}

/** Unknown kinds count as namespaced (most kinds are). */
export function isNamespaced(kind: string): boolean {
  return BY_KIND.get(kind)?.namespaced ?? true;
}

/** Position in the apply order: Namespace first, unknown kinds last. */
export function kindRank(kind: string): number {
  if (kind === "Namespace") return -1;
  const i = MANAGED_KINDS.findIndex((k) => k.kind === kind);
  return i < 0 ? MANAGED_KINDS.length : i;
}

/** The API group of an apiVersion ("" for core). */
export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf("/");
  return i < 0 ? "" : apiVersion.slice(0, i);
}
