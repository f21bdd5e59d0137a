/** Read-only views for the actions: what is correct, outdated, missing, extra, conflicting. Pure. */
import { NEVER_DELETE } from "../manifests/kinds.ts";
import type { KubeObject } from "../manifests/types.ts";
import { type ServerView, standing } from "./answered.ts";
import { withHash } from "./compare.ts";
import { type LiveState, ownerOf } from "./live.ts";
import { type DryRunResult, desiredAsSent } from "./plan.ts";
import { describe, keyOf } from "./refs.ts";

export interface Analysis {
  /** Desired, live, owned by this application and as the server answered its request. */
  correct: string[];
  /** Desired, live and owned, but not as the server would store the desired object (the next converge updates it). */
  outdated: string[];
  /** Desired and not live. */
  missing: string[];
  /** Labelled for this application and not desired (the next converge prunes it). */
  extra: string[];
  /** Desired names taken by objects of another application or without the application label. */
  conflicting: string[];
  /** Desired objects (as sent, with their hash) whose standing only a dry-run apply can tell. */
  ask: KubeObject[];
}

/** How the server's answers are known: the recorded fingerprints, and dry-run answers by keyOf. */
export interface Answers {
  view: ServerView;
  /** What the server would store, or its refusal (the object then differs: the converge re-creates or applies it). */
  dryRuns: ReadonlyMap<string, DryRunResult>;
}

/** Compares `desired` with the live objects; `owned` limits what counts as extra. */
export function analyze(
  desired: readonly KubeObject[],
  live: LiveState,
  o: { app: string; namespace: string; answers: Answers; owned?: readonly KubeObject[] },
): Analysis {
  const objects = desiredAsSent(desired, o.namespace);
  const out: Analysis = { correct: [], outdated: [], missing: [], extra: [], conflicting: [], ask: [] };
  for (const d of objects) {
    const current = live.byKey.get(keyOf(d));
    if (!current) out.missing.push(describe(d));
    else if (ownerOf(current, o.app) !== "self") out.conflicting.push(describe(d));
    else {
      const want = withHash(d);
      const dry = o.answers.dryRuns.get(keyOf(d));
      const stands = dry === undefined ? standing(want, current, o.answers.view) : "object" in dry ? standing(want, current, o.answers.view, dry.object) : "differs";
      if (stands === "unknown") out.ask.push(want);
      else (stands === "same" ? out.correct : out.outdated).push(describe(d));
    }
  }
  const want = new Set(objects.map(keyOf));
  for (const x of o.owned ?? live.owned) if (!want.has(keyOf(x)) && !NEVER_DELETE.has(x.kind)) out.extra.push(describe(x));
  return out;
}
