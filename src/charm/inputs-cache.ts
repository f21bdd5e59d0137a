/**
 * The inputs update-status may reuse instead of reading every bag again. Config changes only
 * through config-changed and relation data and membership only through relation hooks, so every
 * hook other than update-status reads them as before and keeps them (only the relation keys the
 * charm uses), under a fingerprint, in a 0600 file of the charm's 0700 conf dir: the bags hold
 * cephx keys, the admin key among them, and those never leave the machine (not in unit state,
 * which Juju keeps on the controller; never logged). Each hook other than update-status removes
 * the file first and writes it only once its effects are done, so a hook that failed (and was
 * skipped with `juju resolve --no-retry`) leaves no file: update-status then reads everything
 * again, as it does when the file is missing or its fingerprint does not match its content.
 */
import { createHash } from "node:crypto";
import { ADMIN_UNIT_FIELDS } from "../ceph/admin-relation.ts";
import type { Bag } from "../ceph/bags.ts";
import { responseKey } from "../ceph/broker.ts";
import { CONF_DIR_NAME } from "../ceph/conf-files.ts";
import { CLIENT_APP_FIELDS, CLIENT_UNIT_FIELDS } from "../ceph/client-relation.ts";
import { PROVIDER_FIELDS } from "../ceph/csi-relation.ts";
import type { JujuEvent } from "../juju/event.ts";
import { baseReads, ENDPOINTS, type Endpoint, isUpdateStatus } from "./events.ts";
import { type BaseObservation, KUBELET_DIR_KEY, type RelationData } from "./observation.ts";

/**
 * The file that holds the inputs of the unit's last hook that succeeded, beside the keyrings in
 * the charm's private 0700 conf dir (named after the unit: Juju gives each unit a charm dir of
 * its own, test harnesses may not). It goes with the conf dir when the unit is removed.
 */
export function inputsMark(event: JujuEvent): string {
  return `${event.charmDir}/${CONF_DIR_NAME}/.observed-inputs-${event.unitName.replaceAll("/", "-")}`;
}

/** Bumped when the stored shape or the kept keys change: older entries are then read again. */
const FORMAT = "1";

/** A larger entry is not kept (update-status reads everything). */
const MAX_ENTRY = 256 * 1024;

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

/** The file's content for `inputs` and its fingerprint; undefined when too large to keep. */
export function inputsEntry(inputs: CachedInputs): { value: string; fp: string } | undefined {
  // remoteApp may be undefined: JSON drops it, and the reader gets it back as undefined.
  const body = JSON.stringify(inputs);
  const fp = fingerprint(body);
  const value = `${fp}\n${body}`;
  return value.length > MAX_ENTRY ? undefined : { value, fp };
}

/** The kept inputs, when the charm dir's file (`mark`: fingerprint, newline, body) is intact. */
export function cachedInputs(mark: string | undefined): CachedInputs | undefined {
  if (mark === undefined) return undefined;
  const nl = mark.indexOf("\n");
  const fp = mark.slice(0, nl);
  const body = mark.slice(nl + 1);
  if (nl < 0 || fingerprint(body) !== fp) return undefined;
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
