/**
 * The `ceph-csi` interface (MicroCeph's `ceph-csi` endpoint, our `ceph`), requirer side: what we
 * write (the workloads we want, in the leader's unit bag) and what the provider answers in its
 * application bag. Pure functions.
 */
import { isCephxKey } from "../redact.ts";
import { err, ok, type Result } from "../result.ts";
import type { Problem } from "../status/problem.ts";
import { normalizeMonitor, shownValue, sortUnique, splitTokens } from "./addresses.ts";
import { type Bag, present } from "./bags.ts";
import { invalidField } from "./client-relation.ts";

export type Workload = "rbd" | "cephfs";

/**
 * The `workloads` value: a JSON list, in a fixed order; undefined (the key cleared) when none is
 * wanted. MicroCeph logs an error and defers on every hook when it reads an empty set.
 */
export function workloadsValue(workloads: readonly Workload[]): string | undefined {
  const wanted = (["rbd", "cephfs"] as const).filter((w) => workloads.includes(w));
  return wanted.length > 0 ? JSON.stringify(wanted) : undefined;
}

export interface CsiProviderData {
  fsid: string;
  monitors: string[];
  /** The cephx id without `client.`. */
  user: string;
  /** A secret: never log it. */
  key: string;
  rbdPool?: string;
  cephfsName?: string;
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Ceph pool and filesystem names: printable, no spaces or slashes (what `ceph osd pool create` takes). */
const CEPH_NAME = /^[A-Za-z0-9_.-]{1,255}$/;
const CEPHX_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** `client.csi-k8s` or `csi-k8s` → `csi-k8s` (Ceph CSI adds the `client.` entity prefix itself). */
export function bareId(userId: string): string {
  return userId.startsWith("client.") ? userId.slice("client.".length) : userId;
}

/** The monitors of `mon_hosts`: a JSON list of address strings (each may hold several). */
export function parseMonHostsJson(raw: string, source: string): Result<string[]> {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return err(invalidField("mon_hosts", source, "not JSON"));
  }
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) return err(invalidField("mon_hosts", source, "not a list of addresses"));
  const tokens = (v as string[]).flatMap(splitTokens);
  const bad = tokens.find((t) => normalizeMonitor(t) === undefined);
  if (bad !== undefined) return err(invalidField("mon_hosts", source, bad));
  if (tokens.length === 0) return err(invalidField("mon_hosts", source, "[]"));
  return ok(sortUnique(tokens.map((t) => normalizeMonitor(t) as string)));
}

/**
 * The provider's answer for the workloads we asked for. Malformed data → blocked naming the
 * field (never a key); keys not there yet → the list of missing keys (the caller waits).
 */
/** The app-bag keys the charm reads. */
export const PROVIDER_FIELDS = ["fsid", "mon_hosts", "user_id", "user_key", "rbd_pool", "cephfs_fs_name"] as const;

export function parseCsiProvider(app: Bag, o: { source: string; want: readonly Workload[] }): Result<CsiProviderData, Problem | string[]> {
  const needed = ["fsid", "mon_hosts", "user_id", "user_key", ...(o.want.includes("rbd") ? ["rbd_pool"] : []), ...(o.want.includes("cephfs") ? ["cephfs_fs_name"] : [])];
  const v = (k: string) => present(app, k);
  const fsid = v("fsid");
  if (fsid !== undefined && !UUID.test(fsid)) return err(invalidField("fsid", o.source, fsid));
  const userId = v("user_id");
  if (userId !== undefined && !CEPHX_ID.test(bareId(userId))) return err(invalidField("user_id", o.source, shownValue(userId)));
  const key = v("user_key");
  if (key !== undefined && !isCephxKey(key)) return err(invalidField("key", o.source, undefined));
  for (const name of ["rbd_pool", "cephfs_fs_name"]) {
    const x = v(name);
    if (x !== undefined && !CEPH_NAME.test(x)) return err(invalidField(name, o.source, x));
  }
  let monitors: string[] | undefined;
  const hosts = v("mon_hosts");
  if (hosts !== undefined) {
    const m = parseMonHostsJson(hosts, o.source);
    if (!m.ok) return m;
    monitors = m.value;
  }
  const missing = needed.filter((k) => v(k) === undefined);
  if (missing.length > 0) return err(missing);
  const rbdPool = v("rbd_pool");
  const cephfsName = v("cephfs_fs_name");
  return ok({
    fsid: (fsid as string).toLowerCase(),
    monitors: monitors as string[],
    user: bareId(userId as string),
    key: key as string,
    ...(rbdPool !== undefined ? { rbdPool } : {}),
    ...(cephfsName !== undefined ? { cephfsName } : {}),
  });
}

