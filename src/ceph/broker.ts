/**
 * The Ceph broker conversation on ceph-client: the request this charm sends and
 * the evaluation of ceph-mon's answers. Pure functions over relation data.
 *
 * Request ops are exactly what charm-helpers' CephBrokerRq produces for
 * `add_op_create_replicated_pool(name, replica_count=3, app_name="rbd", weight=40)`
 * twice plus `set_key_permissions`, and the request-id is charm-helpers' rule:
 * sha1 hex of `json.dumps(ops, sort_keys=True)`. So the id changes exactly when
 * the ops change. A retry of the same ops appends "-r<n>" (n ≥ 1).
 */
import { createHash } from "node:crypto";
import { oneLine } from "../redact.ts";
import { type Problem, problem } from "../status/problem.ts";
import { defineValidator } from "../validation/validator.ts";
import type { Bag } from "./bags.ts";
import { RBD_POOLS } from "./names.ts";
import { type PyJson, pyDumps, pyFloat } from "./pyjson.ts";

/** Caps for client.<app> (flat entity/cap list as set-key-permissions takes it). */
export const CSI_KEY_PERMISSIONS = [
  "mon",
  "profile rbd, allow r",
  "mds",
  "allow rw",
  "mgr",
  "allow rw",
  "osd",
  "profile rbd, allow rw tag cephfs metadata=*",
] as const;

export type BrokerOp = { [key: string]: PyJson };

export interface BrokerRequest {
  /** Ops as sent (PyJson: `weight` is a Python float). */
  ops: BrokerOp[];
  /** sha1 of the canonical ops: identical for every retry of the same ops. */
  baseId: string;
  /** 0 for the first send, n for the n-th retry. */
  attempt: number;
  /** The request-id on the wire: baseId, or `${baseId}-r${attempt}`. */
  requestId: string;
  /** The relation value of `broker_req`. */
  wire: string;
}

function createReplicatedPoolOp(name: string): BrokerOp {
  // Key order as charm-helpers' ReplicatedPool/BasePool op dict (irrelevant to the id, which sorts keys).
  return {
    op: "create-pool",
    name,
    replicas: 3,
    pg_num: null,
    "crush-profile": null,
    "app-name": "rbd",
    "compression-algorithm": null,
    "compression-mode": null,
    "compression-required-ratio": null,
    "compression-min-blob-size": null,
    "compression-min-blob-size-hdd": null,
    "compression-min-blob-size-ssd": null,
    "compression-max-blob-size": null,
    "compression-max-blob-size-hdd": null,
    "compression-max-blob-size-ssd": null,
    group: null,
    "max-bytes": null,
    "max-objects": null,
    "group-namespace": null,
    "rbd-mirroring-mode": "pool",
    weight: pyFloat(40),
  };
}

const opsOf = new Map<string, BrokerOp[]>();

/** The ops this charm asks ceph-mon for, for application `app` (the cephx user client.<app>). The same array each call: do not change it. */
export function csiBrokerOps(app: string): BrokerOp[] {
  let ops = opsOf.get(app);
  if (ops === undefined) {
    ops = [...[RBD_POOLS.xfs, RBD_POOLS.ext4].map(createReplicatedPoolOp), { op: "set-key-permissions", permissions: [...CSI_KEY_PERMISSIONS], client: app }];
    opsOf.set(app, ops);
  }
  return ops;
}

const idOf = new WeakMap<BrokerOp[], string>();

/** charm-helpers' request-id: sha1 hex of json.dumps(ops, sort_keys=True). */
export function opsRequestId(ops: BrokerOp[]): string {
  let id = idOf.get(ops);
  if (id === undefined) {
    id = createHash("sha1").update(pyDumps(ops, true), "utf8").digest("hex");
    idOf.set(ops, id);
  }
  return id;
}

export function requestIdFor(baseId: string, attempt: number): string {
  return attempt > 0 ? `${baseId}-r${attempt}` : baseId;
}

