/** The resource kinds the fake API server knows: discovery data and URL names. */
export interface KindInfo {
  group: string; // "" for the core group
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
}

const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

export const KINDS: readonly KindInfo[] = [
  { group: "", version: "v1", kind: "Namespace", plural: "namespaces", singular: "namespace", namespaced: false, shortNames: ["ns"] },
  { group: "", version: "v1", kind: "Node", plural: "nodes", singular: "node", namespaced: false, shortNames: ["no"] },
  { group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", singular: "serviceaccount", namespaced: true, shortNames: ["sa"] },
  { group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", singular: "configmap", namespaced: true, shortNames: ["cm"] },
  { group: "", version: "v1", kind: "Secret", plural: "secrets", singular: "secret", namespaced: true },
  { group: "", version: "v1", kind: "Service", plural: "services", singular: "service", namespaced: true, shortNames: ["svc"] },
  { group: "", version: "v1", kind: "PersistentVolume", plural: "persistentvolumes", singular: "persistentvolume", namespaced: false, shortNames: ["pv"] },
  { group: "", version: "v1", kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims", singular: "persistentvolumeclaim", namespaced: true, shortNames: ["pvc"] },
  { group: "apps", version: "v1", kind: "Deployment", plural: "deployments", singular: "deployment", namespaced: true, shortNames: ["deploy"] },
  { group: "apps", version: "v1", kind: "DaemonSet", plural: "daemonsets", singular: "daemonset", namespaced: true, shortNames: ["ds"] },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles", singular: "clusterrole", namespaced: false },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding", plural: "clusterrolebindings", singular: "clusterrolebinding", namespaced: false },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", singular: "role", namespaced: true },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings", singular: "rolebinding", namespaced: true },
  { group: "storage.k8s.io", version: "v1", kind: "StorageClass", plural: "storageclasses", singular: "storageclass", namespaced: false, shortNames: ["sc"] },
  { group: "storage.k8s.io", version: "v1", kind: "CSIDriver", plural: "csidrivers", singular: "csidriver", namespaced: false },
];

export function groupVersion(k: KindInfo): string {
  return k.group === "" ? k.version : `${k.group}/${k.version}`;
}

export function kindByKind(kind: string): KindInfo | undefined {
  return KINDS.find((k) => k.kind === kind);
}

export function kindByPlural(group: string, version: string, plural: string): KindInfo | undefined {
  return KINDS.find((k) => k.group === group && k.version === version && k.plural === plural);
}

export function hasGroupVersion(group: string, version: string): boolean {
  return KINDS.some((k) => k.group === group && k.version === version);
}

/** `/api` */
export function coreVersions(): object {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1" }] };
}

/** `/apis` */
export function groupList(): object {
  const groups = [...new Set(KINDS.filter((k) => k.group !== "").map((k) => k.group))];
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: groups.map((name) => {
      const versions = [...new Set(KINDS.filter((k) => k.group === name).map((k) => k.version))].map((version) => ({
        groupVersion: `${name}/${version}`,
        version,
      }));
      return { name, versions, preferredVersion: versions[0] };
    }),
  };
}

/** `/apis/<group>` */
export function apiGroup(group: string): object | undefined {
  const list = groupList() as { groups: { name: string }[] };
  const g = list.groups.find((x) => x.name === group);
  return g ? { kind: "APIGroup", apiVersion: "v1", ...g } : undefined;
}

/** `/api/v1` or `/apis/<group>/<version>` */
export function resourceList(group: string, version: string): object {
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group === "" ? version : `${group}/${version}`,
    resources: KINDS.filter((k) => k.group === group && k.version === version).map((k) => ({
      name: k.plural,
      singularName: k.singular,
      namespaced: k.namespaced,
      kind: k.kind,
      verbs: VERBS,
      ...(k.shortNames ? { shortNames: k.shortNames } : {}),
    })),
  };
}
