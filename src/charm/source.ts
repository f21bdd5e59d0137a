/**
 * Where Ceph comes from: the ceph-client relation (with the broker conversation) and, optionally,
 * ceph-admin. Yields the access the rest of the decision needs, or problems.
 */
import { parseAdminRelation } from "../ceph/admin-relation.ts";
import { parseClientRelation } from "../ceph/client-relation.ts";
import { RBD_POOLS, type RbdPools } from "../ceph/names.ts";
import { problem } from "../status/problem.ts";
import { brokerStep } from "./broker-step.ts";
import type { Draft } from "./draft.ts";
import { retriesBroker } from "./events.ts";

/** What it takes to talk to Ceph and render CSI, before asking Ceph anything. */
export interface CephAccess {
  monitors: string[];
  auth: "cephx" | "none";
  /** cephx id without `client.`. */
  user: string;
  /** A secret: never log it. */
  key: string;
  rbdPools: RbdPools;
  rbdFeatures?: number;
  /** The fsid when a source tells it (else `ceph fsid`). */
  fsid?: string;
  /** client.admin's key (ceph-admin), for management commands on this machine only. */
  adminKey?: string;
}

export interface SourceOutcome {
  access?: CephAccess;
  /** ceph-mon refused the broker request: it is sent again on a periodic hook. */
  brokerFailed: boolean;
}

/** `write`: the hook may write relation data and stored state (false for actions). */
export function cephSource(d: Draft, o: { write: boolean }): SourceOutcome {
  const { event, relations, stored } = d.obs;
  const clients = relations["ceph-client"];
  if (clients.length === 0) {
    d.problems.push(problem("missingClient"));
    return { brokerFailed: false };
  }
  if (clients.length > 1) {
    d.problems.push(problem("multipleClients"));
    return { brokerFailed: false };
  }
  const relation = clients[0] as (typeof clients)[number];
  const step = brokerStep({ app: event.appName, unitName: event.unitName, retry: retriesBroker(event), relation, stored });
  if (o.write) {
    if (Object.keys(step.writes).length > 0) d.effects.relationWrites.push({ relId: relation.id, data: step.writes });
    for (const [k, v] of Object.entries(step.stored)) d.store(k, v);
  }
  const client = parseClientRelation({ units: relation.units, app: relation.app, appName: relation.remoteApp });
  if (!client.ok) d.problems.push(client.error);
  if (step.evaluation.state !== "complete") d.problems.push(step.evaluation.problem);

  let fsid: string | undefined;
  let adminKey: string | undefined;
  const admin = relations["ceph-admin"][0];
  if (admin !== undefined) {
    const parsed = parseAdminRelation(admin.units);
    if (!parsed.ok) d.problems.push(parsed.error);
    else if (parsed.value !== undefined) {
      fsid = parsed.value.fsid;
      adminKey = parsed.value.key;
    }
  }
  const brokerFailed = step.evaluation.state === "failed";
  if (!client.ok || step.evaluation.state !== "complete") return { brokerFailed };
  const c = client.value;
  return {
    brokerFailed,
    access: {
      monitors: c.monitors,
      auth: c.auth,
      user: event.appName,
      key: c.key,
      rbdPools: { ...RBD_POOLS },
      ...(c.rbdFeatures !== undefined ? { rbdFeatures: c.rbdFeatures } : {}),
      ...(fsid !== undefined ? { fsid } : {}),
      ...(adminKey !== undefined ? { adminKey } : {}),
    },
  };
}
