/** Deleting what this application labelled: prune (no longer desired) and purge (everything). */
import type { KubeObject, Problem } from "../manifests/types.ts";
import type { KubeClient } from "./client.ts";
import { apiProblem } from "./errors.ts";
import { kindRank, NEVER_DELETE } from "./kinds.ts";
import { readLive } from "./live.ts";
import { describe, keyOf, refOf } from "./refs.ts";

/** Reverse apply order: StorageClasses first, ServiceAccounts last. */
export function deleteOrder(objects: readonly KubeObject[]): KubeObject[] {
  return objects
    .map((o, i) => ({ o, i }))
    .sort((a, b) => kindRank(b.o.kind) - kindRank(a.o.kind) || a.i - b.i)
    .map((x) => x.o);
}

/** Owned objects that are not desired and may be deleted (never PVs, PVCs or Namespaces). */
export function pruneCandidates(owned: readonly KubeObject[], desired: readonly KubeObject[]): KubeObject[] {
  const want = new Set(desired.map(keyOf));
  return deleteOrder(owned.filter((o) => !NEVER_DELETE.has(o.kind) && !want.has(keyOf(o))));
}

/** Deletes `objects` in order; returns what was deleted (already-gone objects count as deleted). */
export async function deleteAll(client: KubeClient, objects: readonly KubeObject[], log: (m: string) => void, deleted: string[]): Promise<void> {
  for (const o of objects) {
    if (NEVER_DELETE.has(o.kind)) continue;
    await client.delete(refOf(o));
    log(`deleted ${describe(o)}`);
    deleted.push(describe(o));
  }
}

export interface PurgeOptions {
  log?: (msg: string) => void;
}

export interface PurgeReport {
  deleted: string[];
  problem?: Problem;
}

/**
 * Removes everything labelled `juju.io/application=<app>` in the kinds the charm manages,
 * ConfigMaps included, except PersistentVolumes, PersistentVolumeClaims and Namespaces.
 */
export async function purge(client: KubeClient, app: string, opts: PurgeOptions = {}): Promise<PurgeReport> {
  const log = opts.log ?? (() => {});
  const report: PurgeReport = { deleted: [] };
  try {
    const live = await readLive(client, [], app);
    await deleteAll(client, deleteOrder(live.owned), log, report.deleted);
  } catch (e) {
    report.problem = apiProblem(e);
  }
  return report;
}
