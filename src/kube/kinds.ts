/** The kinds the charm manages: their scope, apply order and prune rules. */
export interface ManagedKind {
  apiVersion: string;
  kind: string;
  namespaced: boolean;
}

/** Apply order by kind (the renderer already orders `desired`; prune deletes in reverse). */
export const MANAGED_KINDS: readonly ManagedKind[] = [
  { apiVersion: "v1", kind: "ServiceAccount", namespaced: true },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", namespaced: false },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", namespaced: false },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", namespaced: true },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", namespaced: true },
  { apiVersion: "v1", kind: "ConfigMap", namespaced: true },
  { apiVersion: "v1", kind: "Secret", namespaced: true },
  { apiVersion: "storage.k8s.io/v1", kind: "CSIDriver", namespaced: false },
  { apiVersion: "v1", kind: "Service", namespaced: true },
  { apiVersion: "apps/v1", kind: "Deployment", namespaced: true },
  { apiVersion: "apps/v1", kind: "DaemonSet", namespaced: true },
  { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", namespaced: false },
];

/** Kinds the charm never deletes, whatever their labels: they hold user data or other workloads. */
export const NEVER_DELETE: ReadonlySet<string> = new Set(["PersistentVolume", "PersistentVolumeClaim", "Namespace"]);

const CLUSTER_SCOPED = new Set(["Namespace", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "StorageClass", "CSIDriver", "Node"]);

export function isNamespaced(kind: string): boolean {
  return !CLUSTER_SCOPED.has(kind);
}

/** Position in the apply order (unknown kinds last, Namespace first). */
export function kindRank(kind: string): number {
  if (kind === "Namespace") return -1;
  const i = MANAGED_KINDS.findIndex((k) => k.kind === kind);
  return i < 0 ? MANAGED_KINDS.length : i;
}

/**
 * The desired object as sent: cluster-scoped kinds carry no namespace, namespaced ones always
 * one (`namespace`, "" meaning "default"), so desired and live objects have the same identity.
 */
export function normalized<T extends { kind: string; metadata: { namespace?: string } }>(o: T, namespace: string): T {
  const c = structuredClone(o);
  if (!isNamespaced(c.kind)) delete c.metadata.namespace;
  else if (!c.metadata.namespace) c.metadata.namespace = namespace || "default";
  return c;
}

/** The API group of an apiVersion ("" for core). */
export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf("/");
  return i < 0 ? "" : apiVersion.slice(0, i);
}
