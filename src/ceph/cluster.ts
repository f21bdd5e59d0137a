/** What the charm knows about the Ceph cluster: the one model every Ceph source yields. */
import type { RbdPools } from "./names.ts";

export interface CephFilesystem {
  name: string;
  dataPools: string[];
  /** The pool ids of `dataPools`, same order (from `ceph fs ls`). */
  dataPoolIds: number[];
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
  /** The pool of each RBD StorageClass. */
  rbdPools: RbdPools;
  /** Sorted by name. */
  filesystems: CephFilesystem[];
  /** ceph-mon's `rbd-features` (decimal bitmask) when it sends one. */
  rbdFeatures?: number;
}

/** Filesystems sorted by name (the order StorageClasses are rendered in). */
export function sortFilesystems(filesystems: readonly CephFilesystem[]): CephFilesystem[] {
  return [...filesystems].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
