/**
 * The server's answer decides: whether an object needs writing is judged against what the API
 * server itself stored for our request, never against the request. A server drops fields it
 * does not serve (CSIDriver `spec.seLinuxMount` before Kubernetes 1.27), defaults others, and
 * turns Secret `stringData` into `data`; comparing our request with the stored object would see
 * a difference forever and write on every hook.
 *
 * So the charm keeps, per object, a fingerprint of the server's answer to its last apply (or to
 * a server-side dry-run apply): the stored object seen through the fields the request sets.
 * A live object whose fingerprint equals the recorded one is as the server left it for this
 * very request: nothing to write. A different fingerprint means someone changed a field we set,
 * or we want something else: apply. No record (a new leader, an upgraded charm): ask the server
 * with a dry-run apply what it would store, and compare that. Pure.
 */
import { createHash } from "node:crypto";
import type { KubeObject } from "../manifests/types.ts";
import { desiredHash, stable } from "./compare.ts";
import { keyOf } from "./refs.ts";

type Json = unknown;

function isObj(x: Json): x is Record<string, Json> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Stands for "the server has no value here" in a projection (a dropped or removed field). */
const ABSENT = { "\u0000absent": true };

/**
 * `live` seen through the fields `desired` sets: for every path of `desired`, the value `live`
 * holds there (ABSENT where it holds none). Lists keep the live length: item i is seen through
 * desired item i, and items beyond the desired ones are kept whole (an added item shows).
 * Fields only the server or other managers set are left out (defaults, status, controllers'
 * annotations), so they never make a difference.
 */
export function project(desired: Json, live: Json): Json {
  if (live === undefined || live === null) return desired === null ? null : ABSENT;
  if (Array.isArray(desired)) {
    if (!Array.isArray(live)) return live;
    return live.map((item, i) => (i < desired.length ? project(desired[i], item) : item));
  }
  if (isObj(desired)) {
    if (!isObj(live)) return live;
    return Object.fromEntries(Object.keys(desired).map((k) => [k, project(desired[k], Object.hasOwn(live, k) ? live[k] : undefined)]));
  }
  return live;
}

/** The fields of an object a request sets, as the server keeps them: Secret stringData is stored as base64 data. */
function requestView(o: KubeObject): Record<string, Json> {
  const { apiVersion: _a, kind: _k, status: _s, ...rest } = o as Record<string, Json>;
  const { labels, annotations } = o.metadata;
  const request: Record<string, Json> = { ...rest, metadata: { ...(labels !== undefined ? { labels } : {}), ...(annotations !== undefined ? { annotations } : {}) } };
  const stringData = request["stringData"];
  if (!isObj(stringData)) return request;
  delete request["stringData"];
  const data: Record<string, Json> = { ...(isObj(request["data"]) ? request["data"] : {}) };
  for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v), "utf8").toString("base64");
  request["data"] = data;
  return request;
}

/**
 * The fingerprint of `stored` (an object as the server holds it) for the request `desired` (as
 * sent, with its hash annotation): the request's own hash and the stored object seen through it.
 */
export function answerPrint(desired: KubeObject, stored: KubeObject): string {
  const seen = project(requestView(desired), stored);
  return createHash("sha256").update(desiredHash(desired)).update("\n").update(stable(seen)).digest("hex").slice(0, 20);
}

/** Per object (keyOf), the fingerprint of the server's last answer to what the charm applied. */
export type ServerView = Readonly<Record<string, string>>;

export function parseView(text: string | undefined): ServerView {
  if (text === undefined || text === "") return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (!isObj(v)) return {};
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"));
  } catch {
    return {};
  }
}

export function serializeView(view: ServerView): string | undefined {
  const keys = Object.keys(view).sort();
  return keys.length === 0 ? undefined : JSON.stringify(Object.fromEntries(keys.map((k) => [k, view[k]])));
}

/**
 * Does the live object stand as the server answered the request `desired`?
 *  - "same": its fingerprint is the recorded answer's (or the dry-run answer's): nothing to write;
 *  - "differs": there is a record (or a dry-run answer) and the live object is not as it says;
 *  - "unknown": neither record nor dry-run answer: ask the server.
 */
export function standing(desired: KubeObject, live: KubeObject, view: ServerView, dryRun?: KubeObject): "same" | "differs" | "unknown" {
  const print = answerPrint(desired, live);
  if (dryRun !== undefined) return answerPrint(desired, dryRun) === print ? "same" : "differs";
  const recorded = view[keyOf(desired)];
  if (recorded === undefined) return "unknown";
  return recorded === print ? "same" : "differs";
}
