/**
 * Server-side printing: `kubectl get` asks for a meta.k8s.io/v1 Table (Accept: ...;as=Table) and
 * prints its columns. The columns follow the real server's printers for the kinds the charm and
 * its actions look at (StorageClass, claims, volumes, Events, snapshot classes, workloads); any
 * other kind gets Name and Age.
 */
import { isObject, type Json, type JsonObject } from "./json.ts";
import type { KindInfo } from "./kinds.ts";
import { DEFAULT_CLASS_ANNOTATION } from "./volumes.ts";

export const TABLE_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";

export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? "").split(",").some((p) => p.includes("as=Table") && p.includes("g=meta.k8s.io") && p.includes("v=v1"));
}

type Cell = string | number | boolean;
type Column = [name: string, cell: (o: JsonObject, now: number) => Cell, priority?: number];

function obj(x: unknown): JsonObject {
  return isObject(x) ? x : {};
}

function at(o: JsonObject, path: string): Json | undefined {
  let cur: Json | undefined = o;
  for (const p of path.split(".")) cur = isObject(cur) ? cur[p] : undefined;
  return cur;
}

const text = (path: string, dflt = "<none>") => (o: JsonObject): Cell => {
  const v = at(o, path);
  return v === undefined || v === null || v === "" ? dflt : typeof v === "object" ? JSON.stringify(v) : (v as Cell);
};

/** "45s", "3m12s", "5h", "12d": the real printers' short durations. */
export function age(since: string | undefined, now: number): string {
  if (!since) return "<unknown>";
  const s = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ""}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return `${h}h${m % 60 ? `${m % 60}m` : ""}`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  return h < 192 && h % 24 ? `${d}d${h % 24}h` : `${d}d`;
}

const AGE: Column = ["Age", (o, now) => age(at(o, "metadata.creationTimestamp") as string | undefined, now)];
const NAME: Column = ["Name", text("metadata.name")];
const modes = (path: string) => (o: JsonObject): Cell => {
  const short: Record<string, string> = { ReadWriteOnce: "RWO", ReadOnlyMany: "ROX", ReadWriteMany: "RWX", ReadWriteOncePod: "RWOP" };
  const v = at(o, path);
  return Array.isArray(v) && v.length > 0 ? v.map((x) => short[String(x)] ?? String(x)).join(",") : "";
};
const eventObject = (o: JsonObject): Cell => `${String(at(o, "involvedObject.kind") ?? at(o, "regarding.kind")).toLowerCase()}/${String(at(o, "involvedObject.name") ?? at(o, "regarding.name"))}`;
const lastSeen = (o: JsonObject, now: number): Cell => age((at(o, "lastTimestamp") ?? at(o, "deprecatedLastTimestamp") ?? at(o, "eventTime") ?? undefined) as string | undefined, now);

