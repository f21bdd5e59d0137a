/**
 * The broker's `create-pool` op as charms.ceph (`handle_replicated_pool`, `handle_erasure_pool`)
 * and charm-helpers (`ReplicatedPool`, `BasePool`) run it. "Soft" failures return an answer; a
 * Python exception (KeyError aside) is thrown and ends the whole request (no request-id).
 * Seen on a real cluster (ceph-mon-protocol.md §7): no `rbd pool init`; an empty name reaches
 * `ceph osd pool create` and fails there; pg_num from the PG calculator, `--pg-num-min`,
 * size, target_size_ratio = weight/100, application enable (a failure there is only logged).
 */
import type { CephBackend } from "./backend.ts";
import { type PyValue, pyNumber, PyFloat } from "./pyrepr.ts";

export type Op = { [k: string]: PyValue };
export type OpResult = { "exit-code": number; stderr: string } | undefined;

/** A field the simulator does not act on was set: fail the test loudly rather than differ silently. */
export class NotSimulated extends Error {}

const soft = (stderr: string): OpResult => ({ "exit-code": 1, stderr });

/** charm-helpers `validator(value, int)`: Python's isinstance(x, int) (bool counts, float does not). */
function pyInt(v: PyValue | undefined): number {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  throw new TypeError(`${String(v)} is not a <class 'int'>`);
}

/** charm-helpers BasePool.op_validation_map, applied to non-null values (ValueError → exception). */
const VALIDATION: Record<string, (v: PyValue) => boolean> = {
  "compression-algorithm": (v) => typeof v === "string" && ["lz4", "snappy", "zlib", "zstd"].includes(v),
  "compression-mode": (v) => typeof v === "string" && ["none", "passive", "aggressive", "force"].includes(v),
  "compression-required-ratio": (v) => v instanceof PyFloat,
  "compression-min-blob-size": (v) => typeof v === "number" || typeof v === "boolean",
  "compression-min-blob-size-hdd": (v) => typeof v === "number" || typeof v === "boolean",
  "compression-min-blob-size-ssd": (v) => typeof v === "number" || typeof v === "boolean",
  "compression-max-blob-size": (v) => typeof v === "number" || typeof v === "boolean",
  "compression-max-blob-size-hdd": (v) => typeof v === "number" || typeof v === "boolean",
  "compression-max-blob-size-ssd": (v) => typeof v === "number" || typeof v === "boolean",
  "rbd-mirroring-mode": (v) => typeof v === "string" && ["image", "pool"].includes(v),
};

function validate(op: Op): void {
  for (const [k, check] of Object.entries(VALIDATION)) {
    const v = op[k];
    if (v !== undefined && v !== null && !check(v)) throw new RangeError(`'${k}': invalid value`);
  }
  const truthy = (k: string) => {
    const v = op[k];
    return v !== undefined && v !== null && v !== false && v !== 0 && v !== "" && !(v instanceof PyFloat && v.value === 0);
  };
  // update(): quota and compression are applied on every processing; numeric compression values
  // reach subprocess unconverted and raise TypeError (ceph-mon-protocol.md §3.3)
  for (const k of Object.keys(VALIDATION).filter((x) => x.startsWith("compression-"))) {
    if (truthy(k) && typeof op[k] !== "string") throw new TypeError("expected str, bytes or os.PathLike object");
  }
  for (const k of ["compression-algorithm", "compression-mode", "max-bytes", "max-objects", "group"]) {
    if (truthy(k)) throw new NotSimulated(`ceph-mon-sim does not simulate create-pool field "${k}"`);
  }
}

/** charm-helpers BasePool.get_pgs with ceph-mon's defaults (pgs-per-osd 100, expected-osd-count 0). */
export function pgsFor(poolSize: number, percentData: number, osdCount: number, expectedOsdCount = 0): number {
  const osds = osdCount > 0 ? Math.max(expectedOsdCount, osdCount) : expectedOsdCount;
  if (osds === 0) return 200;
  let num = Math.floor((100 * osds * (percentData / 100)) / poolSize);
  if (num < 2) num = 2;
  const nearest = 2 ** Math.floor(Math.log2(num));
  return num - nearest > num * 0.25 ? nearest * 2 : nearest;
}

/** BasePool._post_create: `osd pool application enable <pool> <app-name or "unknown">`; a failure is only logged. */
async function enableApplication(backend: CephBackend, pool: string, op: Op): Promise<void> {
  const app = op["app-name"];
  try {
    await backend.enableApplication(pool, typeof app === "string" && app !== "" ? app : "unknown");
  } catch {
    // charm-helpers logs "Could not set app name for pool"
  }
}

async function replicatedPool(backend: CephBackend, op: Op): Promise<OpResult> {
  const replicasRaw = op["replicas"];
  if (op["pg_num"]) {
    // the cap divides by replicas: None or 0 raises
    const osds = await backend.osdCount();
    if (osds > 0 && !pyNumber(replicasRaw)) throw new TypeError("unsupported operand type(s) for //: 'int' and 'NoneType'");
  }
  if (!("name" in op) || !("replicas" in op)) return soft("Missing parameter.");
  const name = op["name"];
  if (typeof name !== "string") throw new TypeError("expected str, bytes or os.PathLike object");
  if (!(await backend.poolExists(name))) {
    validate(op);
    const replicas = pyInt(replicasRaw);
    const weightRaw = op["weight"];
    if (weightRaw && pyNumber(weightRaw) === undefined) throw new TypeError("unsupported operand type(s) for /=");
    const weight = pyNumber(weightRaw) || 10;
    const osds = await backend.osdCount();
    let pgNum = pgsFor(replicas, weight, osds);
    const wanted = pyNumber(op["pg_num"]);
    if (wanted) pgNum = Math.min(wanted, Math.floor((osds * 100) / replicas), pgsFor(replicas, 100, osds));
    const rule = op["crush-profile"];
    await backend.createReplicatedPool(name, {
      size: replicas,
      pgNum,
      pgNumMin: Math.min(32, pgNum),
      crushRule: typeof rule === "string" && rule !== "" ? rule : undefined,
      targetSizeRatio: weight / 100,
    });
    await enableApplication(backend, name, op);
  }
  validate(op);
  return undefined;
}

async function erasurePool(backend: CephBackend, op: Op): Promise<OpResult> {
  const profileRaw = op["erasure-profile"];
  const profile = typeof profileRaw === "string" ? profileRaw : "default-canonical";
  if (!(await backend.erasureProfileExists(profile))) {
    return soft(`erasure-profile ${profile} does not exist.  Please create it with: create-erasure-profile`);
  }
  if (!("name" in op)) return soft("Missing parameter.");
  const name = op["name"];
  if (typeof name !== "string") throw new TypeError("expected str, bytes or os.PathLike object");
  if (!(await backend.poolExists(name))) {
    validate(op);
    await backend.createErasurePool(name, profile);
    await enableApplication(backend, name, op);
  }
  validate(op);
  return undefined;
}

export function createPool(backend: CephBackend, op: Op): Promise<OpResult> {
  return op["pool-type"] === "erasure" ? erasurePool(backend, op) : replicatedPool(backend, op);
}
