/**
 * The inputs update-status may reuse instead of reading every bag again. Config changes only
 * through config-changed and relation data and membership only through relation hooks, so every
 * hook other than update-status reads them as before and keeps them in unit state (only the
 * relation keys the charm uses), under a fingerprint. The same fingerprint goes to a file in the
 * charm dir once the hook's effects are done; each hook other than update-status removes that
 * file first. Juju keeps a hook's state-set only when the hook succeeds, so a hook that failed
 * (and was skipped with `juju resolve --no-retry`) leaves the file missing or different from the
 * stored fingerprint: update-status then reads everything again, as it does when nothing is
 * stored. The stored value holds cephx keys: it goes to Juju only through state-set's stdin and
 * is never logged.
 */
import { createHash } from "node:crypto";
import { ADMIN_UNIT_FIELDS } from "../ceph/admin-relation.ts";
import type { Bag } from "../ceph/bags.ts";
import { responseKey } from "../ceph/broker.ts";
import { CLIENT_APP_FIELDS, CLIENT_UNIT_FIELDS } from "../ceph/client-relation.ts";
import { PROVIDER_FIELDS } from "../ceph/csi-relation.ts";
import type { JujuEvent } from "../juju/event.ts";
import { baseReads, ENDPOINTS, type Endpoint, isUpdateStatus } from "./events.ts";
import { type BaseObservation, KUBELET_DIR_KEY, type RelationData } from "./observation.ts";
import { KEYS, type Stored } from "./stored.ts";

/**
 * The file in the charm dir that holds the fingerprint of the unit's last hook that succeeded
 * (named after the unit: Juju gives each unit a charm dir of its own, test harnesses may not).
 */
export function inputsMark(event: JujuEvent): string {
  return `${event.charmDir}/.observed-inputs-${event.unitName.replaceAll("/", "-")}`;
}

/** Bumped when the stored shape or the kept keys change: older entries are then read again. */
const FORMAT = "1";

/** Juju refuses state values over 64 KiB; a larger entry is not kept (update-status reads everything). */
const MAX_ENTRY = 60 * 1024;

export interface CachedInputs {
  config: Readonly<Record<string, unknown>>;
  relations: Readonly<Record<Endpoint, readonly RelationData[]>>;
}

/** The keys the decision reads from each endpoint's bags (`unit`: the hook's unit, for its broker response). */
function kept(endpoint: Endpoint, unit: string): { unit: readonly string[]; app: readonly string[] } {
  switch (endpoint) {
    case "ceph-client":
      return { unit: [...CLIENT_UNIT_FIELDS, responseKey(unit)], app: CLIENT_APP_FIELDS };
    case "ceph":
      return { unit: [], app: PROVIDER_FIELDS };
    case "ceph-admin":
      return { unit: ADMIN_UNIT_FIELDS, app: [] };
    case "kubernetes-info":
      return { unit: [], app: [KUBELET_DIR_KEY] };
  }
}

function only(bag: Bag, keys: readonly string[]): Bag {
  const out: Record<string, string> = {};
  for (const k of keys) if (bag[k] !== undefined) out[k] = bag[k];
  return out;
}

/** The observation's config and relations, with only the relation keys the charm reads. */
export function inputsOf(obs: BaseObservation): CachedInputs {
  const relations = {} as Record<Endpoint, RelationData[]>;
  for (const [endpoint, list] of Object.entries(obs.relations) as [Endpoint, readonly RelationData[]][]) {
    const keep = kept(endpoint, obs.event.unitName);
    relations[endpoint] = list.map((r) => ({
      id: r.id,
      remoteApp: r.remoteApp,
      units: Object.fromEntries(Object.entries(r.units).map(([u, bag]) => [u, only(bag, keep.unit)])),
      app: only(r.app, keep.app),
    }));
  }
  return { config: obs.config, relations };
}

function fingerprint(body: string): string {
  return createHash("sha256").update(`${FORMAT}\n${body}`).digest("hex").slice(0, 32);
}

/** The stored value for `inputs` and its fingerprint; undefined when too large to keep. */
export function inputsEntry(inputs: CachedInputs): { value: string; fp: string } | undefined {
  // remoteApp may be undefined: JSON drops it, and the reader gets it back as undefined.
  const body = JSON.stringify(inputs);
  const fp = fingerprint(body);
  const value = `${fp}\n${body}`;
  return value.length > MAX_ENTRY ? undefined : { value, fp };
}

/** The stored inputs, when their fingerprint is intact and is the one `mark` (the charm dir's file) holds. */
export function cachedInputs(stored: Stored, mark: string | undefined): CachedInputs | undefined {
  const value = stored[KEYS.inputs];
  if (value === undefined || mark === undefined) return undefined;
  const nl = value.indexOf("\n");
  const fp = value.slice(0, nl);
  const body = value.slice(nl + 1);
  if (nl < 0 || fp !== mark.trim() || fingerprint(body) !== fp) return undefined;
  try {
    const v = JSON.parse(body) as Partial<CachedInputs>;
    if (typeof v.config !== "object" || v.config === null || typeof v.relations !== "object" || v.relations === null) return undefined;
    if (!Object.keys(ENDPOINTS).every((e) => Array.isArray(v.relations?.[e as Endpoint]))) return undefined;
    return v as CachedInputs;
  } catch {
    return undefined;
  }
}

/** update-status reuses valid cached inputs; every other event reads them. */
export function reusesInputs(event: JujuEvent): boolean {
  return isUpdateStatus(event);
}

/** Hooks that read config and relations store them afterwards (stop and remove read neither; actions keep what the hooks stored). */
export function storesInputs(event: JujuEvent): boolean {
  return event.kind === "hook" && baseReads(event).relations;
}
