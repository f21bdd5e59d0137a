/**
 * Every rule that depends on an event's name, in one place: which hooks install packages,
 * retry, may remove the application, which endpoints a hook reads, which actions write.
 */
import type { JujuEvent } from "../juju/event.ts";

/** The endpoints the charm reads, and which of their bags. */
export const ENDPOINTS = {
  "ceph-client": { unitBags: true, appBag: true },
  ceph: { unitBags: false, appBag: true },
  "ceph-admin": { unitBags: true, appBag: false },
  "kubernetes-info": { unitBags: false, appBag: true },
} as const;

export type Endpoint = keyof typeof ENDPOINTS;

/** Endpoints whose relation is where Ceph comes from: breaking the last one removes the application's CSI. */
export const CEPH_SOURCE_ENDPOINTS: readonly Endpoint[] = ["ceph-client", "ceph"];

/** apt installs ceph-common on these. */
const INSTALL_HOOKS = new Set(["install", "upgrade-charm"]);
/** After a failed apt run, it is tried again on these. */
const APT_RETRY_HOOKS = new Set(["config-changed", "update-status"]);
/** A failed broker request is sent again on these (never relation hooks: that would loop with ceph-mon). */
const BROKER_RETRY_HOOKS = new Set(["config-changed", "update-status", "upgrade-charm", "leader-elected", "start"]);

export function installsPackages(event: JujuEvent): boolean {
  return event.kind === "hook" && INSTALL_HOOKS.has(event.name);
}

export function retriesPackages(event: JujuEvent): boolean {
  return event.kind === "hook" && APT_RETRY_HOOKS.has(event.name);
}

export function retriesBroker(event: JujuEvent): boolean {
  return event.kind === "hook" && BROKER_RETRY_HOOKS.has(event.name);
}

/** The unit is going away (stop, remove): only removal work happens. */
export function isUnitStopping(event: JujuEvent): boolean {
  return event.kind === "hook" && (event.name === "stop" || event.name === "remove");
}

/** The last hook of a unit: its private files go. */
export function isUnitRemove(event: JujuEvent): boolean {
  return event.kind === "hook" && event.name === "remove";
}

/** A Ceph source relation is being broken. */
export function isSourceBroken(event: JujuEvent): boolean {
  return event.kind === "hook" && CEPH_SOURCE_ENDPOINTS.some((e) => event.name === `${e}-relation-broken`);
}

/** Hooks after which the application's CSI may have to go: goal-state tells whether it does. */
export function mayRemoveApplication(event: JujuEvent): boolean {
  return isUnitStopping(event) || isSourceBroken(event);
}

/** The relation a -relation-broken hook breaks: the charm treats it as gone already. */
export function brokenRelationId(event: JujuEvent): number | undefined {
  return event.kind === "hook" && event.relation && event.name.endsWith("-relation-broken") ? event.relation.id : undefined;
}

/** The leader changed its settings (non-leaders read what they follow from them). */
export function isLeaderSettingsChanged(event: JujuEvent): boolean {
  return event.kind === "hook" && event.name === "leader-settings-changed";
}

/** A hook that is only a periodic check. */
export function isUpdateStatus(event: JujuEvent): boolean {
  return event.kind === "hook" && event.name === "update-status";
}

/** The id part of a secret URI (`secret:ID` and `secret://MODEL/ID` name the same secret). */
function secretKey(uri: string): string {
  return uri.slice(Math.max(uri.lastIndexOf("/"), uri.lastIndexOf(":")) + 1);
}

/** A new revision of the secret `uri` was published: read it with --refresh. */
export function refreshesSecret(event: JujuEvent, uri: string): boolean {
  return event.kind === "hook" && event.name === "secret-changed" && event.secretId !== undefined && secretKey(event.secretId) === secretKey(uri);
}

/** What the first observation of a hook reads (stop and remove need only removal facts). */
export function baseReads(event: JujuEvent): { config: boolean; relations: boolean } {
  const full = !isUnitStopping(event);
  return { config: full, relations: full };
}

export const ACTIONS = ["list-versions", "list-resources", "scrub-resources", "sync-resources", "delete-storage-class", "verify-storage"] as const;
export type ActionName = (typeof ACTIONS)[number];

/** Actions that write to Kubernetes: the leader's only. */
export const LEADER_ACTIONS: ReadonlySet<string> = new Set(["scrub-resources", "sync-resources", "delete-storage-class", "verify-storage"]);
