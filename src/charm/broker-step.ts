/**
 * The ceph-client conversation of one hook: what to write to our unit bag, and where the
 * broker request stands. Pure: relation data and stored state in, writes and evaluation out.
 */
import { type BrokerEvaluation, csiBrokerOps, currentRequest, evaluateBrokerResponse, retryRequest } from "../ceph/broker.ts";
import { clientUnitWrites } from "../ceph/client-relation.ts";
import type { RelationData } from "./observation.ts";
import { KEYS, type Stored } from "./stored.ts";

export interface BrokerStep {
  /** Keys to write to our ceph-client unit bag (empty: up to date). */
  writes: Record<string, string>;
  evaluation: BrokerEvaluation;
  /** The request-id in our bag after the writes. */
  requestId: string;
  /** Stored-state changes. */
  stored: Record<string, string>;
}

function storedBag(stored: Stored, relId: number): Record<string, string> {
  const text = stored[KEYS.clientBag];
  if (text === undefined) return {};
  try {
    const v = JSON.parse(text) as { relId?: number; bag?: Record<string, string> };
    return v.relId === relId && v.bag ? v.bag : {};
  } catch {
    return {};
  }
}

function storedDone(stored: Stored, relId: number): string | undefined {
  const [rel, id] = (stored[KEYS.brokerDone] ?? "").split(" ");
  return rel === String(relId) ? id : undefined;
}

export function brokerStep(o: { app: string; unitName: string; retry: boolean; relation: RelationData; stored: Stored }): BrokerStep {
  const { app, unitName, relation, stored } = o;
  const local = storedBag(stored, relation.id);
  const ops = csiBrokerOps(app);
  let request = currentRequest(ops, local["broker_req"]);
  let evaluation = evaluateBrokerResponse({
    unitName,
    requestId: request.requestId,
    remoteUnits: relation.units,
    completedRequestId: storedDone(stored, relation.id),
  });
  if (evaluation.state === "failed" && o.retry) {
    request = retryRequest(request);
    evaluation = evaluateBrokerResponse({ unitName, requestId: request.requestId, remoteUnits: relation.units });
  }
  const out: Record<string, string> = {};
  if (evaluation.state === "complete") out[KEYS.brokerDone] = `${relation.id} ${evaluation.requestId}`;
  const writes = clientUnitWrites(local, { app, unitName, request });
  if (Object.keys(writes).length > 0) out[KEYS.clientBag] = JSON.stringify({ relId: relation.id, bag: { ...local, ...writes } });
  return { writes, evaluation, requestId: request.requestId, stored: out };
}
