/**
 * events.k8s.io/v1 Events are another view of the core/v1 Events, as in the real API server (one
 * storage, two representations): regarding = involvedObject, note = message,
 * reportingController = reportingComponent, deprecated* = the core timestamps, count and source.
 * Simplification: managedFields of objects written through this view name apiVersion v1.
 */
import { isObject, type Json, type JsonObject } from "./json.ts";
import { badRequest } from "./status.ts";

const RENAMES: [core: string, events: string][] = [
  ["involvedObject", "regarding"],
  ["related", "related"],
  ["message", "note"],
  ["reason", "reason"],
  ["type", "type"],
  ["action", "action"],
  ["eventTime", "eventTime"],
  ["reportingComponent", "reportingController"],
  ["reportingInstance", "reportingInstance"],
  ["source", "deprecatedSource"],
  ["firstTimestamp", "deprecatedFirstTimestamp"],
  ["lastTimestamp", "deprecatedLastTimestamp"],
  ["count", "deprecatedCount"],
];

function move(from: JsonObject, to: JsonObject, a: string, b: string): void {
  if (from[a] !== undefined) to[b] = from[a] as Json;
}

/** A core/v1 Event (or list item) as events.k8s.io/v1 shows it. */
export function fromCore(o: JsonObject): JsonObject {
  const out: JsonObject = {};
  if (o["apiVersion"] !== undefined) out["apiVersion"] = "events.k8s.io/v1";
  if (o["kind"] !== undefined) out["kind"] = "Event";
  move(o, out, "metadata", "metadata");
  for (const [core, ev] of RENAMES) move(o, out, core, ev);
  if (isObject(o["series"])) out["series"] = { count: o["series"]["count"] ?? 0, lastObservedTime: o["series"]["lastObservedTime"] ?? null };
  return out;
}

/** An events.k8s.io/v1 Event body as the core/v1 Event it is stored as. */
export function toCore(o: unknown): unknown {
  if (!isObject(o)) return o;
  const out: JsonObject = {};
  if (o["apiVersion"] !== undefined) out["apiVersion"] = o["apiVersion"] === "events.k8s.io/v1" ? "v1" : o["apiVersion"];
  if (o["kind"] !== undefined) out["kind"] = o["kind"];
  move(o, out, "metadata", "metadata");
  for (const [core, ev] of RENAMES) move(o, out, ev, core);
  move(o, out, "series", "series");
  return out;
}

export function fromCoreList(list: JsonObject): JsonObject {
  const items = Array.isArray(list["items"]) ? list["items"] : [];
  return { ...list, apiVersion: "events.k8s.io/v1", kind: "EventList", items: items.map((i) => fromCore(i as JsonObject)) };
}

const FIELD_LABELS: Record<string, string> = {
  "regarding.kind": "involvedObject.kind",
  "regarding.namespace": "involvedObject.namespace",
  "regarding.name": "involvedObject.name",
  "regarding.uid": "involvedObject.uid",
  "regarding.apiVersion": "involvedObject.apiVersion",
  "regarding.resourceVersion": "involvedObject.resourceVersion",
  "regarding.fieldPath": "involvedObject.fieldPath",
  reportingController: "reportingComponent",
  reason: "reason",
  type: "type",
  "metadata.name": "metadata.name",
  "metadata.namespace": "metadata.namespace",
};

/** Rewrites an events.k8s.io field selector into the core one; 400 for a label events.k8s.io does not know. */
export function coreFieldSelector(sel: string | undefined): string | undefined {
  if (sel === undefined) return undefined;
  return sel.replace(/(^|,)\s*([^=!,\s]+)/g, (_m, sep: string, label: string) => {
    const core = FIELD_LABELS[label];
    if (!core) throw badRequest(`field label not supported: ${label}`);
    return `${sep}${core}`;
  });
}
