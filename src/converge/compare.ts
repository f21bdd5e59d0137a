/**
 * The desired object as the charm sends it: with the hash of its content in the annotation
 * `juju.io/applied-hash`, so the live object tells which request was applied last (a field,
 * label or annotation the charm stopped setting shows as another hash; server-side apply then
 * removes it). Whether a write is needed is decided in answered.ts, from the server's answers.
 */
import { createHash } from "node:crypto";
import type { KubeObject } from "../manifests/types.ts";

export const APPLIED_HASH = "juju.io/applied-hash";
/** Annotations that mark the default StorageClass. */
export const DEFAULT_CLASS_ANNOTATIONS = ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"];

type Any = unknown;

function isObj(x: Any): x is Record<string, Any> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** JSON with sorted keys, for hashing. */
export function stable(x: Any): string {
  if (Array.isArray(x)) return `[${x.map(stable).join(",")}]`;
  if (isObj(x)) {
    return `{${Object.keys(x)
      .filter((k) => x[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(x[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(x) ?? "null";
}

/** The hash of an object's content without its hash annotation (an empty annotations map counts as none). */
export function desiredHash(o: KubeObject): string {
  let view: KubeObject = o;
  const annotations = o.metadata.annotations;
  if (annotations !== undefined) {
    // A view without the annotation, not a copy: the object is only read.
    const { [APPLIED_HASH]: _hash, ...rest } = annotations;
    const { annotations: _all, ...metadata } = o.metadata;
    view = { ...o, metadata: Object.keys(rest).length > 0 ? { ...metadata, annotations: rest } : metadata };
  }
  return createHash("sha256").update(stable(view)).digest("hex").slice(0, 16);
}

const hashed = new WeakMap<KubeObject, KubeObject>();

/**
 * The object the charm applies: the desired one plus its hash annotation. Desired objects are
 * never changed once rendered, so the result is kept per object (a hook plans several times).
 */
export function withHash(o: KubeObject): KubeObject {
  const known = hashed.get(o);
  if (known !== undefined) return known;
  const c = structuredClone(o);
  c.metadata.annotations = { ...(c.metadata.annotations ?? {}), [APPLIED_HASH]: desiredHash(o) };
  hashed.set(o, c);
  return c;
}

/** Default-class annotations present live that the desired object does not set. */
export function strayDefaultAnnotations(desired: KubeObject, live: KubeObject): string[] {
  if (desired.kind !== "StorageClass") return [];
  const d = desired.metadata.annotations ?? {};
  const l = live.metadata.annotations ?? {};
  return DEFAULT_CLASS_ANNOTATIONS.filter((a) => a in l && !(a in d));
}
