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
