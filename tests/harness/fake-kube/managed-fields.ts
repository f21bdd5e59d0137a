/**
 * metadata.managedFields written by a client, as the real server takes them: a JSON patch
 * (RFC 6902) that replaces them (kubectl's csaupgrade, a charm taking objects over) becomes the
 * object's field ownership, and a `replace` of metadata.resourceVersion is a precondition (409
 * Conflict when the object changed since). Also the reverse: objects stored as another client
 * left them (test setup), each Apply entry applied with only the fields it owns.
 *
 * The model of ownership (ownership.ts) keeps, per manager, a tree of the values it set with lists
 * atomic; FieldsV1 here become such trees: keyed list items (`k:`, `v:`, `i:`) own the whole list.
 */
import type { Cluster } from "./cluster.ts";
import { pathKey } from "./fieldsv1.ts";
import { clone, isObject, type Json, type JsonObject } from "./json.ts";
import { kindOfObject } from "./kinds.ts";
import type { ManagerEntry } from "./ownership.ts";
import { HttpError } from "./status.ts";

function isListKey(k: string): boolean {
  return k.startsWith("k:") || k.startsWith("v:") || k.startsWith("i:");
}

/** A FieldsV1 set as an ownership tree, with the values `obj` holds there. */
export function treeFromFieldsV1(fields: Json | undefined, obj: Json | undefined): JsonObject {
  const out: JsonObject = {};
  if (!isObject(fields)) return out;
  for (const [k, child] of Object.entries(fields)) {
    if (!k.startsWith("f:")) continue;
    const name = k.slice(2);
    const value = isObject(obj) ? obj[name] : undefined;
    const keys = isObject(child) ? Object.keys(child).filter((c) => c !== ".") : [];
    if (keys.length === 0 || keys.some(isListKey) || Array.isArray(value) || !isObject(value)) {
      out[name] = value === undefined || value === null ? {} : clone(value);
    } else {
      out[name] = treeFromFieldsV1(child, value);
    }
  }
  return out;
}

