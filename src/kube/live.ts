/**
 * Reading what is live, cheaply: one LIST per kind with the selector `juju.io/application=<app>`,
 * plus a GET for each desired object not found that way (it may exist unlabelled or labelled for
 * another application).
 */
import { type KubeObject, LABEL_APP } from "../manifests/types.ts";
import type { KubeClient } from "./client.ts";
import { MANAGED_KINDS, NEVER_DELETE } from "./kinds.ts";
import { keyOf, refOf } from "./refs.ts";

export interface LiveState {
  /** Objects labelled for this application (kinds the charm manages or desires). */
  owned: KubeObject[];
  /** Live objects by keyOf(), for every desired object that exists and every owned one. */
  byKey: Map<string, KubeObject>;
}

export function selectorFor(app: string): string {
  return `${LABEL_APP}=${app}`;
}

/** The (apiVersion, kind) pairs to list: the managed kinds plus any other desired kind. */
export function kindsToList(desired: readonly KubeObject[]): { apiVersion: string; kind: string }[] {
  const out = MANAGED_KINDS.map((k) => ({ apiVersion: k.apiVersion, kind: k.kind }));
  for (const d of desired) {
    if (NEVER_DELETE.has(d.kind)) continue;
    if (!out.some((k) => k.kind === d.kind && k.apiVersion === d.apiVersion)) out.push({ apiVersion: d.apiVersion, kind: d.kind });
  }
  return out;
}

export async function readLive(client: KubeClient, desired: readonly KubeObject[], app: string): Promise<LiveState> {
  const lists = await Promise.all(kindsToList(desired).map((k) => client.list(k.apiVersion, k.kind, selectorFor(app))));
  const owned = lists.flat();
  const byKey = new Map<string, KubeObject>(owned.map((o) => [keyOf(o), o]));
  const unseen = desired.filter((d) => !byKey.has(keyOf(d)));
  const found = await Promise.all(unseen.map((d) => client.get(refOf(d))));
  for (const o of found) if (o) byKey.set(keyOf(o), o);
  return { owned, byKey };
}

/** Who a live object belongs to: this app, another app, or nobody (no `juju.io/application`). */
export function ownerOf(live: KubeObject, app: string): "self" | "other" | "unlabelled" {
  const owner = live.metadata.labels?.[LABEL_APP];
  if (owner === undefined) return "unlabelled";
  return owner === app ? "self" : "other";
}