/** Split a request-id into its ops hash and retry number (attempt 0 when it has no suffix). */
export function parseRequestId(id: string): { baseId: string; attempt: number } {
  const m = /^(.*)-r([1-9][0-9]*)$/.exec(id);
  if (m?.[1] && m[2]) return { baseId: m[1], attempt: Number(m[2]) };
  return { baseId: id, attempt: 0 };
}

/** Build a request from explicit ops (also used by tests for requests ceph rejects). */
export function brokerRequestFromOps(ops: BrokerOp[], attempt = 0): BrokerRequest {
  const baseId = opsRequestId(ops);
  const requestId = requestIdFor(baseId, attempt);
  const wire = pyDumps({ "api-version": 1, ops, "request-id": requestId });
  return { ops, baseId, attempt, requestId, wire };
}

/** The charm's broker request for `app`; `attempt` > 0 is a retry of the same ops. */
export function brokerRequest(app: string, attempt = 0): BrokerRequest {
  return brokerRequestFromOps(csiBrokerOps(app), attempt);
}

/** The same ops with the next retry suffix: a new string, so ceph-mon sees a change. */
export function retryRequest(req: BrokerRequest): BrokerRequest {
  return brokerRequestFromOps(req.ops, req.attempt + 1);
}

/** The request-id of a `broker_req` value, or undefined when absent or unreadable. */
export function sentRequestId(brokerReq: string | undefined): string | undefined {
  if (!brokerReq) return undefined;
  try {
    const v: unknown = JSON.parse(brokerReq);
    if (v && typeof v === "object" && typeof (v as Record<string, unknown>)["request-id"] === "string") {
      return (v as Record<string, string>)["request-id"];
    }
  } catch {
    // unreadable: treated as not sent
  }
  return undefined;
}

/**
 * The request to keep in the unit bag: the one already there when it carries
 * the same ops (keeping its retry number), otherwise a fresh one (attempt 0).
 */
export function currentRequest(ops: BrokerOp[], brokerReqInBag: string | undefined): BrokerRequest {
  const fresh = brokerRequestFromOps(ops);
  const sent = sentRequestId(brokerReqInBag);
  if (sent === undefined) return fresh;
  const { baseId, attempt } = parseRequestId(sent);
  return baseId === fresh.baseId && attempt > 0 ? brokerRequestFromOps(ops, attempt) : fresh;
}

// ---------------------------------------------------------------- responses --

/** `broker-rsp-<unit name with "/" replaced by "-">`. */
export function responseKey(unitName: string): string {
  return `broker-rsp-${unitName.replaceAll("/", "-")}`;
}

export const LEGACY_RESPONSE_KEY = "broker_rsp";

export type BrokerEvaluation =
  | { state: "complete"; requestId: string; unit?: string }
  | { state: "pending"; problem: Problem }
  | { state: "failed"; reason: string; requestId?: string; unit: string; problem: Problem }
  | { state: "invalid"; unit: string; problem: Problem };

interface BrokerResponse {
  "exit-code"?: number | string | null;
  "request-id"?: string;
  stderr?: string;
}

const validateResponse = defineValidator<BrokerResponse>({
  name: "brokerResponse",
  options: { allowUnionTypes: true },
  schema: {
    type: "object",
    properties: {
      "exit-code": { type: ["integer", "string", "null"] },
      "request-id": { type: "string" },
      stderr: { type: "string" },
    },
  },
});

/**
 * The response's exit code: success only when charm-helpers' `not exit_code` holds (absent, null,
 * "" or the number 0). Any other string fails, "0" and " " included (both truthy in Python);
 * a numeric one shows its number, anything else 1.
 */
function exitCode(r: BrokerResponse): number {
  const c = r["exit-code"];
  if (c === undefined || c === null || c === "" || c === 0) return 0;
  if (typeof c === "number") return Number.isFinite(c) ? c : 1;
  const n = Number(c);
  return c.trim() !== "" && Number.isFinite(n) && n !== 0 ? n : 1;
}

type Parsed = { unit: string; rsp: BrokerResponse } | { unit: string; invalid: true };