/** The part of `obj` a FieldsV1 set names (what its manager applied). */
export function projectFields(fields: Json | undefined, obj: Json | undefined): Json | undefined {
  if (!isObject(fields) || obj === undefined) return obj;
  const keys = Object.keys(fields).filter((c) => c !== ".");
  if (keys.length === 0 || keys.some(isListKey) || !isObject(obj)) return clone(obj);
  const out: JsonObject = {};
  for (const k of keys) {
    if (!k.startsWith("f:")) continue;
    const name = k.slice(2);
    const v = projectFields(fields[k], obj[name]);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** Paths (pathKey) of the maps and lists a FieldsV1 set marks with "." (created by an Update). */
export function createdPaths(fields: Json | undefined, path: string[] = []): string[] {
  if (!isObject(fields)) return [];
  const out: string[] = path.length > 0 && "." in fields ? [pathKey(path)] : [];
  for (const [k, child] of Object.entries(fields)) if (k.startsWith("f:")) out.push(...createdPaths(child, [...path, k.slice(2)]));
  return out;
}

/** managedFields as a client sent them → the model's entries (subresource and "." marks kept). */
export function entriesFromManagedFields(list: Json | undefined, obj: JsonObject): ManagerEntry[] {
  if (!Array.isArray(list)) throw new HttpError(422, "Invalid", "metadata.managedFields: Invalid value: must be a list");
  return list.map((e, i) => {
    if (!isObject(e) || typeof e["manager"] !== "string" || (e["operation"] !== "Apply" && e["operation"] !== "Update")) {
      throw new HttpError(422, "Invalid", `metadata.managedFields[${i}]: Invalid value: a manager and an operation (Apply or Update) are required`);
    }
    const created = createdPaths(e["fieldsV1"]);
    return {
      manager: e["manager"],
      operation: e["operation"],
      apiVersion: String(e["apiVersion"] ?? ""),
      time: String(e["time"] ?? ""),
      tree: treeFromFieldsV1(e["fieldsV1"], obj),
      ...(typeof e["subresource"] === "string" && e["subresource"] !== "" ? { subresource: e["subresource"] } : {}),
      ...(created.length > 0 ? { created } : {}),
    };
  });
}

function pointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new HttpError(422, "Invalid", `the JSON patch path "${path}" does not start with /`);
  return path
    .slice(1)
    .split("/")
    .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function notFoundPath(path: string): HttpError {
  return new HttpError(422, "Invalid", `the server rejected our request due to an error in our request: doc is missing path: "${path}": missing value`);
}

/** RFC 6902 on a copy of `doc`: add, remove, replace, test (what clients of the charm's kind send). */
export function applyJsonPatch(doc: JsonObject, ops: unknown): JsonObject {
  if (!Array.isArray(ops)) throw new HttpError(400, "BadRequest", "the body of the request was in an unknown format: a JSON patch is a list of operations");
  const out = clone(doc);
  for (const raw of ops) {
    if (!isObject(raw) || typeof raw["op"] !== "string" || typeof raw["path"] !== "string") {
      throw new HttpError(400, "BadRequest", "the body of the request was in an unknown format: every operation needs op and path");
    }
    const path = pointer(raw["path"]);
    const last = path[path.length - 1];
    let parent: Json = out;
    for (const p of path.slice(0, -1)) {
      const next: Json | undefined = isObject(parent) ? parent[p] : Array.isArray(parent) ? parent[Number(p)] : undefined;
      if (next === undefined) throw notFoundPath(raw["path"]);
      parent = next;
    }
    if (last === undefined || !(isObject(parent) || Array.isArray(parent))) throw notFoundPath(raw["path"]);
    const container = parent as JsonObject;
    const exists = Array.isArray(parent) ? Number(last) < parent.length : last in container;
    const value = raw["value"] as Json;
    switch (raw["op"]) {
      case "add":
        if (Array.isArray(parent)) parent.splice(last === "-" ? parent.length : Number(last), 0, clone(value));
        else container[last] = clone(value);
        break;
      case "replace":
        if (!exists) throw notFoundPath(raw["path"]);
        if (Array.isArray(parent)) parent[Number(last)] = clone(value);
        else container[last] = clone(value);
        break;
      case "remove":
        if (!exists) throw notFoundPath(raw["path"]);
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete container[last];
        break;
      case "test":
        if (!exists || JSON.stringify(container[last]) !== JSON.stringify(value)) {
          throw new HttpError(422, "Invalid", `the server rejected our request due to an error in our request: testing value ${raw["path"]} failed`);
        }
        break;
      default:
        throw new HttpError(400, "BadRequest", `the body of the request was in an unknown format: unknown JSON patch operation "${String(raw["op"])}"`);
    }
  }
  return out;
}

/**
 * Stores `obj` (as read from a real server, managedFields included) the way its managers left
 * it: each Apply entry applies exactly the fields it owns, with force, in order. Update entries
 * (status writes of controllers) are left out: the fake computes workload status itself.
 */
export function seedAsApplied(cluster: Cluster, obj: JsonObject): JsonObject {
  const m = isObject(obj["metadata"]) ? obj["metadata"] : {};
  const k = kindOfObject(String(obj["apiVersion"]), String(obj["kind"]));
  if (!k) throw new Error(`seedAsApplied: unknown kind ${String(obj["apiVersion"])} ${String(obj["kind"])}`);
  const ns = typeof m["namespace"] === "string" ? m["namespace"] : undefined;
  const name = String(m["name"]);
  const entries = Array.isArray(m["managedFields"]) ? m["managedFields"].filter(isObject) : [];
  let out: JsonObject | undefined;
  for (const e of entries) {
    if (e["operation"] !== "Apply" || (e["subresource"] ?? "") !== "") continue;
    const body = (projectFields(e["fieldsV1"], obj) ?? {}) as JsonObject;
    const meta = isObject(body["metadata"]) ? body["metadata"] : {};
    const applied = { ...body, apiVersion: obj["apiVersion"] as Json, kind: obj["kind"] as Json, metadata: { ...meta, name, ...(ns !== undefined ? { namespace: ns } : {}) } };
    out = cluster.apply(k, ns, name, applied, String(e["manager"]), true).obj;
  }
  if (out === undefined) throw new Error(`seedAsApplied: ${String(obj["kind"])}/${name} has no Apply entry`);
  return out;
}
