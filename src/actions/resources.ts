/**
 * list-resources, scrub-resources and sync-resources, the pure part: which objects the action
 * looks at, how it reports them, which writes it plans. Results per manifest:
 * `<manifest>-correct|outdated|missing|extra|conflicting`, each a newline list of Kind/[ns/]name.
 */
import { type Analysis, type Answers, analyze } from "../converge/analyze.ts";
import { withHash } from "../converge/compare.ts";
import type { LiveState } from "../converge/live.ts";
import type { KubeOp } from "../converge/ops.ts";
import { desiredAsSent } from "../converge/plan.ts";
import { describe, refOf } from "../converge/refs.ts";
import type { ActionResult } from "../juju/actions.ts";
import { NEVER_DELETE } from "../manifests/kinds.ts";
import { type KubeObject, LABEL_MANIFEST, type ManifestName } from "../manifests/types.ts";
import { err, ok, type Result } from "../result.ts";

export const MANIFESTS: readonly ManifestName[] = ["config", "rbd", "cephfs"];

export interface ResourceFilter {
  manifests: ManifestName[];
  /** Kinds to include (lower-case); empty = every kind. */
  kinds: string[];
}

/** Parses the `manifest` and `resources` action params; an unknown manifest is an error message. */
export function parseFilter(params: Readonly<Record<string, unknown>>): Result<ResourceFilter, string> {
  const manifest = String(params["manifest"] ?? "").trim();
  if (manifest !== "" && !MANIFESTS.includes(manifest as ManifestName)) {
    return err(`Invalid manifest '${manifest}': must be one of ${MANIFESTS.join(", ")}`);
  }
  const kinds = String(params["resources"] ?? "")
    .split(/[\s,]+/)
    .filter((k) => k !== "")
    .map((k) => k.toLowerCase());
  return ok({ manifests: manifest === "" ? [...MANIFESTS] : [manifest as ManifestName], kinds });
}

function wantedKind(filter: ResourceFilter, kind: string): boolean {
  return filter.kinds.length === 0 || filter.kinds.includes(kind.toLowerCase()) || filter.kinds.includes(`${kind.toLowerCase()}s`);
}

function ofManifest(o: KubeObject, m: ManifestName): boolean {
  return o.metadata.labels?.[LABEL_MANIFEST] === m;
}

/** Per manifest: desired against live, extra counting only that manifest's objects of the wanted kinds. */
export function analyzeManifests(
  desired: readonly KubeObject[],
  live: LiveState,
  o: { app: string; namespace: string; filter: ResourceFilter; answers: Answers },
): Map<ManifestName, Analysis> {
  const out = new Map<ManifestName, Analysis>();
  for (const m of o.filter.manifests) {
    const mine = desired.filter((d) => ofManifest(d, m) && wantedKind(o.filter, d.kind));
    const owned = live.owned.filter((l) => ofManifest(l, m) && wantedKind(o.filter, l.kind));
    out.set(m, analyze(mine, live, { app: o.app, namespace: o.namespace, answers: o.answers, owned }));
  }
  return out;
}

function put(result: ActionResult, key: string, items: readonly string[]): void {
  if (items.length > 0) result[key] = [...items].sort().join("\n");
}

export function analysisResult(analyses: Map<ManifestName, Analysis>): ActionResult {
  const result: ActionResult = {};
  for (const [m, a] of analyses) {
    put(result, `${m}-correct`, a.correct);
    put(result, `${m}-outdated`, a.outdated);
    put(result, `${m}-missing`, a.missing);
    put(result, `${m}-extra`, a.extra);
    put(result, `${m}-conflicting`, a.conflicting);
  }
  return result;
}

/** Deletes of the extra objects (owned by this application and manifest, no longer desired). */
export function scrubOps(analyses: Map<ManifestName, Analysis>, live: LiveState): KubeOp[] {
  const extra = new Set([...analyses.values()].flatMap((a) => a.extra));
  return live.owned
    .filter((o) => !NEVER_DELETE.has(o.kind) && extra.has(describe(o)))
    .map((o): KubeOp => ({ op: "delete", ref: refOf(o), verb: "deleted" }));
}

/** Applies of the missing objects. */
export function syncOps(desired: readonly KubeObject[], analyses: Map<ManifestName, Analysis>, namespace: string): KubeOp[] {
  const missing = new Set([...analyses.values()].flatMap((a) => a.missing));
  return desiredAsSent(desired, namespace)
    .filter((o) => missing.has(describe(o)))
    .map((o): KubeOp => ({ op: "apply", object: withHash(o), verb: "created" }));
}

/** `Kind/[ns/]name` of each op, for the action's answer. */
export function opTargets(ops: readonly KubeOp[]): string[] {
  return ops.map((o) => (o.op === "apply" || o.op === "recreate" || o.op === "adopt" ? describe(o.object) : describe(o.ref)));
}
