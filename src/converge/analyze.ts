/** Read-only views for the actions: what is correct, outdated, missing, extra, conflicting. Pure. */
import { NEVER_DELETE } from "../manifests/kinds.ts";
import type { KubeObject } from "../manifests/types.ts";
import { matches, withHash } from "./compare.ts";
import { type LiveState, ownerOf } from "./live.ts";
import { desiredAsSent } from "./plan.ts";
import { describe, keyOf } from "./refs.ts";

export interface Analysis {
  /** Desired, live, owned by this application and up to date. */
  correct: string[];
  /** Desired, live and owned, but different from the desired object (the next converge updates it). */
  outdated: string[];
  /** Desired and not live. */
  missing: string[];
  /** Labelled for this application and not desired (the next converge prunes it). */
  extra: string[];
  /** Desired names taken by objects of another application or without the application label. */
  conflicting: string[];
}

/** Compares `desired` with the live objects; `owned` limits what counts as extra. */
export function analyze(desired: readonly KubeObject[], live: LiveState, app: string, namespace: string, owned: readonly KubeObject[] = live.owned): Analysis {
  const objects = desiredAsSent(desired, namespace);
  const out: Analysis = { correct: [], outdated: [], missing: [], extra: [], conflicting: [] };
  for (const d of objects) {
    const current = live.byKey.get(keyOf(d));
    if (!current) out.missing.push(describe(d));
    else if (ownerOf(current, app) !== "self") out.conflicting.push(describe(d));
    else if (matches(withHash(d), current)) out.correct.push(describe(d));
    else out.outdated.push(describe(d));
  }
  const want = new Set(objects.map(keyOf));
  for (const o of owned) if (!want.has(keyOf(o)) && !NEVER_DELETE.has(o.kind)) out.extra.push(describe(o));
  return out;
}
