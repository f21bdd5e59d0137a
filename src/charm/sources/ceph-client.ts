/** Ceph from ceph-mon's `client` endpoint (our `ceph-client`): the broker request, the key, the monitors; ceph-admin optionally. */
import { parseAdminRelation } from "../../ceph/admin-relation.ts";
import { type ClientRelationData, parseClientRelation } from "../../ceph/client-relation.ts";
import { RBD_POOLS } from "../../ceph/names.ts";
import { note, problem } from "../../status/problem.ts";
import { brokerStep } from "../broker-step.ts";
import type { Draft } from "../draft.ts";
import { retriesBroker } from "../events.ts";
import type { RelationData } from "../observation.ts";
import { previousBroker } from "../previous-broker.ts";
import { KEYS } from "../stored.ts";
import type { CephAccess, SourceOutcome } from "./access.ts";

/** ceph-mon's answer as access: the user is the application's name, the pools the broker made. */
export function clientAccess(c: ClientRelationData, user: string, extra: { fsid?: string; adminKey?: string } = {}): CephAccess {
  return {
    monitors: c.monitors,
    auth: c.auth,
    user,
    key: c.key,
    rbdPools: { ...RBD_POOLS },
    ...(c.rbdFeatures !== undefined ? { rbdFeatures: c.rbdFeatures } : {}),
    ...(extra.fsid !== undefined ? { fsid: extra.fsid } : {}),
    ...(extra.adminKey !== undefined ? { adminKey: extra.adminKey } : {}),
  };
}

export function fromCephClient(d: Draft, relations: readonly RelationData[], o: { write: boolean }): SourceOutcome {
  const { event, stored } = d.obs;
  if (relations.length > 1) {
    d.problems.push(problem("multipleClients"));
    return { brokerFailed: false };
  }
  const relation = relations[0] as RelationData;
  const step = brokerStep({ app: event.appName, unitName: event.unitName, retry: retriesBroker(event), relation, stored });
  if (o.write) {
    if (Object.keys(step.writes).length > 0) d.effects.relationWrites.push({ relId: relation.id, data: step.writes });
    for (const [k, v] of Object.entries(step.stored)) d.store(k, v);
  }
  const client = parseClientRelation({ units: relation.units, app: relation.app, appName: relation.remoteApp });
  if (!client.ok) d.problems.push(client.error);
  // After a switch, the Python charm's completed request stands in for ours while it is pending.
  const previous = step.evaluation.state === "pending" ? previousBroker(d, relation, step.requestId, o) : "none";
  if (step.evaluation.state === "complete" && o.write) d.store(KEYS.previousBroker, undefined);
  if (previous === "covered") d.notes.push(note("notePreviousBroker"));
  else if (step.evaluation.state !== "complete") d.problems.push(step.evaluation.problem);

  let fsid: string | undefined;
  let adminKey: string | undefined;
  const admin = d.obs.relations["ceph-admin"][0];
  if (admin !== undefined) {
    const parsed = parseAdminRelation(admin.units);
    if (!parsed.ok) d.problems.push(parsed.error);
    else if (parsed.value !== undefined) {
      fsid = parsed.value.fsid;
      adminKey = parsed.value.key;
    }
  }
  const brokerFailed = step.evaluation.state === "failed";
  if (!client.ok || (step.evaluation.state !== "complete" && previous !== "covered")) return { brokerFailed };
  return { brokerFailed, access: clientAccess(client.value, event.appName, { ...(fsid !== undefined ? { fsid } : {}), ...(adminKey !== undefined ? { adminKey } : {}) }) };
}