const COLUMNS: Record<string, Column[]> = {
  "/Namespace": [NAME, ["Status", text("status.phase")], AGE],
  "/ConfigMap": [NAME, ["Data", (o) => Object.keys(obj(o["data"])).length + Object.keys(obj(o["binaryData"])).length], AGE],
  "/Secret": [NAME, ["Type", text("type")], ["Data", (o) => Object.keys(obj(o["data"])).length], AGE],
  "/PersistentVolumeClaim": [
    NAME,
    ["Status", text("status.phase")],
    ["Volume", text("spec.volumeName", "")],
    ["Capacity", text("status.capacity.storage", "")],
    ["Access Modes", modes("status.accessModes")],
    ["StorageClass", text("spec.storageClassName")],
    ["VolumeAttributesClass", text("spec.volumeAttributesClassName", "<unset>")],
    AGE,
    ["VolumeMode", text("spec.volumeMode"), 1],
  ],
  "/PersistentVolume": [
    NAME,
    ["Capacity", text("spec.capacity.storage", "")],
    ["Access Modes", modes("spec.accessModes")],
    ["Reclaim Policy", text("spec.persistentVolumeReclaimPolicy")],
    ["Status", text("status.phase")],
    ["Claim", (o) => (at(o, "spec.claimRef.name") ? `${String(at(o, "spec.claimRef.namespace"))}/${String(at(o, "spec.claimRef.name"))}` : "")],
    ["StorageClass", text("spec.storageClassName", "")],
    ["VolumeAttributesClass", text("spec.volumeAttributesClassName", "<unset>")],
    ["Reason", text("status.reason", "")],
    AGE,
  ],
  "/Event": [["Last Seen", lastSeen], ["Type", text("type")], ["Reason", text("reason")], ["Object", eventObject], ["Message", text("message", "")]],
  "events.k8s.io/Event": [["Last Seen", lastSeen], ["Type", text("type")], ["Reason", text("reason")], ["Object", eventObject], ["Message", text("note", "")]],
  "apps/Deployment": [
    NAME,
    ["Ready", (o) => `${Number(at(o, "status.readyReplicas") ?? 0)}/${Number(at(o, "spec.replicas") ?? 1)}`],
    ["Up-to-date", text("status.updatedReplicas", "0")],
    ["Available", text("status.availableReplicas", "0")],
    AGE,
  ],
  "apps/DaemonSet": [
    NAME,
    ["Desired", text("status.desiredNumberScheduled", "0")],
    ["Current", text("status.currentNumberScheduled", "0")],
    ["Ready", text("status.numberReady", "0")],
    ["Up-to-date", text("status.updatedNumberScheduled", "0")],
    ["Available", text("status.numberAvailable", "0")],
    ["Node Selector", (o) => Object.entries(obj(at(o, "spec.template.spec.nodeSelector"))).map(([k, v]) => `${k}=${String(v)}`).join(",") || "<none>"],
    AGE,
  ],
  "storage.k8s.io/StorageClass": [
    ["Name", (o) => `${String(at(o, "metadata.name"))}${obj(at(o, "metadata.annotations"))[DEFAULT_CLASS_ANNOTATION] === "true" ? " (default)" : ""}`],
    ["Provisioner", text("provisioner")],
    ["ReclaimPolicy", text("reclaimPolicy")],
    ["VolumeBindingMode", text("volumeBindingMode")],
    ["AllowVolumeExpansion", (o) => o["allowVolumeExpansion"] === true],
    AGE,
  ],
  "snapshot.storage.k8s.io/VolumeSnapshotClass": [NAME, ["Driver", text("driver", "")], ["DeletionPolicy", text("deletionPolicy", "")], AGE],
  "snapshot.storage.k8s.io/VolumeSnapshot": [
    NAME,
    ["ReadyToUse", text("status.readyToUse", "")],
    ["SourcePVC", text("spec.source.persistentVolumeClaimName", "")],
    ["SourceSnapshotContent", text("spec.source.volumeSnapshotContentName", "")],
    ["RestoreSize", text("status.restoreSize", "")],
    ["SnapshotClass", text("spec.volumeSnapshotClassName", "")],
    ["SnapshotContent", text("status.boundVolumeSnapshotContentName", "")],
    ["CreationTime", text("status.creationTime", "")],
    AGE,
  ],
};

function partialMetadata(o: JsonObject): JsonObject {
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj(o["metadata"]) };
}

/** A Table of one object or of a list's items. */
export function toTable(k: KindInfo, body: JsonObject, now = Date.now()): JsonObject {
  const cols = COLUMNS[`${k.group}/${k.kind}`] ?? [NAME, AGE];
  const items = Array.isArray(body["items"]) ? (body["items"] as JsonObject[]) : [body];
  const listMeta = obj(body["metadata"]);
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: Array.isArray(body["items"]) ? { resourceVersion: listMeta["resourceVersion"] ?? "" } : {},
    columnDefinitions: cols.map(([name, , priority], i) => ({
      name,
      type: "string",
      format: i === 0 && name === "Name" ? "name" : "",
      description: name,
      priority: priority ?? 0,
    })),
    rows: items.map((o) => ({ cells: cols.map(([, cell]) => cell(o, now)), object: partialMetadata(o) })),
  };
}
