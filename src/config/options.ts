/**
 * The charm's configuration options: names, types and defaults.
 * `config.yaml` is generated from this table (`node scripts/gen-config.ts`); a test fails when they drift.
 */
export type OptionType = "string" | "int" | "boolean" | "secret";

export interface OptionSpec {
  type: OptionType;
  default: string | number | boolean;
  description: string;
}

/** The newest Ceph CSI release the charm carries; the default of `release`. */
export const NEWEST_RELEASE = "v3.16.0";

export const OPTIONS = {
  "default-storage": {
    type: "string",
    default: "ceph-xfs",
    description:
      "Name (or name formatter) of the charm-managed StorageClass that gets the annotation storageclass.kubernetes.io/is-default-class=true. Placeholders: {app}, {namespace}, {name} (CephFS filesystem), {pool}, {pool-id}. Empty marks no class as default. Takes effect on the next hook.",
  },
  "provisioner-replicas": {
    type: "int",
    default: 3,
    description:
      "Replicas of the csi-rbdplugin-provisioner and csi-cephfsplugin-provisioner Deployments (1 or more). Replicas above 1 use required pod anti-affinity on the node hostname, so each replica needs its own node; with 1 replica no anti-affinity is set.",
  },
  "enable-host-networking": {
    type: "boolean",
    default: false,
    description:
      "Run the provisioner Deployments on the host network (the node-plugin DaemonSets always use it).",
  },
  "csidriver-name-formatter": {
    type: "string",
    default: "{name}",
    description:
      "Name of the CSIDriver objects (and the driver name in the plugins and StorageClasses). Placeholders: {name} (rbd.csi.ceph.com or cephfs.csi.ceph.com), {app}, {namespace}. Fixed at first deployment: a later change blocks the unit.",
  },
  "cephfs-storage-class-name-formatter": {
    type: "string",
    default: "cephfs",
    description:
      "Name of the CephFS StorageClass made for each (filesystem, data pool). Placeholders: {app}, {namespace}, {name} (filesystem), {pool}, {pool-id}. Must give a distinct name per data pool when there are several.",
  },
  "cephfs-enable": {
    type: "boolean",
    default: false,
    description:
      "Deploy the CephFS driver and its StorageClasses (needs a Ceph filesystem, e.g. from ceph-fs). Turning it off removes the CephFS driver objects; existing volumes stay.",
  },
  "cephfs-mounter": {
    type: "string",
    default: "",
    description:
      "CephFS mounter for the StorageClass parameter 'mounter': 'kernel' or 'fuse'. Empty lets Ceph CSI choose. Changing it re-creates the StorageClass; existing volumes keep working.",
  },
  "cephfs-storage-class-parameters": {
    type: "string",
    default: "",
    description:
      "Space-separated StorageClass parameter edits for the CephFS classes: 'key=value' adds or replaces, 'key-' removes. Changing it re-creates the StorageClass; existing volumes keep working.",
  },
  "cephfs-tolerations": {
    type: "string",
    default: "$csi-cephfsplugin-legacy$",
    description:
      "Tolerations for the CephFS pods, space-separated 'key=value,Operator[,Effect]' (Operator Exists or Equal; Effect NoSchedule, PreferNoSchedule, NoExecute or empty). The special value $csi-cephfsplugin-legacy$ gives the csi-cephfsplugin DaemonSet a single 'operator: Exists' toleration and the provisioner none.",
  },
  "ceph-rbd-enable": {
    type: "boolean",
    default: true,
    description:
      "Deploy the RBD driver and the ceph-xfs and ceph-ext4 StorageClasses. Turning it off removes the RBD driver objects; existing volumes stay.",
  },
  "ceph-rbd-tolerations": {
    type: "string",
    default: "",
    description:
      "Tolerations for the RBD pods, same syntax as cephfs-tolerations. Empty means no tolerations.",
  },
  "ceph-xfs-storage-class-name-formatter": {
    type: "string",
    default: "ceph-xfs",
    description: "Name of the RBD StorageClass formatted with xfs. Placeholders: {app}, {namespace}.",
  },
  "ceph-xfs-storage-class-parameters": {
    type: "string",
    default: "imageFeatures=layering",
    description:
      "Space-separated parameter edits for the xfs class: 'key=value' adds or replaces, 'key-' removes. Left at its default, imageFeatures follows ceph-mon's rbd-features when ceph-mon sends them. Changing it re-creates the StorageClass; existing volumes keep working.",
  },
  "ceph-ext4-storage-class-name-formatter": {
    type: "string",
    default: "ceph-ext4",
    description: "Name of the RBD StorageClass formatted with ext4. Placeholders: {app}, {namespace}.",
  },
  "ceph-ext4-storage-class-parameters": {
    type: "string",
    default: "imageFeatures=layering",
    description:
      "Space-separated parameter edits for the ext4 class: 'key=value' adds or replaces, 'key-' removes. Left at its default, imageFeatures follows ceph-mon's rbd-features when ceph-mon sends them. Changing it re-creates the StorageClass; existing volumes keep working.",
  },
  "ceph-rbac-name-formatter": {
    type: "string",
    default: "{name}",
    description:
      "Name of the ClusterRoles and ClusterRoleBindings. Placeholders: {name} (upstream name), {app}, {namespace}. Set it when two ceph-csi applications share one cluster.",
  },
  "create-namespace": {
    type: "boolean",
    default: false,
    description:
      "Create the namespace when it does not exist. When false and the namespace is missing, the unit blocks until it exists.",
  },
  "image-registry": {
    type: "string",
    default: "",
    description:
      "Registry (and optional path) that replaces the registry part of every image, e.g. 'registry.example.com/mirror' turns quay.io/cephcsi/cephcsi:v3.16.0 into registry.example.com/mirror/cephcsi/cephcsi:v3.16.0. Empty uses the upstream registries (quay.io, registry.k8s.io).",
  },
  "metrics-port-cephfsplugin": {
    type: "int",
    default: -1,
    description:
      "Port (1024-65535) of the liveness-prometheus sidecar in the csi-cephfsplugin DaemonSet (host network). -1 removes the sidecar. Must differ from the other metrics ports.",
  },
  "metrics-port-cephfsplugin-provisioner": {
    type: "int",
    default: -1,
    description:
      "Port (1024-65535) of the liveness-prometheus sidecar in the csi-cephfsplugin-provisioner Deployment. -1 removes the sidecar. Must differ from the other metrics ports.",
  },
  "metrics-port-rbdplugin": {
    type: "int",
    default: -1,
    description:
      "Port (1024-65535) of the liveness-prometheus sidecar in the csi-rbdplugin DaemonSet (host network). -1 removes the sidecar. Must differ from the other metrics ports.",
  },
  "metrics-port-rbdplugin-provisioner": {
    type: "int",
    default: -1,
    description:
      "Port (1024-65535) of the liveness-prometheus sidecar in the csi-rbdplugin-provisioner Deployment. -1 removes the sidecar. Must differ from the other metrics ports.",
  },
  namespace: {
    type: "string",
    default: "",
    description:
      "Kubernetes namespace of every namespaced object; empty means 'default'. Fixed at first deployment: a later change blocks the unit.",
  },
  release: {
    type: "string",
    default: NEWEST_RELEASE,
    description:
      "Ceph CSI release to deploy (see the list-versions action), e.g. v3.16.0. An unknown release blocks the unit and lists the supported ones.",
  },
  "rbd-snapshot-class-name-formatter": {
    type: "string",
    default: "ceph-rbd-snapshot",
    description:
      "Name of the RBD VolumeSnapshotClass (made when the cluster has the snapshot.storage.k8s.io/v1 API). Placeholders: {app}, {namespace}, {name} (the RBD driver name).",
  },
  "cephfs-snapshot-class-name-formatter": {
    type: "string",
    default: "{name}-snapshot",
    description:
      "Name of the VolumeSnapshotClass made for each CephFS filesystem (with cephfs-enable and the snapshot API). Placeholders: {app}, {namespace}, {name} (the filesystem). Must give a distinct name per filesystem when there are several.",
  },
  "default-snapshot-class": {
    type: "string",
    default: "ceph-rbd-snapshot",
    description:
      "Name (or name formatter) of the charm-managed VolumeSnapshotClass that gets the annotation snapshot.storage.kubernetes.io/is-default-class=true (one per driver at most). Placeholders: {app}, {namespace}, {name}. Empty marks none.",
  },
  "snapshot-deletion-policy": {
    type: "string",
    default: "Delete",
    description:
      "deletionPolicy of the charm's VolumeSnapshotClasses: Delete (deleting a VolumeSnapshot deletes the Ceph snapshot) or Retain.",
  },
  "ceph-external": {
    type: "secret",
    default: "",
    description:
      "A Juju user secret (secret:<id>, granted to this application) for a Ceph cluster no Juju model manages. Keys: fsid, monitors (space- or comma-separated), user (the cephx id, with or without 'client.'), key, optional rbd-pool (one pool for both RBD classes; else xfs-pool and ext4-pool must exist) and optional cephfs (the filesystems to use). Cannot be combined with the ceph-client or ceph relations. A new revision of the secret updates the CSI Secrets in place.",
  },
  "default-reclaim-policy": {
    type: "string",
    default: "Delete",
    description:
      "reclaimPolicy of every charm StorageClass: Delete or Retain. Changing it re-creates the StorageClasses; existing volumes keep their own policy.",
  },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

type ValueOf<T extends OptionType> = T extends "int" ? number : T extends "boolean" ? boolean : string;

/** A complete, typed configuration (every option present). */
export type CharmConfig = { -readonly [K in OptionName]: ValueOf<(typeof OPTIONS)[K]["type"]> };

export function defaultConfig(): CharmConfig {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(OPTIONS)) out[name] = spec.default;
  return out as CharmConfig;
}
