/**
 * The ceph-client conversation of one hook: what to write to our unit bag, and where the
 * broker request stands. Pure: inputs and stored state in, writes and evaluation out.
 */
import { type BrokerEvaluation, csiBrokerOps, currentRequest, evaluateBrokerResponse, retryRequest } from "../ceph/broker.ts";
import { clientUnitWrites } from "../ceph/client-relation.ts";
import type { RelationData } from "./inputs.ts";
import { KEYS, type StoredState } from "./stored.ts";

export interface BrokerStep {
  /** Keys to write to our ceph-client unit bag (empty: up to date). */
  writes: Record<string, string>;
  evaluation: BrokerEvaluation;
}

/** Hooks on which a failed request is sent again (never relation hooks: that would loop with ceph-mon). */
const RETRY_HOOKS = new Set(["config-changed", "update-status", "upgrade-charm", "leader-elected", "start"]);

function storedBag(stored: StoredState, relId: number): Record<string, string> {
  const text = stored.get(KEYS.clientBag);
  if (text === undefined) return {};
  try {
    const v = JSON.parse(text) as { relId?: number; bag?: Record<string, string> };
    return v.relId === relId && v.bag ? v.bag : {};
  } catch {
    return {};
  }
}

function storedDone(stored: StoredState, relId: number): string | undefined {
  const [rel, id] = (stored.get(KEYS.brokerDone) ?? "").split(" ");
  return rel === String(relId) ? id : undefined;
}

export function brokerStep(o: { app: string; unitName: string; hook: string; relation: RelationData; stored: StoredState }): BrokerStep {
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
  if (evaluation.state === "failed" && RETRY_HOOKS.has(o.hook)) {
    request = retryRequest(request);
    evaluation = evaluateBrokerResponse({ unitName, requestId: request.requestId, remoteUnits: relation.units });
  }
  if (evaluation.state === "complete") stored.set(KEYS.brokerDone, `${relation.id} ${evaluation.requestId}`);
  const writes = clientUnitWrites(local, { app, unitName, request });
  if (Object.keys(writes).length > 0) {
    stored.set(KEYS.clientBag, JSON.stringify({ relId: relation.id, bag: { ...local, ...writes } }));
  }
  return { writes, evaluation };
}
