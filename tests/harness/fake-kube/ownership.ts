/**
 * A reasonable model of server-side apply field ownership.
 *
 * Each field manager owns a tree of fields (the values it last set). An apply:
 *  - conflicts (409) when it sets a field another manager owns to a different value, unless forced;
 *    forcing takes the field away from the other manager;
 *  - removes the fields this manager owned before but no longer applies, unless another manager
 *    owns them too;
 *  - merges the applied configuration into the live object (maps merge, lists are atomic).
 * Updates (POST, PUT, merge patches) give the changed fields to their manager.
 * Simplification: lists are atomic (the real server merges keyed lists such as containers by name).
 */
import { clone, deepEqual, isObject, type Json, type JsonObject } from "./json.ts";
import { HttpError } from "./status.ts";

export interface ManagerEntry {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time: string;
  tree: JsonObject;
}

const SYSTEM_META = ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "deletionTimestamp", "selfLink"];

/** The fields a request body sets, without identity, system metadata and status. */
export function fieldTree(obj: JsonObject): JsonObject {
  const out = clone(obj);
  delete out["apiVersion"];
  delete out["kind"];
  delete out["status"];
  if (isObject(out["metadata"])) {
    const meta = out["metadata"];
    for (const k of SYSTEM_META) delete meta[k];
    if (Object.keys(meta).length === 0) delete out["metadata"];
  }
  return out;
}

type Path = string[];

/** Leaf paths of a tree: scalars, lists and empty maps. */
export function leaves(tree: Json, prefix: Path = []): Path[] {
  if (!isObject(tree) || Object.keys(tree).length === 0) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => leaves(v, [...prefix, k]));
}

