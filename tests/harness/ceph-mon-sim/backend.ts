/**
 * What the simulated ceph-mon does to a cluster, behind one interface: a real cluster
 * (commands run as client.admin) or a purely simulated one (in memory, invented fsid and keys).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { getKey, getOrCreateKey, osdCount, poolExists, setCappedPoolSize } from "../real-ceph/admin-ops.ts";
import type { RealCeph } from "../real-ceph/cluster.ts";

/** ceph-mon's default caps for a new client key (charms_ceph `_default_caps`). */
export const DEFAULT_CLIENT_CAPS: Readonly<Record<string, string>> = {
  mon: 'allow r; allow command "osd blacklist"; allow command "osd blocklist"',
  osd: "allow rwx",
};

/** How the broker creates a replicated pool (charm-helpers ReplicatedPool._create/_post_create). */
export interface ReplicatedPoolSpec {
  /** `size` as requested; a backend may cap it to what the cluster can serve (see realBackend). */
  size: number;
  pgNum: number;
  /** `--pg-num-min` */
  pgNumMin: number;
  crushRule?: string | undefined;
  /** weight / 100, set as the pool's target_size_ratio right after creation. */
  targetSizeRatio: number;
}

export interface CephBackend {
  readonly kind: "real" | "simulated";
  readonly fsid: string;
  readonly adminKey: string;
  /** The address a mon unit publishes as ceph-public-address by default. */
  readonly publicAddress: string;
  /** `ceph auth get-or-create client.<name>` with the default caps; existing users keep their caps. */
  getOrCreateKey(name: string): Promise<string>;
  /** Number of OSDs (`ceph osd ls`), for the broker's PG count. */
  osdCount(): Promise<number>;
  poolExists(name: string): Promise<boolean>;
  /** Create a replicated pool, set size and target_size_ratio. Throws when ceph refuses (e.g. an empty name). */
  createReplicatedPool(name: string, spec: ReplicatedPoolSpec): Promise<void>;
  createErasurePool(name: string, profile: string): Promise<void>;
  enableApplication(pool: string, app: string): Promise<void>;
  erasureProfileExists(name: string): Promise<boolean>;
  /** `ceph auth caps client.<name> <entity> <cap> ...` — throws on failure. */
  setCaps(name: string, permissions: readonly string[]): Promise<void>;
}

function capsArgs(caps: Readonly<Record<string, string>>): string[] {
  return Object.entries(caps).flat();
}

/**
 * Commands against the real test cluster, as admin. The test cluster has one OSD: a pool of
 * size 3 there would never serve I/O (min_size 2), so `size` is capped to the OSD count —
 * the one place where this backend deliberately differs from what ceph-mon does.
 */
export function realBackend(ceph: RealCeph, options: { publicAddress?: string } = {}): CephBackend {
  return {
    kind: "real",
    fsid: ceph.fsid,
    adminKey: ceph.adminKey,
    publicAddress: options.publicAddress ?? ceph.publicAddress,
    async getOrCreateKey(name) {
      // charms_ceph get_named_key: an existing user keeps its caps (get-or-create would refuse
      // once set-key-permissions changed them)
      return (await getKey(ceph, `client.${name}`)) ?? (await getOrCreateKey(ceph, `client.${name}`, capsArgs(DEFAULT_CLIENT_CAPS)));
    },
    osdCount: () => osdCount(ceph),
    poolExists: (name) => poolExists(ceph, name),
    async createReplicatedPool(name, spec) {
      const args = ["osd", "pool", "create", `--pg-num-min=${spec.pgNumMin}`, name, String(spec.pgNum)];
      if (spec.crushRule) args.push(spec.crushRule);
      await ceph.admin(args);
      await setCappedPoolSize(ceph, name, spec.size);
      await ceph.admin(["osd", "pool", "set", name, "target_size_ratio", String(spec.targetSizeRatio)]);
    },
    async createErasurePool(name, profile) {
      await ceph.admin(["osd", "pool", "create", name, "8", "8", "erasure", profile]);
    },
    async enableApplication(pool, app) {
      await ceph.admin(["osd", "pool", "application", "enable", pool, app]);
    },
    async erasureProfileExists(name) {
      try {
        await ceph.admin(["osd", "erasure-code-profile", "get", name]);
        return true;
      } catch {
        return false;
      }
    },
    async setCaps(name, permissions) {
      await ceph.admin(["auth", "caps", `client.${name}`, ...permissions]);
    },
  };
}

