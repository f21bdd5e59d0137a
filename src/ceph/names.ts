/** Names the charm and Ceph agree on: one table each. */

/** The RBD pools the charm asks ceph-mon for, one per RBD StorageClass. */
export const RBD_POOLS = { xfs: "xfs-pool", ext4: "ext4-pool" } as const;

export type RbdPools = { readonly [F in keyof typeof RBD_POOLS]: string };

/** The CephFS subvolume group the charm ensures in every filesystem and Ceph CSI puts volumes in. */
export const CSI_SUBVOLUME_GROUP = "csi";
