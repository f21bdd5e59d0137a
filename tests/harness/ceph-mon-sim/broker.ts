/**
 * The Ceph broker as the Ceph-leader ceph-mon runs it (charms.ceph `process_requests`):
 * ops in order, only the last op's result counts, an unknown op stops with exit-code 1,
 * any exception → exit-code 1 with a Python repr of the request and **no** request-id.
 * The request is decoded like Python's json.loads (floats stay floats, so the repr shows 40.0).
 */
import type { CephBackend } from "./backend.ts";
import { createPool, NotSimulated, type Op, type OpResult } from "./pool-op.ts";
import { PyFloat, type PyValue, pyDumps, pyLoads, pyRepr, pyStr } from "./pyrepr.ts";

export { NotSimulated } from "./pool-op.ts";

export interface BrokerResponse {
  "exit-code": number;
  stderr?: string;
  "request-id"?: string;
}

async function setKeyPermissions(backend: CephBackend, op: Op): Promise<OpResult> {
  const perms = op["permissions"];
  if (!Array.isArray(perms)) throw new TypeError("permissions must be a list");
  try {
    await backend.setCaps(pyStr(op["client"]), perms.map(pyStr));
  } catch {
    // charms.ceph only logs a failed `ceph auth caps`
  }
  return undefined;
}

const HANDLERS: Record<string, (b: CephBackend, op: Op) => Promise<OpResult>> = {
  "create-pool": createPool,
  "set-key-permissions": setKeyPermissions,
};

const isDict = (v: PyValue | undefined): v is { [k: string]: PyValue } =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof PyFloat);

/** Python's `version == 1`: true for 1, 1.0 and True. */
function isVersionOne(v: PyValue | undefined): boolean {
  return v === 1 || v === true || (v instanceof PyFloat && v.value === 1);
}

/** Process one `broker_req` value; undefined when ceph-mon would ignore it (not JSON, no request-id). */
export async function processBrokerRequest(backend: CephBackend, brokerReq: string): Promise<BrokerResponse | undefined> {
  let req: PyValue;
  try {
    req = pyLoads(brokerReq);
  } catch {
    return undefined;
  }
  if (!isDict(req)) return undefined;
  const requestId = req["request-id"];
  if (typeof requestId !== "string") return undefined;
  try {
    const version = req["api-version"];
    if (!isVersionOne(version)) {
      return { "exit-code": 1, stderr: `Missing or invalid api version (${pyStr(version ?? null)})`, "request-id": requestId };
    }
    const ops = req["ops"];
    if (!Array.isArray(ops)) throw new TypeError("ops");
    let ret: OpResult;
    for (const op of ops) {
      if (!isDict(op)) throw new TypeError("'op' has no attribute 'get'");
      const name = pyStr(op["op"] ?? null);
      const handler = HANDLERS[name];
      if (!handler) return { "exit-code": 1, stderr: `Unknown operation '${name}'`, "request-id": requestId };
      ret = await handler(backend, op);
    }
    return { ...(ret ?? { "exit-code": 0 }), "request-id": requestId };
  } catch (e) {
    if (e instanceof NotSimulated) throw e;
    return {
      "exit-code": 1,
      stderr: `Unexpected error occurred while processing requests: ${pyRepr(req)}`,
    };
  }
}

/** ceph-mon writes responses with Python's json.dumps (", " / ": " separators, insertion order, ASCII). */
export function responseWire(rsp: BrokerResponse): string {
  return pyDumps(rsp);
}
