/** The resource kinds the fake API server knows: URL names, scope, and which optional API serves them. */
export interface KindInfo {
  group: string; // "" for the core group
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /**
   * Served only while this optional API is on (see OptionalApi). A real cluster gets
   * snapshot.storage.k8s.io from the external-snapshotter CRDs, which not every cluster has.
   */
  api?: OptionalApi;
}

/** APIs a test switches on: `snapshot` = snapshot.storage.k8s.io/v1 (VolumeSnapshot CRDs installed). */
export type OptionalApi = "snapshot";

export const SNAPSHOT_GROUP = "snapshot.storage.k8s.io";

export const KINDS: readonly KindInfo[] = [
  { group: "", version: "v1", kind: "Namespace", plural: "namespaces", singular: "namespace", namespaced: false, shortNames: ["ns"] },
  { group: "", version: "v1", kind: "Node", plural: "nodes", singular: "node", namespaced: false, shortNames: ["no"] },
  { group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", singular: "serviceaccount", namespaced: true, shortNames: ["sa"] },
  { group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", singular: "configmap", namespaced: true, shortNames: ["cm"] },
  { group: "", version: "v1", kind: "Secret", plural: "secrets", singular: "secret", namespaced: true },
  { group: "", version: "v1", kind: "Service", plural: "services", singular: "service", namespaced: true, shortNames: ["svc"], categories: ["all"] },
  { group: "", version: "v1", kind: "PersistentVolume", plural: "persistentvolumes", singular: "persistentvolume", namespaced: false, shortNames: ["pv"] },
  { group: "", version: "v1", kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims", singular: "persistentvolumeclaim", namespaced: true, shortNames: ["pvc"] },
  { group: "", version: "v1", kind: "Event", plural: "events", singular: "event", namespaced: true, shortNames: ["ev"] },
  { group: "apps", version: "v1", kind: "Deployment", plural: "deployments", singular: "deployment", namespaced: true, shortNames: ["deploy"], categories: ["all"] },
  { group: "apps", version: "v1", kind: "DaemonSet", plural: "daemonsets", singular: "daemonset", namespaced: true, shortNames: ["ds"], categories: ["all"] },
  { group: "events.k8s.io", version: "v1", kind: "Event", plural: "events", singular: "event", namespaced: true, shortNames: ["ev"] },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles", singular: "clusterrole", namespaced: false },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding", plural: "clusterrolebindings", singular: "clusterrolebinding", namespaced: false },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", singular: "role", namespaced: true },
  { group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings", singular: "rolebinding", namespaced: true },
  { group: "storage.k8s.io", version: "v1", kind: "StorageClass", plural: "storageclasses", singular: "storageclass", namespaced: false, shortNames: ["sc"] },
  { group: "storage.k8s.io", version: "v1", kind: "CSIDriver", plural: "csidrivers", singular: "csidriver", namespaced: false },
  {
    group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition", plural: "customresourcedefinitions",
    singular: "customresourcedefinition", namespaced: false, shortNames: ["crd", "crds"],
  },
  {
    group: SNAPSHOT_GROUP, version: "v1", kind: "VolumeSnapshotClass", plural: "volumesnapshotclasses", singular: "volumesnapshotclass",
    namespaced: false, shortNames: ["vsclass", "vsclasses"], api: "snapshot",
  },
  {
    group: SNAPSHOT_GROUP, version: "v1", kind: "VolumeSnapshot", plural: "volumesnapshots", singular: "volumesnapshot",
    namespaced: true, shortNames: ["vs"], api: "snapshot",
  },
  {
    group: SNAPSHOT_GROUP, version: "v1", kind: "VolumeSnapshotContent", plural: "volumesnapshotcontents", singular: "volumesnapshotcontent",
    namespaced: false, shortNames: ["vsc", "vscs"], api: "snapshot",
  },
];

/** Which kinds a server currently serves (optional APIs only while on). */
export type Served = (k: KindInfo) => boolean;

export function servedBy(apis: ReadonlySet<OptionalApi>): Served {
  return (k) => k.api === undefined || apis.has(k.api);
}

export function groupVersion(k: KindInfo): string {
  return k.group === "" ? k.version : `${k.group}/${k.version}`;
}

/** The kind named by an object's apiVersion and kind (core Event and events.k8s.io Event differ). */
export function kindOfObject(apiVersion: string | undefined, kind: string): KindInfo | undefined {
  const all = KINDS.filter((k) => k.kind === kind);
  if (apiVersion === undefined) return all[0];
  return all.find((k) => groupVersion(k) === apiVersion);
}

export function kindByPlural(group: string, version: string, plural: string): KindInfo | undefined {
  return KINDS.find((k) => k.group === group && k.version === version && k.plural === plural);
}

export function kindsOf(group: string, version: string, served: Served): KindInfo[] {
  return KINDS.filter((k) => k.group === group && k.version === version && served(k));
}

/** The REST path of a group/version, without the leading slash: `api/v1`, `apis/<group>/<version>`. */
export function gvPath(group: string, version: string): string {
  return group === "" ? `api/${version}` : `apis/${group}/${version}`;
}
