/**
 * A Ceph cluster that Juju does not manage, prepared the way an operator would for Ceph CSI
 * (as with Rook's external mode or the Ceph CSI Helm charts): with the admin key, create the
 * pools and a restricted cephx user, then hand over only what goes into the Juju user secret
 * the charm reads (ceph-sources.md §2): `fsid`, `monitors`, `user`, `key`, optional `rbd-pool`,
 * optional `cephfs`.
 *
 *   const content = await prepareExternalCluster(ceph, { cephfs: "ceph-fs" });
 *   const uri = juju.addSecret(content);      // FakeJuju user secret
 *
 * Caps follow Ceph CSI's docs/capabilities.md (RBD: `profile rbd` scoped to the pools;
 * CephFS: tag-based osd caps, mds limited to /volumes and /volumes/csi, mgr `allow rw`).
 */
import { fsVolumeNames, getKey, getOrCreateKey, poolNames } from "../real-ceph/admin-ops.ts";
import type { RealCeph } from "../real-ceph/cluster.ts";

/** The content of the Juju user secret, keys as the charm reads them. */
export interface ExternalSecretContent {
  fsid: string;
  /** Monitor addresses joined by "," or " ". */
  monitors: string;
  /** cephx id without the `client.` prefix (Ceph CSI's userID). */
  user: string;
  key: string;
  /** Only with a custom RBD pool (else the charm's defaults xfs-pool and ext4-pool exist). */
  "rbd-pool"?: string;
  /** Only with CephFS: the filesystem (volume) name. */
  cephfs?: string;
}

export interface ExternalClusterOptions {
  /** One custom RBD pool instead of xfs-pool and ext4-pool; handed over as `rbd-pool`. */
  rbdPool?: string;
  /** Create this CephFS volume (needs an MDS) and hand it over as `cephfs`. */
  cephfs?: string;
  /** cephx id (no `client.`), default `ceph-csi-external`. */
  user?: string;
  /** Default `[ceph.publicAddress]`. */
  monitors?: string[];
  /** How `monitors` is joined; default ",". */
  monitorSeparator?: "," | " ";
}

export const DEFAULT_RBD_POOLS = ["xfs-pool", "ext4-pool"] as const;

/** Caps for one Ceph CSI user over `pools` (RBD) and, optionally, filesystem `fs`. */
export function externalCsiCaps(pools: readonly string[], fs?: string): Record<string, string> {
  const rbd = pools.map((p) => `profile rbd pool=${p}`);
  const caps: Record<string, string> = {
    mon: fs ? `profile rbd, allow r fsname=${fs}` : "profile rbd",
    mgr: [...rbd, ...(fs ? ["allow rw"] : [])].join(", "),
    osd: [...rbd, ...(fs ? [`allow rw tag cephfs metadata=${fs}`, `allow rw tag cephfs data=${fs}`] : [])].join(", "),
  };
  if (fs) caps["mds"] = `allow r fsname=${fs} path=/volumes, allow rws fsname=${fs} path=/volumes/csi`;
  return caps;
}

/** As admin: pools (application rbd, `rbd pool init`), the CephFS volume, the user. Returns the secret content only. */
export async function prepareExternalCluster(ceph: RealCeph, o: ExternalClusterOptions = {}): Promise<ExternalSecretContent> {
  const pools = o.rbdPool !== undefined ? [o.rbdPool] : [...DEFAULT_RBD_POOLS];
  const existing = await poolNames(ceph);
  for (const pool of pools) {
    if (existing.includes(pool)) continue;
    await ceph.admin(["osd", "pool", "create", pool]);
    await ceph.admin(["osd", "pool", "application", "enable", pool, "rbd"]);
    await ceph.rbd(["pool", "init", pool]);
  }
  if (o.cephfs !== undefined) {
    if (!(await fsVolumeNames(ceph)).includes(o.cephfs)) await ceph.admin(["fs", "volume", "create", o.cephfs]);
  }
  const user = o.user ?? "ceph-csi-external";
  const caps = Object.entries(externalCsiCaps(pools, o.cephfs)).flat();
  const entity = `client.${user}`;
  let key: string;
  if ((await getKey(ceph, entity)) === undefined) key = await getOrCreateKey(ceph, entity, caps);
  else {
    // an existing user gets this run's caps (get-or-create would refuse different ones)
    await ceph.admin(["auth", "caps", entity, ...caps]);
    key = (await ceph.admin(["auth", "get-key", entity])).trim();
  }
  const content: ExternalSecretContent = {
    fsid: ceph.fsid,
    monitors: (o.monitors ?? [ceph.publicAddress]).join(o.monitorSeparator ?? ","),
    user,
    key,
  };
  if (o.rbdPool !== undefined) content["rbd-pool"] = o.rbdPool;
  if (o.cephfs !== undefined) content.cephfs = o.cephfs;
  return content;
}

/** The monitor list from a secret's `monitors` (space- or comma-separated). */
export function splitMonitors(monitors: string): string[] {
  return monitors.split(/[\s,]+/).filter((m) => m !== "");
}
