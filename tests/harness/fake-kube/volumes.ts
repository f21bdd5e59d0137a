/**
 * What the API server itself does to PersistentVolumeClaims and PersistentVolumes (binding and
 * provisioning are controllers' work: see provisioner.ts):
 *  - status is the status subresource's: ignored on create (phase Pending) and on update (kept);
 *  - defaults: volumeMode Filesystem; PV persistentVolumeReclaimPolicy Retain;
 *  - the DefaultStorageClass admission plugin fills in a claim's storageClassName when it is unset;
 *  - validation: at least one access mode, a storage request (claims) or capacity (volumes);
 *  - a claim's spec is immutable after creation except volumeAttributesClassName, volumeName
 *    while it is still empty, and resources.requests.storage once the claim is Bound.
 */
import { clone, deepEqual, isObject, type JsonObject } from "./json.ts";
import type { Cause } from "./status.ts";

function obj(x: unknown): JsonObject {
  return isObject(x) ? x : {};
}

export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

/** Status handling and defaults; `before` is the stored object on update. */
export function normalizeVolume(kind: string, o: JsonObject, before: JsonObject | undefined): void {
  if (kind !== "PersistentVolumeClaim" && kind !== "PersistentVolume") return;
  const spec = obj(o["spec"]);
  if (spec["volumeMode"] === undefined) spec["volumeMode"] = "Filesystem";
  if (kind === "PersistentVolume" && spec["persistentVolumeReclaimPolicy"] === undefined) spec["persistentVolumeReclaimPolicy"] = "Retain";
  o["spec"] = spec;
  o["status"] = before ? (clone(before["status"]) ?? { phase: "Pending" }) : { phase: "Pending" };
}

/** The default StorageClass (newest of those annotated default), as the admission plugin picks it. */
export function defaultClassName(classes: JsonObject[]): string | undefined {
  const defaults = classes.filter((c) => obj(obj(c["metadata"])["annotations"])[DEFAULT_CLASS_ANNOTATION] === "true");
  defaults.sort((a, b) => String(obj(b["metadata"])["creationTimestamp"]).localeCompare(String(obj(a["metadata"])["creationTimestamp"])));
  const name = defaults[0] && obj(defaults[0]["metadata"])["name"];
  return typeof name === "string" ? name : undefined;
}

export function validateVolume(kind: string, o: JsonObject): Cause[] {
  if (kind !== "PersistentVolumeClaim" && kind !== "PersistentVolume") return [];
  const spec = obj(o["spec"]);
  const causes: Cause[] = [];
  const modes = spec["accessModes"];
  if (!Array.isArray(modes) || modes.length === 0) {
    causes.push({ field: "spec.accessModes", message: "Required value: at least 1 access mode is required", reason: "FieldValueRequired" });
  }
  if (kind === "PersistentVolumeClaim" && obj(obj(spec["resources"])["requests"])["storage"] === undefined) {
    causes.push({ field: "spec.resources[storage]", message: "Required value", reason: "FieldValueRequired" });
  }
  if (kind === "PersistentVolume" && obj(spec["capacity"])["storage"] === undefined) {
    causes.push({ field: "spec.capacity", message: "Required value", reason: "FieldValueRequired" });
  }
  return causes;
}

/**
 * ValidatePersistentVolumeClaimUpdate: the spec may not change, except volumeAttributesClassName,
 * volumeName while it is still empty, and the storage request of a claim that is Bound
 * (expansion); a Pending claim cannot be resized.
 */
export function checkVolumeUpdate(kind: string, before: JsonObject, after: JsonObject): Cause[] {
  if (kind !== "PersistentVolumeClaim") return [];
  const b: JsonObject = clone(obj(before["spec"]));
  const a: JsonObject = clone(obj(after["spec"]));
  delete b["volumeAttributesClassName"];
  delete a["volumeAttributesClassName"];
  if (!b["volumeName"]) {
    delete b["volumeName"];
    delete a["volumeName"];
  }
  const requests = (s: JsonObject): JsonObject | undefined => {
    const r = obj(s["resources"])["requests"];
    return isObject(r) ? r : undefined;
  };
  const newRequests = requests(a);
  if (obj(before["status"])["phase"] === "Bound" && newRequests) {
    const old = requests(b)?.["storage"];
    if (old === undefined) delete newRequests["storage"];
    else newRequests["storage"] = old;
  }
  if (deepEqual(a, b)) return [];
  return [
    {
      field: "spec",
      message: "Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims",
      reason: "FieldValueForbidden",
    },
  ];
}