export function getPath(obj: Json | undefined, path: Path): Json | undefined {
  let cur: Json | undefined = obj;
  for (const k of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** True when `tree` owns `path` or something below or above it. */
function owns(tree: JsonObject, path: Path): boolean {
  let cur: Json | undefined = tree;
  for (const k of path) {
    if (!isObject(cur) || !(k in cur)) return false;
    cur = cur[k];
    if (!isObject(cur)) return true;
  }
  return true;
}

function setPath(tree: JsonObject, path: Path, value: Json): void {
  let cur = tree;
  for (const k of path.slice(0, -1)) {
    if (!isObject(cur[k])) cur[k] = {};
    cur = cur[k] as JsonObject;
  }
  const last = path[path.length - 1];
  if (last !== undefined) cur[last] = clone(value);
}

/** Deletes a path and then any map left empty on the way up. */
export function deletePath(tree: JsonObject, path: Path): void {
  if (path.length === 0) return;
  const [head, ...rest] = path as [string, ...string[]];
  if (!(head in tree)) return;
  const child = tree[head];
  if (rest.length === 0 || !isObject(child)) {
    delete tree[head];
    return;
  }
  deletePath(child, rest);
  if (Object.keys(child).length === 0) delete tree[head];
}

/** Removes from `target` what `prev` owned and `next` no longer sets, unless `others` own it. */
function removeStale(target: JsonObject, prev: JsonObject, next: JsonObject, others: JsonObject[]): void {
  for (const [k, pv] of Object.entries(prev)) {
    const nv = next[k];
    const othersHere = others.map((o) => o[k]).filter((x): x is Json => x !== undefined);
    if (nv === undefined) {
      if (othersHere.length === 0) delete target[k];
      else if (isObject(pv) && isObject(target[k])) {
        removeStale(target[k] as JsonObject, pv, {}, othersHere.filter(isObject));
      }
    } else if (isObject(pv) && isObject(nv) && isObject(target[k])) {
      removeStale(target[k] as JsonObject, pv, nv, othersHere.filter(isObject));
    }
  }
}

function mergeInto(target: JsonObject, applied: JsonObject): void {
  for (const [k, v] of Object.entries(applied)) {
    if (v === null) continue;
    const t = target[k];
    if (isObject(v) && isObject(t)) mergeInto(t, v);
    else target[k] = clone(v);
  }
}

function pathText(p: Path): string {
  return p.map((k) => `.${k}`).join("");
}

/**
 * Server-side apply of `applied` by `manager`. Returns the new object body (system metadata of
 * `live` kept) and the new manager entries. Throws a 409 Conflict when not forced.
 */
export function applyConfig(
  live: JsonObject | undefined,
  entries: ManagerEntry[],
  manager: string,
  apiVersion: string,
  applied: JsonObject,
  force: boolean,
  names: { plural: string; group: string; name: string },
  now: string,
): { obj: JsonObject; entries: ManagerEntry[] } {
  const next = fieldTree(applied);
  const newEntries = clone(entries);
  const others = newEntries.filter((e) => e.manager !== manager);
  const conflicts: { path: Path; with: string }[] = [];
  for (const p of leaves(next)) {
    for (const e of others) {
      if (owns(e.tree, p) && !deepEqual(getPath(live, p), getPath(next, p))) conflicts.push({ path: p, with: e.manager });
    }
  }
  if (conflicts.length > 0 && !force) {
    const lines = conflicts.map((c) => `conflict with "${c.with}": ${pathText(c.path)}`);
    throw new HttpError(
      409,
      "Conflict",
      `Apply failed with ${conflicts.length} conflict${conflicts.length === 1 ? "" : "s"}: ${lines.join("\n")}`,
      { name: names.name, group: names.group, kind: names.plural, causes: conflicts.map((c) => ({ reason: "FieldManagerConflict", message: `conflict with "${c.with}"`, field: pathText(c.path) })) },
    );
  }
  for (const c of conflicts) {
    const e = newEntries.find((x) => x.manager === c.with);
    if (e) {
      deletePath(e.tree, c.path);
      e.time = now;
    }
  }
  const obj = clone(live ?? {});
  const mine = newEntries.find((e) => e.manager === manager && e.operation === "Apply");
  removeStale(obj, mine?.tree ?? {}, next, others.map((e) => e.tree));
  mergeInto(obj, next);
  cleanMeta(obj);
  if (mine) {
    if (!deepEqual(mine.tree, next)) {
      mine.tree = next;
      mine.time = now;
      mine.apiVersion = apiVersion;
    }
  } else {
    newEntries.push({ manager, operation: "Apply", apiVersion, time: now, tree: next });
  }
  return { obj, entries: newEntries.filter((e) => Object.keys(e.tree).length > 0) };
}

/** Ownership after a non-apply write by `manager` that turned `before` into `after`. */
export function updateOwnership(
  before: JsonObject | undefined,
  after: JsonObject,
  entries: ManagerEntry[],
  manager: string,
  apiVersion: string,
  now: string,
): ManagerEntry[] {
  const b = fieldTree(before ?? {});
  const a = fieldTree(after);
  const newEntries = clone(entries);
  const changed = leaves(a).filter((p) => p.length > 0 && !deepEqual(getPath(b, p), getPath(a, p)));
  const removed = leaves(b).filter((p) => p.length > 0 && getPath(a, p) === undefined);
  for (const e of newEntries) {
    for (const p of [...changed, ...removed]) {
      if (owns(e.tree, p)) {
        deletePath(e.tree, p);
        e.time = now;
      }
    }
  }
  if (changed.length > 0) {
    let mine = newEntries.find((e) => e.manager === manager && e.operation === "Update");
    if (!mine) {
      mine = { manager, operation: "Update", apiVersion, time: now, tree: {} };
      newEntries.push(mine);
    }
    for (const p of changed) setPath(mine.tree, p, getPath(a, p) ?? null);
    mine.time = now;
  }
  return newEntries.filter((e) => Object.keys(e.tree).length > 0);
}

/** Drops empty label and annotation maps. */
function cleanMeta(obj: JsonObject): void {
  const meta = obj["metadata"];
  if (!isObject(meta)) return;
  for (const k of ["labels", "annotations"]) {
    const m = meta[k];
    if (isObject(m) && Object.keys(m).length === 0) delete meta[k];
  }
}

/** `fieldsV1` in the real server's notation (`f:` fields, `k:` keyed list items, `v:` set values). */
export function toFieldsV1(tree: Json): JsonObject {
  if (Array.isArray(tree)) {
    const out: JsonObject = {};
    for (const item of tree) {
      if (isObject(item) && typeof item["name"] === "string") {
        out[`k:${JSON.stringify({ name: item["name"] })}`] = { ".": {}, ...toFieldsV1(item) };
      } else if (!isObject(item) && !Array.isArray(item)) {
        out[`v:${JSON.stringify(item)}`] = {};
      }
    }
    return out;
  }
  if (!isObject(tree)) return {};
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(tree)) {
    const child = toFieldsV1(v);
    out[`f:${k}`] = isObject(v) && Object.keys(v).length > 0 ? { ".": {}, ...child } : child;
  }
  return out;
}

export function managedFields(entries: ManagerEntry[]): Json[] {
  return entries.map((e) => ({
    manager: e.manager,
    operation: e.operation,
    apiVersion: e.apiVersion,
    time: e.time,
    fieldsType: "FieldsV1",
    fieldsV1: toFieldsV1(e.tree),
  }));
}
