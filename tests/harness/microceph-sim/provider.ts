/**
 * MicroCeph's side of the `ceph-csi` relation (canonical/charm-microceph `src/ceph_csi.py`,
 * CephCSIProvides + CephCSIProvidesHandler), as plain data in / data out:
 *
 *   const mc = new MicroCephProvider(realMicroCeph(ceph));
 *   const r = await mc.relationChanged("ceph-csi", { "ceph-csi/0": { workloads: '["rbd","cephfs"]' } });
 *   r.state === "served" && r.appBag;   // fsid, mon_hosts, user_id, user_key, rbd_pool?, cephfs_fs_name?
 *   await mc.relationDeparted("ceph-csi");   // removes client.csi-ceph-csi
 *
 * What it does, in MicroCeph's order: only the leader acts; defer until ready and until there
 * are OSDs; read `workloads` from the first requirer unit bag that parses to a non-empty set;
 * rbd → pool `rbd.<app>` (replicated, application rbd); cephfs → enough MDS daemons (else
 * Blocked "Insufficient MDS daemons for cephfs workload", nothing written) and volume `<app>`;
 * then `get_named_key("client.csi-<app>", caps)` — an existing user keeps its key and gets the
 * caps of the workloads asked for now (`ceph auth caps`);
 * then the app bag is *updated* (keys from an earlier answer stay). Every relation-departed
 * event (any requirer unit leaving, not only the relation ending) deletes the user.
 */
import { pyDumps, pyLoads, pyStr } from "../ceph-mon-sim/pyrepr.ts";
import type { Bag } from "../fake-juju/model.ts";
import type { CapsList, MicroCephCluster } from "./cluster.ts";

export const INSUFFICIENT_MDS = "Insufficient MDS daemons for cephfs workload";

export type ServeResult =
  | { state: "served"; appBag: Bag }
  | { state: "deferred"; reason: "not-leader" | "not-ready" | "no-osds" | "no-workloads" }
  | { state: "blocked"; message: string };

export interface MicroCephConfig {
  "default-pool-size"?: number;
  "active-mds-per-volume"?: number;
  "standby-mds-per-volume"?: number;
}

/** `_parse_workloads`: JSON list or string, else a comma/semicolon list; lower-cased, blanks dropped. */
export function parseWorkloads(value: string | undefined): Set<string> {
  if (!value) return new Set();
  let items: unknown[];
  try {
    const parsed = pyLoads(value);
    items = Array.isArray(parsed) ? parsed : typeof parsed === "string" ? [parsed] : [];
  } catch {
    items = value.replaceAll(";", ",").split(",").map((v) => v.trim());
  }
  return new Set(items.map((v) => pyStr(v).trim()).filter((v) => v !== "").map((v) => v.toLowerCase()));
}

/** `_build_caps`: MicroCeph's caps for client.csi-<app>. */
export function microCephCaps(workloads: ReadonlySet<string>, rbdPool: string, fsName: string): CapsList {
  const osd: string[] = [];
  if (workloads.has("rbd")) osd.push(`allow rwx pool=${rbdPool}`);
  if (workloads.has("cephfs")) osd.push(`allow rw tag cephfs data=${fsName}`, `allow rw tag cephfs metadata=${fsName}`);
  const caps: CapsList = {
    mon: ["allow r", 'allow command "osd blacklist"', 'allow command "osd blocklist"'],
    osd: osd.length > 0 ? osd : ["allow rwx"],
  };
  if (workloads.has("cephfs")) {
    caps["mds"] = ["allow rw"];
    caps["mgr"] = ["allow rw"];
  }
  return caps;
}

export class MicroCephProvider {
  readonly cluster: MicroCephCluster;
  readonly #config: MicroCephConfig;
  readonly #bags = new Map<string, Bag>();
  /** MicroCeph's own state: leader unit, ready for service (bootstrapped). */
  leader = true;
  ready = true;

  constructor(cluster: MicroCephCluster, config: MicroCephConfig = {}) {
    this.cluster = cluster;
    this.#config = config;
  }

  /** The provider's application bag on the relation with `requirerApp`, as the requirer reads it. */
  appBag(requirerApp: string): Bag {
    return { ...(this.#bags.get(requirerApp) ?? {}) };
  }

  /** `ceph-csi-relation-joined/-changed` on the MicroCeph leader (and its peers-changed reconcile). */
  async relationChanged(requirerApp: string, requirerUnits: Readonly<Record<string, Readonly<Bag>>>): Promise<ServeResult> {
    if (!this.leader) return { state: "deferred", reason: "not-leader" };
    if (!this.ready) return { state: "deferred", reason: "not-ready" };
    if ((await this.cluster.osdCount()) === 0) return { state: "deferred", reason: "no-osds" };
    let workloads = new Set<string>();
    for (const unit of Object.keys(requirerUnits).sort()) {
      const parsed = parseWorkloads(requirerUnits[unit]?.["workloads"]);
      if (parsed.size > 0) {
        workloads = parsed;
        break;
      }
    }
    if (workloads.size === 0) return { state: "deferred", reason: "no-workloads" };
    const rbdPool = `rbd.${requirerApp}`;
    const fsName = requirerApp;
    const entity = `client.csi-${requirerApp}`;
    if (workloads.has("rbd") && !(await this.cluster.poolExists(rbdPool))) {
      await this.cluster.createReplicatedPool(rbdPool, this.#config["default-pool-size"] ?? 3, "rbd");
    }
    if (workloads.has("cephfs")) {
      if (!(await this.#enoughMds(fsName))) return { state: "blocked", message: INSUFFICIENT_MDS };
      await this.cluster.ensureFsVolume(fsName, this.#config["active-mds-per-volume"] ?? 1, this.#config["standby-mds-per-volume"] ?? 0);
    }
    const caps = microCephCaps(workloads, rbdPool, fsName);
    // get_named_key: an existing user keeps its key and is given the caps asked for now.
    const existing = await this.cluster.getKey(entity);
    if (existing !== undefined) await this.cluster.setCaps(entity, caps);
    const key = existing ?? (await this.cluster.createKey(entity, caps));
    const data: Bag = {
      fsid: this.cluster.fsid,
      mon_hosts: pyDumps(this.cluster.monAddresses()),
      user_id: entity,
      user_key: key,
    };
    if (workloads.has("rbd")) data["rbd_pool"] = rbdPool;
    if (workloads.has("cephfs")) data["cephfs_fs_name"] = fsName;
    const bag = { ...(this.#bags.get(requirerApp) ?? {}), ...data };
    this.#bags.set(requirerApp, bag);
    return { state: "served", appBag: { ...bag } };
  }

  /** `ceph-csi-relation-departed` on the leader: deletes client.csi-<app> (a failure is only logged). */
  async relationDeparted(requirerApp: string): Promise<void> {
    if (!this.leader) return;
    try {
      await this.cluster.removeKey(`client.csi-${requirerApp}`);
    } catch {
      // MicroCeph logs "Failed removing cephx key"
    }
  }

  /** `_has_sufficient_mds`: active-per-volume × volumes (counting the new one) + standby ≤ MDS daemons. */
  async #enoughMds(fsName: string): Promise<boolean> {
    const active = this.#config["active-mds-per-volume"] ?? 1;
    const standby = this.#config["standby-mds-per-volume"] ?? 0;
    const existing = await this.cluster.fsVolumes();
    const volumes = existing.length + (existing.includes(fsName) ? 0 : 1);
    const required = active * volumes + standby;
    return required <= 0 || (await this.cluster.mdsCount()) >= required;
  }
}
