/**
 * Ceph from a `ceph-csi` provider (MicroCeph) on our `ceph` endpoint: the leader asks for the
 * workloads the config enables, in its own unit bag; the provider answers in its application
 * bag with the fsid, the monitors, a user and its key, the RBD pool and the CephFS volume.
 */
import { type CsiProviderData, parseCsiProvider, type Workload, workloadsValue } from "../../ceph/csi-relation.ts";
import { problem } from "../../status/problem.ts";
import type { Draft } from "../draft.ts";
import type { RelationData } from "../observation.ts";
import { KEYS } from "../stored.ts";
import type { CephAccess, SourceOutcome } from "./access.ts";

/** The provider's answer as access: one RBD pool for both classes, its CephFS volume only (none unasked). */
export function providerAccess(p: CsiProviderData): CephAccess {
  const pool = p.rbdPool ?? "";
  return {
    monitors: p.monitors,
    auth: "cephx",
    user: p.user,
    key: p.key,
    fsid: p.fsid,
    rbdPools: { xfs: pool, ext4: pool },
    filesystems: p.cephfsName !== undefined ? [p.cephfsName] : [],
  };
}

/** The workloads the config enables (Juju gives booleans; anything else counts as the default). */
export function wantedWorkloads(config: Readonly<Record<string, unknown>>): Workload[] {
  const rbd = config["ceph-rbd-enable"] !== false;
  const cephfs = config["cephfs-enable"] === true;
  return [...(rbd ? (["rbd"] as const) : []), ...(cephfs ? (["cephfs"] as const) : [])];
}

/** What this unit last wrote to its bag on `relId` (`workloads`), from stored state. */
function written(d: Draft, relId: number): string | undefined {
  try {
    const v = JSON.parse(d.stored(KEYS.cephCsiBag) ?? "{}") as { relId?: number; workloads?: string };
    return v.relId === relId ? v.workloads : undefined;
  } catch {
    return undefined;
  }
}

export function fromCephCsi(d: Draft, relation: RelationData, o: { write: boolean }): SourceOutcome {
  const want = wantedWorkloads(d.obs.config);
  if (o.write) {
    // Only the leader asks, and only for something; a former leader takes its request back.
    const value = d.obs.leader ? workloadsValue(want) : undefined;
    if (written(d, relation.id) !== value) {
      d.effects.relationWrites.push({ relId: relation.id, data: { workloads: value ?? "" } });
      d.store(KEYS.cephCsiBag, value === undefined ? undefined : JSON.stringify({ relId: relation.id, workloads: value }));
    }
  }
  const source = relation.remoteApp ?? "the ceph relation";
  const parsed = parseCsiProvider(relation.app, { source, want });
  if (!parsed.ok) {
    if (Array.isArray(parsed.error)) d.problems.push(problem("providerMissing", { keys: parsed.error.join(", ") }));
    else d.problems.push(parsed.error);
    return { brokerFailed: false };
  }
  return { brokerFailed: false, access: providerAccess(parsed.value) };
}
