/** The "config" manifest: the three ConfigMaps every Ceph CSI pod mounts. */
import type { CephCluster } from "../ceph/cluster.ts";
import { CSI_SUBVOLUME_GROUP } from "../ceph/names.ts";
import type { KubeObject } from "./types.ts";

function configMap(name: string, namespace: string, data: Record<string, string>): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace }, data };
}

export function cephConf(auth: CephCluster["auth"]): string {
  return ["[global]", `auth_cluster_required = ${auth}`, `auth_service_required = ${auth}`, `auth_client_required = ${auth}`, ""].join("\n");
}

export function csiConfigJson(cluster: CephCluster): string {
  return JSON.stringify([{ clusterID: cluster.fsid, monitors: cluster.monitors, cephFS: { subvolumeGroup: CSI_SUBVOLUME_GROUP } }]);
}

export function configMaps(cluster: CephCluster, namespace: string): KubeObject[] {
  return [
    // `keyring` must exist and be empty: the key comes from the Secrets.
    configMap("ceph-config", namespace, { "ceph.conf": cephConf(cluster.auth), keyring: "" }),
    configMap("ceph-csi-config", namespace, { "config.json": csiConfigJson(cluster) }),
    // Every pod mounts it; no KMS is configured.
    configMap("ceph-csi-encryption-kms-config", namespace, { "config.json": "{}" }),
  ];
}
