/**
 * The Ceph broker as the Ceph-leader ceph-mon runs it (charms.ceph `process_requests`):
 * ops in order, only the last op's result counts, an unknown op stops with exit-code 1,
 * any exception → exit-code 1 with a Python repr of the request and **no** request-id.
 */
import type { CephBackend } from "./backend.ts";
import { pyRepr } from "./pyrepr.ts";

export interface BrokerResponse {
  "exit-code": number;
  stderr?: string;
  "request-id"?: string;
}

type Op = Record<string, unknown>;
type OpResult = { "exit-code": number; stderr: string } | undefined;

function soft(stderr: string): OpResult {
  return { "exit-code": 1, stderr };
}

async function createPool(backend: CephBackend, op: Op): Promise<OpResult> {
  const name = op["name"];
  const erasure = op["pool-type"] === "erasure";
  if (typeof name !== "string" || name === "") return soft("Missing parameter.");
  const app = typeof op["app-name"] === "string" ? op["app-name"] : "unknown";
  if (erasure) {
    const profile = typeof op["erasure-profile"] === "string" ? op["erasure-profile"] : "default-canonical";
    if (!(await backend.erasureProfileExists(profile))) {
      return soft(`erasure-profile ${profile} does not exist.  Please create it with: create-erasure-profile`);
    }
    if (!(await backend.poolExists(name))) {
      await backend.createErasurePool(name, profile);
      await backend.enableApplication(name, app);
    }
    return undefined;
  }
  const replicas = op["replicas"];
  if (replicas === undefined || replicas === null) return soft("Missing parameter.");
  if (typeof replicas !== "number") throw new TypeError("replicas must be an int");
  if (!(await backend.poolExists(name))) {
    const rule = typeof op["crush-profile"] === "string" ? op["crush-profile"] : undefined;
    await backend.createReplicatedPool(name, replicas, rule);
    await backend.enableApplication(name, app);
    if (app === "rbd") await backend.rbdPoolInit(name);
  }
  return undefined;
}

async function setKeyPermissions(backend: CephBackend, op: Op): Promise<OpResult> {
  const perms = op["permissions"];
  const client = op["client"];
  if (!Array.isArray(perms)) throw new TypeError("permissions must be a list");
  try {
    await backend.setCaps(String(client), perms.map(String));
  } catch {
    // charms.ceph only logs a failed `ceph auth caps`
  }
  return undefined;
}

const HANDLERS: Record<string, (b: CephBackend, op: Op) => Promise<OpResult>> = {
  "create-pool": createPool,
  "set-key-permissions": setKeyPermissions,
};

/** Process one `broker_req` value; undefined when ceph-mon would ignore it (not JSON, no request-id). */
export async function processBrokerRequest(backend: CephBackend, brokerReq: string): Promise<BrokerResponse | undefined> {
  let req: Record<string, unknown>;
  try {
    req = JSON.parse(brokerReq) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!req || typeof req !== "object") return undefined;
  const requestId = req["request-id"];
  if (typeof requestId !== "string") return undefined;
  try {
    const version = req["api-version"];
    if (version !== 1) {
      return { "exit-code": 1, stderr: `Missing or invalid api version (${pyRepr(version)})`, "request-id": requestId };
    }
    const ops = req["ops"];
    if (!Array.isArray(ops)) throw new TypeError("ops");
    let ret: OpResult;
    for (const op of ops as Op[]) {
      const name = String(op["op"]);
      const handler = HANDLERS[name];
      if (!handler) return { "exit-code": 1, stderr: `Unknown operation '${name}'`, "request-id": requestId };
      ret = await handler(backend, op);
    }
    return { ...(ret ?? { "exit-code": 0 }), "request-id": requestId };
  } catch {
    return {
      "exit-code": 1,
      stderr: `Unexpected error occurred while processing requests: ${pyRepr(req)}`,
    };
  }
}

/** ceph-mon writes responses with Python's json.dumps (", " / ": " separators, insertion order). */
export function responseWire(rsp: BrokerResponse): string {
  return `{${Object.entries(rsp)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(", ")}}`;
}
