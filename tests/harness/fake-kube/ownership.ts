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
import { pathKey, toFieldsV1 } from "./fieldsv1.ts";
import { HttpError } from "./status.ts";

export interface ManagerEntry {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time: string;
  tree: JsonObject;
  /** Set for status writes (controllers): "status". */
  subresource?: string;
  /** Paths (pathKey) of maps and lists an Update created: rendered with "." in fieldsV1. */
  created?: string[];
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
  _names: { plural: string; group: string; name: string },
  now: string,
): { obj: JsonObject; entries: ManagerEntry[] } {
  const next = fieldTree(applied);
  const newEntries = clone(entries);
  // Another manager, or the same name writing by Update (a merge-patch's entry is its own manager).
  const others = newEntries.filter((e) => e.manager !== manager || e.operation !== "Apply");
  const conflicts: Conflict[] = [];
  for (const p of leaves(next).filter((x) => x.length > 0)) {
    for (const e of others) {
      if (owns(e.tree, p) && !deepEqual(getPath(live, p), getPath(next, p))) conflicts.push({ path: p, with: e.manager, entry: e });
    }
  }
  if (conflicts.length > 0 && !force) throw conflictError(conflicts, newEntries);
  for (const c of conflicts) {
    deletePath(c.entry.tree, c.path);
  }
  const obj = clone(live ?? {});
  const mine = newEntries.find((e) => e.manager === manager && e.operation === "Apply");
  removeStale(obj, mine?.tree ?? {}, next, others.map((e) => e.tree));
  mergeInto(obj, next);
  cleanMeta(obj);
  if (mine) {
    // The time moves only when the object changes (the caller decides: touchApply).
    if (!deepEqual(mine.tree, next)) {
      mine.tree = next;
      mine.apiVersion = apiVersion;
    }
  } else {
    newEntries.push({ manager, operation: "Apply", apiVersion, time: now, tree: next });
  }
  return { obj, entries: newEntries.filter((e) => Object.keys(e.tree).length > 0) };
}

interface Conflict {
  path: Path;
  with: string;
  entry: ManagerEntry;
}

/** 409 as the real server words it: one line for one conflict, a list per manager for more. */
function conflictError(conflicts: Conflict[], _entries: ManagerEntry[]): HttpError {
  const who = (c: Conflict) => `"${c.with}"${c.entry.operation === "Update" ? ` using ${c.entry.apiVersion}` : ""}`;
  const sorted = [...conflicts].sort((a, b) => pathText(a.path).localeCompare(pathText(b.path)));
  let message: string;
  if (sorted.length === 1) message = `Apply failed with 1 conflict: conflict with ${who(sorted[0]!)}: ${pathText(sorted[0]!.path)}`;
  else {
    const groups = new Map<string, string[]>();
    for (const c of sorted) groups.set(who(c), [...(groups.get(who(c)) ?? []), pathText(c.path)]);
    const parts = [...groups].map(([w, paths]) => (paths.length === 1 ? `conflict with ${w}: ${paths[0]}` : `conflicts with ${w}:\n${paths.map((x) => `- ${x}`).join("\n")}`));
    message = `Apply failed with ${sorted.length} conflicts: ${parts.join("\n")}`;
  }
  return new HttpError(409, "Conflict", message, { causes: sorted.map((c) => ({ reason: "FieldManagerConflict", message: `conflict with ${who(c)}`, field: pathText(c.path) })) });
}

/** Moves the time of `manager`'s Apply entry to `now` (the apply changed the object). */
export function touchApply(entries: ManagerEntry[], manager: string, now: string): void {
  const e = entries.find((x) => x.manager === manager && x.operation === "Apply");
  if (e) e.time = now;
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
      if (owns(e.tree, p)) deletePath(e.tree, p);
    }
  }
  if (changed.length > 0) {
    let mine = newEntries.find((e) => e.manager === manager && e.operation === "Update");
    if (!mine) {
      mine = { manager, operation: "Update", apiVersion, time: now, tree: {} };
      newEntries.push(mine);
    }
    for (const p of changed) setPath(mine.tree, p, getPath(a, p) ?? null);
    const created = new Set(mine.created ?? []);
    for (const p of changed) {
      for (let i = 1; i <= p.length; i++) {
        const q = p.slice(0, i);
        const v = getPath(a, q);
        if ((isObject(v) || Array.isArray(v)) && getPath(b, q) === undefined) created.add(pathKey(q));
      }
    }
    if (created.size > 0) mine.created = [...created];
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

export function managedFields(entries: ManagerEntry[]): Json[] {
  return entries.map((e) => ({
    manager: e.manager,
    operation: e.operation,
    apiVersion: e.apiVersion,
    time: e.time,
    fieldsType: "FieldsV1",
    fieldsV1: toFieldsV1(e.tree, new Set(e.created ?? [])),
    ...(e.subresource ? { subresource: e.subresource } : {}),
  }));
}
