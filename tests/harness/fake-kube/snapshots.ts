/**
 * snapshot.storage.k8s.io/v1 objects as the real API server treats them with the
 * external-snapshotter v8 CRDs installed: pruning and schema checks (structural.ts), then the
 * CRDs' CEL rules, with the messages they carry:
 *  - VolumeSnapshot spec.source: exactly one of persistentVolumeClaimName and
 *    volumeSnapshotContentName; each immutable and required once set;
 *    spec.volumeSnapshotClassName never the empty string;
 *  - VolumeSnapshotContent spec.source: exactly one of volumeHandle and snapshotHandle, each
 *    immutable and required once set; spec.sourceVolumeMode immutable;
 *    spec.volumeSnapshotRef needs name and namespace.
 * VolumeSnapshotClass has no CEL rules: driver, parameters and deletionPolicy CAN be changed in
 * place (unlike a StorageClass's parameters).
 * Status is a subresource of VolumeSnapshot and VolumeSnapshotContent (ignored in object writes).
 */
import { isObject, type Json, type JsonObject } from "./json.ts";
import type { KindInfo } from "./kinds.ts";
import type { Schema } from "./schema-dsl.ts";
import { SHARED } from "./schemas-meta.ts";
import { SNAPSHOT_STATUS_KINDS, snapshotSchema } from "./schemas-snapshot.ts";
import type { Cause } from "./status.ts";
import { checkStructure, prune, type Resolve } from "./structural.ts";

const resolve: Resolve = (name) => SHARED[name];

function obj(x: unknown): JsonObject {
  return isObject(x) ? x : {};
}

function schemaOf(k: KindInfo): Schema {
  const s = snapshotSchema(k);
  if (!s) throw new Error(`no schema for ${k.kind}`);
  return s;
}

/** Pruning and status handling, before validation. */
export function normalizeSnapshot(k: KindInfo, o: JsonObject, before: JsonObject | undefined): void {
  if (k.api !== "snapshot") return;
  prune(o, schemaOf(k), resolve);
  if (SNAPSHOT_STATUS_KINDS.has(k.kind)) {
    if (before && before["status"] !== undefined) o["status"] = before["status"] as Json;
    else delete o["status"];
  }
}

function exactlyOne(source: JsonObject, a: string, b: string, path: string, message: string): Cause[] {
  return (source[a] !== undefined) === (source[b] !== undefined) ? [{ field: path, message: `Invalid value: "object": ${message}` }] : [];
}

export function validateSnapshot(k: KindInfo, o: JsonObject): Cause[] {
  if (k.api !== "snapshot") return [];
  const causes = checkStructure(o, schemaOf(k), resolve);
  if (causes.length > 0) return causes;
  const spec = obj(o["spec"]);
  const source = obj(spec["source"]);
  if (k.kind === "VolumeSnapshot") {
    causes.push(...exactlyOne(source, "volumeSnapshotContentName", "persistentVolumeClaimName", "spec.source", "exactly one of volumeSnapshotContentName and persistentVolumeClaimName must be set"));
    if (spec["volumeSnapshotClassName"] === "") {
      causes.push({ field: "spec.volumeSnapshotClassName", message: 'Invalid value: "string": volumeSnapshotClassName must not be the empty string when set' });
    }
  }
  if (k.kind === "VolumeSnapshotContent") {
    causes.push(...exactlyOne(source, "volumeHandle", "snapshotHandle", "spec.source", "exactly one of volumeHandle and snapshotHandle must be set"));
    const r = obj(spec["volumeSnapshotRef"]);
    if (r["name"] === undefined || r["namespace"] === undefined) {
      causes.push({ field: "spec.volumeSnapshotRef", message: 'Invalid value: "object": both spec.volumeSnapshotRef.name and spec.volumeSnapshotRef.namespace must be set' });
    }
  }
  return causes;
}

/** The CRDs' transition rules (self == oldSelf; required once set). */
export function checkSnapshotUpdate(k: KindInfo, before: JsonObject, after: JsonObject): Cause[] {
  const causes: Cause[] = [];
  const bs = obj(before["spec"]);
  const as = obj(after["spec"]);
  const fixed = (field: string, path: string, b: Json | undefined, a: Json | undefined, message = `${field} is immutable`) => {
    if (b === undefined) return;
    if (a === undefined) causes.push({ field: path.slice(0, path.lastIndexOf(".")), message: `Invalid value: "object": ${field} is required once set` });
    else if (a !== b) causes.push({ field: path, message: `Invalid value: "string": ${message}` });
  };
  if (k.kind === "VolumeSnapshot") {
    for (const f of ["persistentVolumeClaimName", "volumeSnapshotContentName"]) fixed(f, `spec.source.${f}`, obj(bs["source"])[f], obj(as["source"])[f]);
  }
  if (k.kind === "VolumeSnapshotContent") {
    fixed("volumeHandle", "spec.source.volumeHandle", obj(bs["source"])["volumeHandle"], obj(as["source"])["volumeHandle"], "Spec.Source.VolumeHandle is immutable");
    fixed("snapshotHandle", "spec.source.snapshotHandle", obj(bs["source"])["snapshotHandle"], obj(as["source"])["snapshotHandle"], "Spec.Source.SnapshotHandle is immutable");
    fixed("sourceVolumeMode", "spec.sourceVolumeMode", bs["sourceVolumeMode"], as["sourceVolumeMode"], "Spec.sourceVolumeMode is immutable");
  }
  return causes;
}
