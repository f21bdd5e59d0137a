/** The credentials Secrets: both carry the charm's own cephx user (never client.admin). */
import type { CephCluster } from "../ceph/cluster.ts";
import type { KubeObject } from "./types.ts";

export const RBD_SECRET = "csi-rbd-secret";
export const CEPHFS_SECRET = "csi-cephfs-secret";

function secret(name: string, namespace: string, stringData: Record<string, string>): KubeObject {
  return { apiVersion: "v1", kind: "Secret", metadata: { name, namespace }, type: "Opaque", stringData };
}

export function rbdSecret(cluster: CephCluster, namespace: string): KubeObject {
  return secret(RBD_SECRET, namespace, { userID: cluster.user, userKey: cluster.key });
}

/** CephFS provisioning reads adminID/adminKey, static volumes userID/userKey: the same user for both. */
export function cephfsSecret(cluster: CephCluster, namespace: string): KubeObject {
  return secret(CEPHFS_SECRET, namespace, {
    userID: cluster.user,
    userKey: cluster.key,
    adminID: cluster.user,
    adminKey: cluster.key,
  });
}
