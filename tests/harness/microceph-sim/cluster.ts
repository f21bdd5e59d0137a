/**
 * What MicroCeph's charm does to its cluster when it serves a `ceph-csi` relation, behind one
 * interface: a real test cluster (commands as client.admin) or an in-memory one.
 * The commands follow canonical/charm-microceph `src/ceph.py` / `src/ceph_csi.py`.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { fsVolumeNames, getKey, getOrCreateKey, osdCount, poolExists, setCappedPoolSize } from "../real-ceph/admin-ops.ts";
import type { RealCeph } from "../real-ceph/cluster.ts";

/** cephx caps as MicroCeph builds them: entity → list of grants, joined with "; " on the wire. */
export type CapsList = Record<string, string[]>;

export interface MicroCephCluster {
  readonly kind: "real" | "simulated";
  readonly fsid: string;
  /** What MicroCeph's API reports as monitor addresses (the `mon_hosts` list). */
  monAddresses(): string[];
  osdCount(): Promise<number>;
  /** Active + standby MDS daemons (`ceph mds stat`). */
  mdsCount(): Promise<number>;
  /** `ceph fs volume ls` names. */
  fsVolumes(): Promise<string[]>;
  poolExists(name: string): Promise<boolean>;
  /** ReplicatedPool(name, replicas, app_name).create(): pool, size, application. */
  createReplicatedPool(name: string, size: number, app: string): Promise<void>;
  /** `ceph fs volume create <name>` (pools cephfs.<name>.meta / .data), then max_mds / standby_count_wanted. */
  ensureFsVolume(name: string, maxMds: number, standbyWanted: number): Promise<void>;
  /** `ceph auth get <entity>`'s key, or undefined when the entity does not exist. */
  getKey(entity: string): Promise<string | undefined>;
  /** `ceph auth get-or-create <entity> <subsystem> "<caps joined by '; '>" …`. */
  createKey(entity: string, caps: CapsList): Promise<string>;
  /** `ceph auth caps <entity> <subsystem> "<caps joined by '; '>" …`: replaces every cap, keeps the key. */
  setCaps(entity: string, caps: CapsList): Promise<void>;
  /** `ceph auth del <entity>`; throws when it does not exist. */
  removeKey(entity: string): Promise<void>;
}

function capsArgs(caps: CapsList): string[] {
  return Object.entries(caps).flatMap(([subsystem, grants]) => [subsystem, grants.join("; ")]);
}

interface MdsStat {
  fsmap?: { standbys?: unknown[]; filesystems?: { mdsmap?: { up?: Record<string, unknown> | unknown[] } }[] };
}

/**
 * Commands against the real test cluster. It has one OSD: `size` is capped to the OSD count,
 * otherwise the pool could never serve I/O (the same deliberate difference as ceph-mon-sim).
 */
export function realMicroCeph(ceph: RealCeph, o: { monAddresses?: string[] } = {}): MicroCephCluster {
  return {
    kind: "real",
    fsid: ceph.fsid,
    monAddresses: () => o.monAddresses ?? [ceph.publicAddress],
    osdCount: () => osdCount(ceph),
    async mdsCount() {
      const data = JSON.parse(await ceph.admin(["mds", "stat", "--format", "json"])) as MdsStat;
      const fsmap = data.fsmap ?? {};
      let active = 0;
      for (const fs of fsmap.filesystems ?? []) {
        const up = fs.mdsmap?.up ?? {};
        active += Array.isArray(up) ? up.length : Object.keys(up).length;
      }
      return active + (fsmap.standbys ?? []).length;
    },
    fsVolumes: () => fsVolumeNames(ceph),
    poolExists: (name) => poolExists(ceph, name),
    async createReplicatedPool(name, size, app) {
      await ceph.admin(["osd", "pool", "create", name]);
      await setCappedPoolSize(ceph, name, size);
      await ceph.admin(["osd", "pool", "application", "enable", name, app]);
    },
    async ensureFsVolume(name, maxMds, standbyWanted) {
      if (!(await fsVolumeNames(ceph)).includes(name)) await ceph.admin(["fs", "volume", "create", name]);
      await ceph.admin(["fs", "set", name, "max_mds", String(maxMds)]);
      await ceph.admin(["fs", "set", name, "standby_count_wanted", String(standbyWanted)]);
    },
    getKey: (entity) => getKey(ceph, entity),
    createKey: (entity, caps) => getOrCreateKey(ceph, entity, capsArgs(caps)),
    async setCaps(entity, caps) {
      await ceph.admin(["auth", "caps", entity, ...capsArgs(caps)]);
    },
    async removeKey(entity) {
      await ceph.admin(["auth", "del", entity]);
    },
  };
}

export interface SimulatedMicroCephState {
  pools: Map<string, { size: number; applications: string[] }>;
  volumes: Map<string, { maxMds: number; standbyWanted: number }>;
  /** entity (with `client.`) → key and caps as Ceph stores them (grants joined by "; "). */
  users: Map<string, { key: string; caps: Record<string, string> }>;
}

export interface SimulatedMicroCeph extends MicroCephCluster {
  readonly state: SimulatedMicroCephState;
}

/** No cluster: invented fsid and keys; `osds` (default 3) and `mds` (default 1) daemons. */
export function simulatedMicroCeph(o: { fsid?: string; monAddresses?: string[]; osds?: number; mds?: number } = {}): SimulatedMicroCeph {
  const state: SimulatedMicroCephState = { pools: new Map(), volumes: new Map(), users: new Map() };
  return {
    kind: "simulated",
    state,
    fsid: o.fsid ?? randomUUID(),
    monAddresses: () => o.monAddresses ?? ["10.40.0.11", "10.40.0.12", "10.40.0.13"],
    osdCount: async () => o.osds ?? 3,
    mdsCount: async () => o.mds ?? 1,
    fsVolumes: async () => [...state.volumes.keys()],
    poolExists: async (name) => state.pools.has(name),
    async createReplicatedPool(name, size, app) {
      if (!state.pools.has(name)) state.pools.set(name, { size, applications: [app] });
    },
    async ensureFsVolume(name, maxMds, standbyWanted) {
      state.volumes.set(name, { maxMds, standbyWanted });
      for (const suffix of ["meta", "data"]) {
        const pool = `cephfs.${name}.${suffix}`;
        if (!state.pools.has(pool)) state.pools.set(pool, { size: 3, applications: ["cephfs"] });
      }
    },
    getKey: async (entity) => state.users.get(entity)?.key,
    async createKey(entity, caps) {
      const existing = state.users.get(entity);
      if (existing) return existing.key;
      const user = { key: randomBytes(28).toString("base64"), caps: Object.fromEntries(Object.entries(caps).map(([s, g]) => [s, g.join("; ")])) };
      state.users.set(entity, user);
      return user.key;
    },
    async setCaps(entity, caps) {
      const user = state.users.get(entity);
      if (!user) throw new Error(`Error ENOENT: couldn't find entity ${entity}`);
      user.caps = Object.fromEntries(Object.entries(caps).map(([s, g]) => [s, g.join("; ")]));
    },
    async removeKey(entity) {
      if (!state.users.delete(entity)) throw new Error(`Error ENOENT: failed to find ${entity} in keyring`);
    },
  };
}
