/** ServiceAccounts, ClusterRoles, Roles and their bindings for one driver. */
import type { Rbac } from "./releases/types.ts";
import type { KubeObject } from "./types.ts";

const RBAC_API = "rbac.authorization.k8s.io/v1";

/** `rename` is the ceph-rbac-name-formatter applied to an upstream ClusterRole(Binding) name. */
export function rbacObjects(rbac: Rbac, namespace: string, rename: (upstream: string) => string): KubeObject[] {
  const subjects = (list: Rbac["roleBindings"][number]["subjects"]) =>
    list.map((s) => (s.kind === "ServiceAccount" ? { ...s, namespace } : { ...s }));
  return [
    ...rbac.serviceAccounts.map((name) => ({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace } })),
    ...rbac.clusterRoles.map((r) => ({ apiVersion: RBAC_API, kind: "ClusterRole", metadata: { name: rename(r.name) }, rules: r.rules })),
    ...rbac.clusterRoleBindings.map((b) => ({
      apiVersion: RBAC_API,
      kind: "ClusterRoleBinding",
      metadata: { name: rename(b.name) },
      subjects: subjects(b.subjects),
      roleRef: b.roleRef.kind === "ClusterRole" ? { ...b.roleRef, name: rename(b.roleRef.name) } : { ...b.roleRef },
    })),
    ...rbac.roles.map((r) => ({ apiVersion: RBAC_API, kind: "Role", metadata: { name: r.name, namespace }, rules: r.rules })),
    ...rbac.roleBindings.map((b) => ({
      apiVersion: RBAC_API,
      kind: "RoleBinding",
      metadata: { name: b.name, namespace },
      subjects: subjects(b.subjects),
      roleRef: { ...b.roleRef },
    })),
  ];
}
