/** The live objects of one read, as the planners look them up. */
import { MANAGED_KINDS, NEVER_DELETE } from "../manifests/kinds.ts";
import { type KubeObject, LABEL_APP } from "../manifests/types.ts";
import type { ReadAnswer, ReadRequest } from "./ops.ts";
import { keyOf, refOf } from "./refs.ts";

export interface LiveState {
  /** Objects labelled for this application. */
  owned: KubeObject[];
  /** Optional kinds the cluster does not serve. */
  absent: ReadonlySet<string>;
  /** Live objects by keyOf(), for every desired object that exists and every owned one. */
  byKey: Map<string, KubeObject>;
  namespaceExists: boolean;
}

export function selectorFor(app: string): string {
  return `${LABEL_APP}=${app}`;
}

/** The (apiVersion, kind) pairs to list: the managed kinds plus any other desired kind. */
export function kindsToList(desired: readonly KubeObject[]): { apiVersion: string; kind: string; optional?: boolean }[] {
  const out: { apiVersion: string; kind: string; optional?: boolean }[] = MANAGED_KINDS.map((k) => ({ apiVersion: k.apiVersion, kind: k.kind, ...(k.optional ? { optional: true } : {}) }));
  for (const d of desired) {
    if (NEVER_DELETE.has(d.kind)) continue;
    if (!out.some((k) => k.kind === d.kind && k.apiVersion === d.apiVersion)) out.push({ apiVersion: d.apiVersion, kind: d.kind });
  }
  return out;
}

/** The read that tells everything converge and analyze need about `desired`. */
export function readRequest(app: string, desired: readonly KubeObject[], namespace?: string): ReadRequest {
  return {
    selector: selectorFor(app),
    kinds: kindsToList(desired),
    refs: desired.map(refOf),
    ...(namespace !== undefined ? { namespace } : {}),
  };
}

export function liveState(answer: ReadAnswer): LiveState {
  const byKey = new Map<string, KubeObject>(answer.listed.map((o) => [keyOf(o), o]));
  for (const o of answer.got) byKey.set(keyOf(o), o);
  return { owned: answer.listed, byKey, namespaceExists: answer.namespaceExists ?? true, absent: new Set(answer.absent ?? []) };
}

/** Who a live object belongs to: this app, another app, or nobody (no `juju.io/application`). */
export function ownerOf(live: KubeObject, app: string): "self" | "other" | "unlabelled" {
  const owner = live.metadata.labels?.[LABEL_APP];
  if (owner === undefined) return "unlabelled";
  return owner === app ? "self" : "other";
}