/** A cephx-shaped random secret (base64 of 28 bytes: 40 chars ending "=="). */
export function inventKey(): string {
  return randomBytes(28).toString("base64");
}

export interface SimulatedPool {
  type: "replicated" | "erasure";
  size: number;
  pgNum: number;
  targetSizeRatio: number | undefined;
  applications: string[];
}

export interface SimulatedState {
  users: Map<string, { key: string; caps: Record<string, string> }>;
  pools: Map<string, SimulatedPool>;
  erasureProfiles: Set<string>;
  crushRules: Set<string>;
}

export interface SimulatedBackend extends CephBackend {
  readonly state: SimulatedState;
}

/** No cluster at all: invented fsid/keys, pools and users in memory (fast tests, demo). */
export function simulatedBackend(options: { fsid?: string; publicAddress?: string; osds?: number } = {}): SimulatedBackend {
  const state: SimulatedState = {
    users: new Map(),
    pools: new Map(),
    erasureProfiles: new Set(["default"]),
    crushRules: new Set(["replicated_rule"]),
  };
  const adminKey = inventKey();
  state.users.set("admin", { key: adminKey, caps: { mon: "allow *", osd: "allow *", mds: "allow *", mgr: "allow *" } });
  const pool = (name: string) => {
    const p = state.pools.get(name);
    if (!p) throw new Error(`Error ENOENT: unrecognized pool '${name}'`);
    return p;
  };
  return {
    kind: "simulated",
    state,
    fsid: options.fsid ?? randomUUID(),
    adminKey,
    publicAddress: options.publicAddress ?? "10.20.0.11",
    async getOrCreateKey(name) {
      const u = state.users.get(name) ?? { key: inventKey(), caps: { ...DEFAULT_CLIENT_CAPS } };
      state.users.set(name, u);
      return u.key;
    },
    async osdCount() {
      return options.osds ?? 3;
    },
    async poolExists(name) {
      return state.pools.has(name);
    },
    async createReplicatedPool(name, spec) {
      // like the real CLI: an empty name is EINVAL, an unknown CRUSH rule ENOENT
      if (name === "") throw new Error("Error EINVAL: pool name is empty");
      if (spec.crushRule && !state.crushRules.has(spec.crushRule)) {
        throw new Error(`Error ENOENT: specified rule ${spec.crushRule} doesn't exist`);
      }
      if (!state.pools.has(name)) {
        state.pools.set(name, { type: "replicated", size: spec.size, pgNum: spec.pgNum, targetSizeRatio: spec.targetSizeRatio, applications: [] });
      }
    },
    async createErasurePool(name, profile) {
      if (!state.erasureProfiles.has(profile)) throw new Error(`Error ENOENT: specified erasure code profile ${profile} doesn't exist`);
      if (!state.pools.has(name)) state.pools.set(name, { type: "erasure", size: 3, pgNum: 8, targetSizeRatio: undefined, applications: [] });
    },
    async enableApplication(name, app) {
      const p = pool(name);
      if (!p.applications.includes(app)) p.applications.push(app);
    },
    async erasureProfileExists(name) {
      return state.erasureProfiles.has(name);
    },
    async setCaps(name, permissions) {
      const u = state.users.get(name);
      if (!u) throw new Error(`Error ENOENT: couldn't find entity client.${name}`);
      const caps: Record<string, string> = {};
      for (let i = 0; i + 1 < permissions.length; i += 2) caps[permissions[i] as string] = permissions[i + 1] as string;
      u.caps = caps;
    },
  };
}
