/** Small hand-made desired object sets for the converge tests. */
import { type KubeObject, LABEL_APP, LABEL_MANIFEST, LABEL_MANIFEST_VERSION, type ManifestName } from "../../../src/manifests/types.ts";

export const APP = "ceph-csi";
export const NS = "default";

export function labels(manifest: ManifestName, app = APP): Record<string, string> {
  return { [LABEL_APP]: app, [LABEL_MANIFEST]: manifest, [LABEL_MANIFEST_VERSION]: `${manifest}-${manifest === "config" ? "v0" : "v3.16.0"}` };
}

export function configMap(name: string, data: Record<string, string>, app = APP): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: NS, labels: labels("config", app) }, data };
}

export function storageClass(name: string, pool: string, opts: { isDefault?: boolean; params?: Record<string, string>; app?: string } = {}): KubeObject {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: {
      name,
      labels: labels("rbd", opts.app),
      ...(opts.isDefault ? { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } } : {}),
    },
    provisioner: "rbd.csi.ceph.com",
    allowVolumeExpansion: true,
    reclaimPolicy: "Delete",
    mountOptions: ["discard"],
    parameters: { clusterID: "fsid-1", pool, imageFeatures: "layering", ...(opts.params ?? {}) },
  };
}

export function deployment(replicas: number, opts: { hostNetwork?: boolean } = {}): KubeObject {
  const sel = { app: "csi-rbdplugin-provisioner" };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "csi-rbdplugin-provisioner", namespace: NS, labels: labels("rbd") },
    spec: {
      replicas,
      selector: { matchLabels: sel },
      template: {
        metadata: { labels: sel },
        spec: {
          serviceAccountName: "rbd-csi-provisioner",
          ...(opts.hostNetwork ? { hostNetwork: true } : {}),
          ...(replicas > 1
            ? {
                affinity: {
                  podAntiAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: sel }, topologyKey: "kubernetes.io/hostname" }],
                  },
                },
              }
            : {}),
          containers: [
            { name: "csi-provisioner", image: "registry.k8s.io/sig-storage/csi-provisioner:v6.0.0", args: ["--csi-address=$(ADDRESS)"], ports: [{ containerPort: 8680, name: "http-metrics" }] },
          ],
        },
      },
    },
  };
}

export function daemonSet(): KubeObject {
  const sel = { app: "csi-rbdplugin" };
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "csi-rbdplugin", namespace: NS, labels: labels("rbd") },
    spec: {
      selector: { matchLabels: sel },
      template: {
        metadata: { labels: sel },
        spec: { hostNetwork: true, containers: [{ name: "csi-rbdplugin", image: "quay.io/cephcsi/cephcsi:v3.16.0" }] },
      },
    },
  };
}

/** Shaped like a cephx secret (38 base64 characters, then "=="). */
export const SECRET_KEY = "AQBfakefakefakefakefakefakefakefakefak==";

/** The config manifest plus an RBD driver, in apply order. */
export function desiredSet(opts: { defaultClass?: "ceph-xfs" | "ceph-ext4"; xfsParams?: Record<string, string>; cephConf?: string; rbd?: boolean; replicas?: number; hostNetwork?: boolean } = {}): KubeObject[] {
  const def = opts.defaultClass ?? "ceph-xfs";
  const config = [
    configMap("ceph-config", { "ceph.conf": opts.cephConf ?? "[global]\nauth_cluster_required = cephx\n", keyring: "" }),
    configMap("ceph-csi-encryption-kms-config", { "config.json": "{}" }),
  ];
  if (opts.rbd === false) return config;
  const rbdLabels = labels("rbd");
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "rbd-csi-provisioner", namespace: NS, labels: rbdLabels } },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "rbd-external-provisioner-runner", labels: rbdLabels },
      rules: [{ apiGroups: [""], resources: ["persistentvolumes"], verbs: ["get", "list", "create", "delete"] }],
    },
    ...config,
    { apiVersion: "v1", kind: "Secret", metadata: { name: "csi-rbd-secret", namespace: NS, labels: rbdLabels }, stringData: { userID: "ceph-csi", userKey: SECRET_KEY } },
    { apiVersion: "storage.k8s.io/v1", kind: "CSIDriver", metadata: { name: "rbd.csi.ceph.com", labels: rbdLabels }, spec: { attachRequired: true, podInfoOnMount: false, fsGroupPolicy: "File", seLinuxMount: true } },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "csi-rbdplugin-provisioner", namespace: NS, labels: rbdLabels },
      spec: { selector: { app: "csi-rbdplugin-provisioner" }, ports: [{ name: "http-metrics", port: 8080, targetPort: 8680 }] },
    },
    deployment(opts.replicas ?? 3, { hostNetwork: opts.hostNetwork ?? false }),
    daemonSet(),
    storageClass("ceph-xfs", "xfs-pool", { isDefault: def === "ceph-xfs", params: { "csi.storage.k8s.io/fstype": "xfs", ...(opts.xfsParams ?? {}) } }),
    storageClass("ceph-ext4", "ext4-pool", { isDefault: def === "ceph-ext4", params: { "csi.storage.k8s.io/fstype": "ext4" } }),
  ];
}
