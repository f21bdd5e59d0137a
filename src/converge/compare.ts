/**
 * Desired vs live, semantically: is a write needed, and would it touch an immutable field?
 *
 * A desired object matches the live one when
 *  - the live object carries the hash of the desired object in the annotation `juju.io/applied-hash`
 *    (so a field, label or annotation the charm stopped setting is noticed: server-side apply
 *    then removes it), and
 *  - every field present in the desired object has the same value live (server-populated fields
 *    and defaults are ignored; lists must have the same length, items compared the same way).
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
function stable(x: Any): string {
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

export function desiredHash(o: KubeObject): string {
  const c = structuredClone(o);
  if (c.metadata.annotations) {
    delete c.metadata.annotations[APPLIED_HASH];
    if (Object.keys(c.metadata.annotations).length === 0) delete c.metadata.annotations;
  }
  return createHash("sha256").update(stable(c)).digest("hex").slice(0, 16);
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

function scalarEqual(d: Any, l: Any): boolean {
  if (d === l) return true;
  // IntOrString and quantities: 8080 vs "8080", 1 vs "1".
  if ((typeof d === "number" || typeof d === "string") && (typeof l === "number" || typeof l === "string")) {
    return String(d) === String(l);
  }
  return false;
}

/** Every field of `d` is present in `l` with the same value (lists: same length, item by item). */
export function subsetEqual(d: Any, l: Any): boolean {
  if (d === undefined) return true;
  if (d === null) return l === null || l === undefined;
  if (Array.isArray(d)) return Array.isArray(l) && l.length === d.length && d.every((x, i) => subsetEqual(x, l[i]));
  if (isObj(d)) {
    if (!isObj(l)) return Object.keys(d).length === 0 && (l === undefined || l === null);
    return Object.entries(d).every(([k, v]) => subsetEqual(v, l[k]));
  }
  return scalarEqual(d, l);
}

function secretMatches(d: KubeObject, l: KubeObject): boolean {
  const live = (isObj(l["data"]) ? l["data"] : {}) as Record<string, Any>;
  const sd = isObj(d["stringData"]) ? d["stringData"] : {};
  for (const [k, v] of Object.entries(sd)) {
    const enc = live[k];
    if (typeof enc !== "string" || Buffer.from(enc, "base64").toString("utf8") !== String(v)) return false;
  }
  return true;
}

const SKIP_TOP = new Set(["apiVersion", "kind", "metadata", "status", "stringData"]);

/** True when applying `desired` (with its hash annotation, see withHash) would change nothing. */
export function matches(desired: KubeObject, live: KubeObject): boolean {
  const dm = desired.metadata;
  const lm = live.metadata;
  if (!subsetEqual(dm.labels ?? {}, lm.labels ?? {})) return false;
  if (!subsetEqual(dm.annotations ?? {}, lm.annotations ?? {})) return false;
  if (desired.kind === "Secret" && !secretMatches(desired, live)) return false;
  for (const [k, v] of Object.entries(desired)) {
    if (SKIP_TOP.has(k)) continue;
    if (!subsetEqual(v, live[k])) return false;
  }
  return true;
}

const SC_DEFAULTS: Record<string, Any> = { reclaimPolicy: "Delete", volumeBindingMode: "Immediate", mountOptions: [], parameters: {} };
const CSIDRIVER_DEFAULTS: Record<string, Any> = {
  attachRequired: true,
  podInfoOnMount: false,
  requiresRepublish: false,
  storageCapacity: false,
  fsGroupPolicy: "ReadWriteOnceWithFSType",
  volumeLifecycleModes: ["Persistent"],
  seLinuxMount: false,
};

function exactEqual(a: Any, b: Any): boolean {
  return stable(a) === stable(b);
}

/**
 * Immutable fields whose desired value differs from the live one (with server defaults filled in):
 * StorageClass parameters, provisioner, reclaimPolicy, volumeBindingMode, mountOptions; CSIDriver spec;
 * VolumeSnapshotClass driver and parameters.
 */
export function immutableChanges(desired: KubeObject, live: KubeObject): string[] {
  if (desired.kind === "StorageClass") {
    return ["provisioner", "parameters", "reclaimPolicy", "volumeBindingMode", "mountOptions"].filter(
      (f) => !exactEqual(desired[f] ?? SC_DEFAULTS[f], live[f] ?? SC_DEFAULTS[f]),
    );
  }
  if (desired.kind === "VolumeSnapshotClass") {
    return ["driver", "parameters"].filter((f) => !exactEqual(desired[f] ?? (f === "parameters" ? {} : undefined), live[f] ?? (f === "parameters" ? {} : undefined)));
  }
  if (desired.kind === "CSIDriver") {
    const d = (isObj(desired["spec"]) ? desired["spec"] : {}) as Record<string, Any>;
    const l = (isObj(live["spec"]) ? live["spec"] : {}) as Record<string, Any>;
    const keys = new Set([...Object.keys(d), ...Object.keys(CSIDRIVER_DEFAULTS)]);
    return [...keys].filter((k) => !exactEqual(d[k] ?? CSIDRIVER_DEFAULTS[k], l[k] ?? CSIDRIVER_DEFAULTS[k])).map((k) => `spec.${k}`);
  }
  return [];
}

/** Default-class annotations present live that the desired object does not set. */
export function strayDefaultAnnotations(desired: KubeObject, live: KubeObject): string[] {
  if (desired.kind !== "StorageClass") return [];
  const d = desired.metadata.annotations ?? {};
  const l = live.metadata.annotations ?? {};
  return DEFAULT_CLASS_ANNOTATIONS.filter((a) => a in l && !(a in d));
}
