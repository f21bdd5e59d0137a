/**
 * Recording core/v1 Events the way a controller's event recorder does: one Event per
 * (object, reason, message, source), named `<object>.<hex time>`, in the object's namespace
 * ("default" for cluster-scoped objects); a repeat bumps `count` and `lastTimestamp`.
 */
import type { Cluster } from "./cluster.ts";
import { isObject, type JsonObject } from "./json.ts";
import { kindOfObject } from "./kinds.ts";

export interface EventSpec {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  /** source.component and reportingComponent, e.g. "persistentvolume-controller". */
  component: string;
  /** source.host and reportingInstance (optional). */
  host?: string;
}

let nameSeq = 0;

function eventName(objectName: string): string {
  const nanos = BigInt(Date.now()) * 1_000_000n + BigInt(++nameSeq);
  return `${objectName}.${nanos.toString(16)}`;
}

/** Records (or repeats) an Event about `involved`; answers the stored Event. */
export function recordEvent(cluster: Cluster, involved: JsonObject, e: EventSpec): JsonObject {
  const k = kindOfObject(String(involved["apiVersion"]), String(involved["kind"]));
  const meta = isObject(involved["metadata"]) ? involved["metadata"] : {};
  const namespace = k?.namespaced ? String(meta["namespace"]) : "default";
  const ref: JsonObject = {
    kind: String(involved["kind"]),
    ...(k?.namespaced ? { namespace } : {}),
    name: String(meta["name"]),
    ...(meta["uid"] !== undefined ? { uid: String(meta["uid"]) } : {}),
    apiVersion: String(involved["apiVersion"]),
    ...(meta["resourceVersion"] !== undefined ? { resourceVersion: String(meta["resourceVersion"]) } : {}),
  };
  const eventKind = kindOfObject("v1", "Event")!;
  const now = cluster.now();
  const same = cluster
    .list(eventKind, namespace, undefined, `involvedObject.name=${ref["name"]},involvedObject.uid=${ref["uid"] ?? ""},reason=${e.reason},source=${e.component}`)
    ["items"] as JsonObject[];
  const repeat = same.find((x) => x["message"] === e.message);
  if (repeat) {
    const name = String((repeat["metadata"] as JsonObject)["name"]);
    return cluster.internalUpdate(eventKind, namespace, name, e.component, (o) => {
      o["count"] = Number(o["count"] ?? 1) + 1;
      o["lastTimestamp"] = now;
    });
  }
  const source: JsonObject = { component: e.component, ...(e.host ? { host: e.host } : {}) };
  return cluster.internalCreate(eventKind, namespace, e.component, {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: eventName(String(meta["name"])), namespace },
    involvedObject: ref,
    reason: e.reason,
    message: e.message,
    source,
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type: e.type,
    eventTime: null,
    reportingComponent: e.component,
    reportingInstance: e.host ?? "",
  });
}
