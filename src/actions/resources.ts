/**
 * list-resources, scrub-resources and sync-resources: compare the desired objects with the
 * cluster, delete the extra ones, apply the missing ones. Results per manifest:
 * `<manifest>-correct|outdated|missing|extra|conflicting`, each a newline list of Kind/[ns/]name.
 */
import type { ActionResult } from "../juju/index.ts";
import type { Analysis, KubeClient } from "../kube/index.ts";
import { type KubeObject, LABEL_APP, LABEL_MANIFEST, type ManifestName } from "../manifests/types.ts";

export const MANIFESTS: readonly ManifestName[] = ["config", "rbd", "cephfs"];

export interface ResourceFilter {
  manifests: ManifestName[];
  /** Kinds to include (lower-case); empty = every kind. */
  kinds: string[];
}

/** Parses the `manifest` and `resources` action params; an unknown manifest is an error message. */
export function parseFilter(params: Record<string, unknown>): ResourceFilter | string {
  const manifest = String(params["manifest"] ?? "").trim();
  if (manifest !== "" && !MANIFESTS.includes(manifest as ManifestName)) {
    return `Invalid manifest '${manifest}': must be one of ${MANIFESTS.join(", ")}`;
  }
  const kinds = String(params["resources"] ?? "")
    .split(/[\s,]+/)
    .filter((k) => k !== "")
    .map((k) => k.toLowerCase());
  return { manifests: manifest === "" ? [...MANIFESTS] : [manifest as ManifestName], kinds };
}

function kindOf(described: string): string {
  return (described.split("/")[0] ?? "").toLowerCase();
}

function wantedKind(filter: ResourceFilter, kind: string): boolean {
  return filter.kinds.length === 0 || filter.kinds.includes(kind.toLowerCase()) || filter.kinds.includes(`${kind.toLowerCase()}s`);
}

/** Desired objects per manifest, filtered. */
export function selectDesired(desired: readonly KubeObject[], filter: ResourceFilter): Map<ManifestName, KubeObject[]> {
  const out = new Map<ManifestName, KubeObject[]>();
  for (const m of filter.manifests) {
    out.set(
      m,
      desired.filter((d) => d.metadata.labels?.[LABEL_MANIFEST] === m && wantedKind(filter, d.kind)),
    );
  }
  return out;
}

/** Live objects labelled for this application and manifest (the candidates for "extra"). */
async function owned(client: KubeClient, app: string, manifest: ManifestName, kinds: readonly { apiVersion: string; kind: string }[]): Promise<KubeObject[]> {
  const selector = `${LABEL_APP}=${app},${LABEL_MANIFEST}=${manifest}`;
  const lists = await Promise.all(kinds.map((k) => client.list(k.apiVersion, k.kind, selector)));
  return lists.flat();
}

export interface ResourceDeps {
  kube: typeof import("../kube/index.ts");
  client: KubeClient;
  app: string;
  namespace: string;
}

function put(result: ActionResult, key: string, items: readonly string[]): void {
  if (items.length > 0) result[key] = [...items].sort().join("\n");
}

export async function analyzeManifests(d: ResourceDeps, desired: readonly KubeObject[], filter: ResourceFilter): Promise<Map<ManifestName, Analysis>> {
  const out = new Map<ManifestName, Analysis>();
  for (const [m, objects] of selectDesired(desired, filter)) {
    const a = await d.kube.analyze(d.client, objects, d.app, d.namespace);
    // analyze() counts as extra every owned object not in `objects`: keep only this manifest's.
    const kinds = d.kube.MANAGED_KINDS.filter((k) => wantedKind(filter, k.kind));
    const mine = new Set((await owned(d.client, d.app, m, kinds)).map((o) => d.kube.describe(o)));
    a.extra = a.extra.filter((e) => mine.has(e) && wantedKind(filter, kindOf(e)));
    out.set(m, a);
  }
  return out;
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

/** Deletes the extra objects (owned by this application and manifest, no longer desired). */
export async function scrub(d: ResourceDeps, analyses: Map<ManifestName, Analysis>, filter: ResourceFilter): Promise<string[]> {
  const deleted: string[] = [];
  for (const [m, a] of analyses) {
    if (a.extra.length === 0) continue;
    const extra = new Set(a.extra);
    const kinds = d.kube.MANAGED_KINDS.filter((k) => wantedKind(filter, k.kind));
    for (const o of await owned(d.client, d.app, m, kinds)) {
      if (d.kube.NEVER_DELETE.has(o.kind) || !extra.has(d.kube.describe(o))) continue;
      if (await d.client.delete(d.kube.refOf(o))) deleted.push(d.kube.describe(o));
    }
  }
  return deleted;
}

/** Applies the missing objects. */
export async function sync(d: ResourceDeps, desired: readonly KubeObject[], analyses: Map<ManifestName, Analysis>): Promise<string[]> {
  const missing = new Set([...analyses.values()].flatMap((a) => a.missing));
  const applied: string[] = [];
  for (const o of desired) {
    const name = d.kube.describe(o);
    if (!missing.has(name)) continue;
    await d.client.apply(d.kube.withHash(o), d.app);
    applied.push(name);
  }
  return applied;
}