function parseResponses(key: string, remoteUnits: Readonly<Record<string, Bag>>): Parsed[] {
  const out: Parsed[] = [];
  for (const unit of Object.keys(remoteUnits).sort()) {
    const raw = remoteUnits[unit]?.[key];
    if (raw === undefined || raw === "") continue;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      out.push({ unit, invalid: true });
      continue;
    }
    if (validateResponse(v)) out.push({ unit, rsp: v });
    else out.push({ unit, invalid: true });
  }
  return out;
}

/** The request-ids ceph-mon's units answered with success for `unitName`, in unit order. */
export function succeededRequestIds(unitName: string, remoteUnits: Readonly<Record<string, Bag>>): string[] {
  return parseResponses(responseKey(unitName), remoteUnits).flatMap((p) =>
    "rsp" in p && exitCode(p.rsp) === 0 && typeof p.rsp["request-id"] === "string" ? [p.rsp["request-id"]] : [],
  );
}

function failedReason(r: BrokerResponse): string {
  const reason = oneLine(r.stderr ?? "");
  return reason === "" ? `exit code ${exitCode(r)}` : reason;
}

export interface EvaluateInput {
  /** This unit's name, e.g. "ceph-csi/0". */
  unitName: string;
  /** The request-id currently in our bag. */
  requestId: string;
  /** Remote (ceph-mon) unit bags. */
  remoteUnits: Readonly<Record<string, Bag>>;
  /** A request-id that completed earlier (stored state): same ops ⇒ complete even if the answer left. */
  completedRequestId?: string | undefined;
}

/**
 * Evaluate ceph-mon's responses for our request, over all mon units.
 * complete: some unit answered a request with the same ops (any retry) with exit-code 0/absent,
 *   or the stored completion is for the same ops;
 * failed: a response for our current id with exit-code ≠ 0, or a response for our unit
 *   without request-id and exit-code ≠ 0 (ceph-mon raised while processing);
 * invalid: our response key holds something that is not a broker response;
 * pending: otherwise.
 * The legacy `broker_rsp` is never read: it is shared by all requirer units (whoever was
 * processed last), so a failure without request-id in it may well be another unit's; every
 * ceph-mon that answers at all also writes `broker-rsp-<unit>`.
 */
export function evaluateBrokerResponse(input: EvaluateInput): BrokerEvaluation {
  const { baseId } = parseRequestId(input.requestId);
  if (input.completedRequestId !== undefined && parseRequestId(input.completedRequestId).baseId === baseId) {
    return { state: "complete", requestId: input.completedRequestId };
  }
  const parsed = parseResponses(responseKey(input.unitName), input.remoteUnits);
  for (const p of parsed) {
    if (!("rsp" in p)) continue;
    const id = p.rsp["request-id"];
    if (id !== undefined && parseRequestId(id).baseId === baseId && exitCode(p.rsp) === 0) {
      return { state: "complete", requestId: id, unit: p.unit };
    }
  }
  const failedExact = parsed.find((p) => "rsp" in p && p.rsp["request-id"] === input.requestId && exitCode(p.rsp) !== 0);
  const failedNoId = parsed.find((p) => "rsp" in p && p.rsp["request-id"] === undefined && exitCode(p.rsp) !== 0);
  const failed = failedExact ?? failedNoId;
  if (failed && "rsp" in failed) {
    const reason = failedReason(failed.rsp);
    const id = failed.rsp["request-id"];
    return {
      state: "failed",
      reason,
      ...(id !== undefined ? { requestId: id } : {}),
      unit: failed.unit,
      problem: problem("brokerFailed", { reason }),
    };
  }
  const invalid = parsed.find((p) => "invalid" in p);
  if (invalid) {
    return {
      state: "invalid",
      unit: invalid.unit,
      problem: problem("brokerInvalid", { key: responseKey(input.unitName), unit: invalid.unit }),
    };
  }
  return { state: "pending", problem: problem("brokerPending") };
}
