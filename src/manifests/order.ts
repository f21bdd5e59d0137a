/** Labels every rendered object carries, and the order objects are applied in. */
import { kindRank } from "./kinds.ts";
import { type KubeObject, LABEL_APP, LABEL_MANIFEST, LABEL_MANIFEST_VERSION, type ManifestName } from "./types.ts";

export const MANIFEST_ORDER: readonly ManifestName[] = ["config", "rbd", "cephfs"];

/** The config manifest's version, as the Python charm labels it. */
export const CONFIG_MANIFEST_VERSION = "v0";

export function manifestLabels(app: string, manifest: ManifestName, version: string): Record<string, string> {
  return { [LABEL_APP]: app, [LABEL_MANIFEST]: manifest, [LABEL_MANIFEST_VERSION]: `${manifest}-${version}` };
}

/** Adds the ownership labels to an object's metadata (after any upstream labels). */
export function labelled<T extends KubeObject>(obj: T, app: string, manifest: ManifestName, version: string): T {
  obj.metadata.labels = { ...(obj.metadata.labels ?? {}), ...manifestLabels(app, manifest, version) };
  return obj;
}

function rank(o: KubeObject): [number, number] {
  const manifest = MANIFEST_ORDER.indexOf(o.metadata.labels?.[LABEL_MANIFEST] as ManifestName);
  return [kindRank(o.kind), manifest < 0 ? MANIFEST_ORDER.length : manifest];
}

/** Stable sort into apply order: by kind, then manifest, then as rendered. */
export function sortForApply(objects: readonly KubeObject[]): KubeObject[] {
  return objects
    .map((o, i) => ({ o, i, r: rank(o) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.i - b.i)
    .map((x) => x.o);
}
