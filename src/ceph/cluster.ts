import type { AdminRelationData } from "./admin-relation.ts";
import type { CephCli } from "./cli.ts";
import type { ClientRelationData } from "./client-relation.ts";
import { ok, type Result } from "./result.ts";

/** What the charm knows about the Ceph cluster: built from the relations and the ceph CLI. */
export interface CephFilesystem {
  name: string;
  dataPools: string[];
}

export interface CephCluster {
  /** Cluster fsid (UUID), the CSI clusterID. */
  fsid: string;
  /** Monitor addresses as Ceph clients take them: bare IPv4, bracketed IPv6, optionally with :port. Sorted, unique. */
  monitors: string[];
  auth: "cephx" | "none";
  /** cephx id without the `client.` prefix (the charm's own user, never admin). */
  user: string;
  /** cephx secret of `user`. A secret: never log it. */
  key: string;
  filesystems: CephFilesystem[];
  /** ceph-mon's `rbd-features` (decimal bitmask) when it sends one. */
  rbdFeatures?: number;
}

// ---------------------------------------------------------------- building --

export interface BuildClusterInput {
  /** The charm's cephx id (the application name). */
  user: string;
  client: ClientRelationData;
  /** Parsed ceph-admin data, when that relation is present and complete. */
  admin?: AdminRelationData | undefined;
  cli: Pick<CephCli, "fsid" | "fsLs">;
  /** List filesystems (cephfs enabled); otherwise `filesystems` is empty and `ceph fs ls` is not run. */
  listFilesystems: boolean;
}

/** Pure assembly of the model from already-known parts. */
export function assembleCluster(
  user: string,
  client: ClientRelationData,
  fsid: string,
  filesystems: CephFilesystem[],
): CephCluster {
  return {
    fsid,
    monitors: [...client.monitors],
    auth: client.auth,
    user,
    key: client.key,
    filesystems: [...filesystems].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    ...(client.rbdFeatures !== undefined ? { rbdFeatures: client.rbdFeatures } : {}),
  };
}

/**
 * The cluster model: relation data + CLI answers. fsid from ceph-admin when present,
 * else `ceph fsid`; filesystems from `ceph fs ls` when asked. A CLI failure is returned
 * as its problem (naming the command).
 */
export async function buildCluster(input: BuildClusterInput): Promise<Result<CephCluster>> {
  let fsid = input.admin?.fsid;
  if (fsid === undefined) {
    const r = await input.cli.fsid();
    if (!r.ok) return r;
    fsid = r.value;
  }
  let filesystems: CephFilesystem[] = [];
  if (input.listFilesystems) {
    const r = await input.cli.fsLs();
    if (!r.ok) return r;
    filesystems = r.value;
  }
  return ok(assembleCluster(input.user, input.client, fsid, filesystems));
}

/** Ensure subvolume group `csi` on every filesystem; value = names of filesystems where it was created. */
export async function ensureCsiSubvolumeGroups(
  cli: Pick<CephCli, "ensureSubvolumeGroup">,
  filesystems: readonly CephFilesystem[],
): Promise<Result<string[]>> {
  const created: string[] = [];
  for (const fs of filesystems) {
    const r = await cli.ensureSubvolumeGroup(fs.name);
    if (!r.ok) return r;
    if (r.value) created.push(fs.name);
  }
  return ok(created);
}
