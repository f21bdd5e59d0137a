/**
 * The few admin commands the simulated Ceph-side charms (ceph-mon-sim, microceph-sim) and the
 * external-cluster setup all run against the real test cluster, as client.admin.
 */
import type { RealCeph } from "./cluster.ts";

/** Number of OSDs (`ceph osd ls`). */
export async function osdCount(ceph: RealCeph): Promise<number> {
  return (JSON.parse(await ceph.admin(["osd", "ls", "--format", "json"])) as number[]).length;
}

/** Pool names (`ceph osd pool ls`). */
export async function poolNames(ceph: RealCeph): Promise<string[]> {
  return JSON.parse(await ceph.admin(["osd", "pool", "ls", "--format", "json"])) as string[];
}

export async function poolExists(ceph: RealCeph, name: string): Promise<boolean> {
  return (await poolNames(ceph)).includes(name);
}

/**
 * `ceph osd pool set <pool> size <n>`, `n` capped to the OSD count: the test cluster has one
 * OSD, where a pool of size 3 would never serve I/O (min_size 2). Size 1 needs
 * `--yes-i-really-mean-it`.
 */
export async function setCappedPoolSize(ceph: RealCeph, pool: string, size: number): Promise<void> {
  const capped = Math.min(size, await osdCount(ceph));
  await ceph.admin(["osd", "pool", "set", pool, "size", String(capped), ...(capped === 1 ? ["--yes-i-really-mean-it"] : [])]);
}

/** CephFS volume names (`ceph fs volume ls`). */
export async function fsVolumeNames(ceph: RealCeph): Promise<string[]> {
  return (JSON.parse(await ceph.admin(["fs", "volume", "ls", "--format", "json"])) as { name: string }[]).map((v) => v.name);
}

/** `ceph auth get-key <entity>`, or undefined when that fails (no such entity). */
export async function getKey(ceph: RealCeph, entity: string): Promise<string | undefined> {
  try {
    return (await ceph.admin(["auth", "get-key", entity])).trim();
  } catch {
    return undefined;
  }
}

/**
 * `ceph auth get-or-create <entity> <subsystem> <caps> …`, then its key. An existing entity
 * keeps its caps (Ceph refuses when they differ from `caps`).
 */
export async function getOrCreateKey(ceph: RealCeph, entity: string, caps: readonly string[]): Promise<string> {
  await ceph.admin(["auth", "get-or-create", entity, ...caps]);
  return (await ceph.admin(["auth", "get-key", entity])).trim();
}
