/**
 * The in-memory cluster behind the fake API server: objects, resourceVersions, field managers.
 * Every operation throws an HttpError that the server turns into a Status answer.
 */
import { randomUUID } from "node:crypto";
import { clone, deepEqual, isObject, type Json, type JsonObject, mergePatch } from "./json.ts";
import { crdsFor } from "./crds.ts";
import { toCore } from "./events-view.ts";
import { checkFields, fieldsMatch, parseFieldSelector } from "./fields.ts";
import { groupVersion, type KindInfo, kindOfObject, type OptionalApi, type Served, servedBy } from "./kinds.ts";
import { applyJsonPatch, entriesFromManagedFields } from "./managed-fields.ts";
import { applyConfig, type ManagerEntry, managedFields, updateOwnership } from "./ownership.ts";
import { matches, parseSelector } from "./selector.ts";
import { checkImmutable, normalize, validate, workloadStatus } from "./semantics.ts";
import { alreadyExists, badRequest, conflict, HttpError, notFound, success } from "./status.ts";
import { defaultClassName } from "./volumes.ts";

interface Stored {
  k: KindInfo;
  obj: JsonObject; // without managedFields
  entries: ManagerEntry[];
}

export interface WriteResult {
  obj: JsonObject;
  created: boolean;
  changed: boolean;
}

/** A stored change, as controllers (the provisioner stand-in) watch them. */
export interface Change {
  type: "created" | "updated" | "deleted";
  k: KindInfo;
  obj: JsonObject;
}

/** Kinds whose objects carry no metadata.generation (custom resources always do). */
const NO_GENERATION = new Set(["/PersistentVolumeClaim", "/PersistentVolume", "/Event"]);

function meta(o: JsonObject): JsonObject {
  if (!isObject(o["metadata"])) o["metadata"] = {};
  return o["metadata"] as JsonObject;
}

export class Cluster {
  private rv = 0;
  private readonly objects = new Map<string, Stored>();
  private readonly notReady = new Set<string>();
  private readonly apis = new Set<OptionalApi>();
  private listeners: ((c: Change) => void)[] = [];
  private nodeCount: number;
  /** Which kinds are served now (optional APIs only while enabled). */
  readonly served: Served = servedBy(this.apis);
  /** Clock for creationTimestamp and managedFields times (replaceable in tests). */
  now: () => string = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

  constructor(nodes = 3) {
    this.nodeCount = nodes;
    for (const ns of ["default", "kube-system", "kube-public"]) {
      this.seed({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    }
    this.syncNodes();
  }

  get nodes(): number {
    return this.nodeCount;
  }

  /** An independent copy (objects, versions, field managers, nodes, readiness switches). */
  clone(): Cluster {
    const c = new Cluster(0);
    c.objects.clear();
    for (const [key, s] of this.objects) c.objects.set(key, { k: s.k, obj: clone(s.obj), entries: structuredClone(s.entries) });
    c.rv = this.rv;
    c.nodeCount = this.nodeCount;
    for (const id of this.notReady) c.notReady.add(id);
    for (const api of this.apis) c.apis.add(api);
    c.now = this.now;
    return c;
  }

  private key(k: KindInfo, ns: string | undefined, name: string): string {
    return `${k.group}/${k.plural}/${k.namespaced ? (ns ?? "") : ""}/${name}`;
  }

  private render(s: Stored): JsonObject {
    const o = clone(s.obj);
    const m = meta(o);
    if (s.entries.length > 0) m["managedFields"] = managedFields(s.entries);
    return o;
  }

  /** Calls `fn` after every stored change; answers a function that stops it. */
  onChange(fn: (c: Change) => void): () => void {
    this.listeners.push(fn);
    return () => {
      this.listeners = this.listeners.filter((x) => x !== fn);
    };
  }

  private emit(c: Change): void {
    for (const fn of [...this.listeners]) fn(c);
  }

  apiEnabled(api: OptionalApi): boolean {
    return this.apis.has(api);
  }

  /** Serves an optional API from now on, with its CustomResourceDefinitions listed. */
  enableApi(api: OptionalApi): void {
    if (this.apis.has(api)) return;
    this.apis.add(api);
    for (const crd of crdsFor(api)) this.seed(crd, "kube-apiserver");
  }

  /** Stops serving an optional API; like deleting its CRDs, its objects go too. */
  disableApi(api: OptionalApi): void {
    if (!this.apis.has(api)) return;
    const crdKind = kindOfObject("apiextensions.k8s.io/v1", "CustomResourceDefinition")!;
    for (const crd of crdsFor(api)) this.objects.delete(this.key(crdKind, undefined, String((crd["metadata"] as JsonObject)["name"])));
    for (const [key, s] of [...this.objects]) if (s.k.api === api) this.objects.delete(key);
    this.apis.delete(api);
    this.rv++;
  }

  private requireServed(k: KindInfo): void {
    if (!this.served(k)) throw new HttpError(404, "NotFound", "the server could not find the requested resource");
  }

  private requireNamespace(k: KindInfo, ns: string | undefined): void {
    if (!k.namespaced) return;
    if (!ns) throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    if (!this.objects.has(`/namespaces//${ns}`)) throw notFound("namespaces", "", ns);
  }

  /** Stores `o` (already normalized and validated) if it differs; bumps resourceVersion only then. */
  private commit(k: KindInfo, before: Stored | undefined, o: JsonObject, entries: ManagerEntry[]): WriteResult {
    const m = meta(o);
    if (before) {
      for (const f of ["uid", "creationTimestamp", "generation", "resourceVersion"]) {
        const v = before.obj["metadata"] && (before.obj["metadata"] as JsonObject)[f];
        if (v !== undefined) m[f] = v;
      }
    } else {
      m["uid"] = randomUUID();
      m["creationTimestamp"] = this.now();
    }
    const tracked = k.api !== undefined || (!NO_GENERATION.has(`${k.group}/${k.kind}`) && o["spec"] !== undefined) || k.kind === "Deployment" || k.kind === "DaemonSet";
    if (tracked) {
      if (!before) m["generation"] = 1;
      else if (!deepEqual(before.obj["spec"], o["spec"])) m["generation"] = Number(m["generation"] ?? 0) + 1;
    }
    this.refreshStatus(k, o);
    const stripTimes = (es: ManagerEntry[]) => es.map((e) => ({ ...e, time: "" }));
    if (before && deepEqual(before.obj, o) && deepEqual(stripTimes(before.entries), stripTimes(entries))) {
      return { obj: this.render(before), created: false, changed: false };
    }
    m["resourceVersion"] = String(++this.rv);
    const s: Stored = { k, obj: o, entries };
    this.objects.set(this.key(k, m["namespace"] as string | undefined, String(m["name"])), s);
    const rendered = this.render(s);
    this.emit({ type: before ? "updated" : "created", k, obj: this.render(s) });
    return { obj: rendered, created: !before, changed: true };
  }

  private refreshStatus(k: KindInfo, o: JsonObject): void {
    const m = meta(o);
    const status = workloadStatus(k.kind, o, {
      nodes: this.nodeCount,
      notReady: this.notReady.has(`${k.kind}/${String(m["namespace"] ?? "")}/${String(m["name"])}`),
    });
    if (status) o["status"] = status;
  }

  private prepare(k: KindInfo, before: Stored | undefined, o: JsonObject, ns: string | undefined, name: string): JsonObject {
    o["apiVersion"] = groupVersion(k);
    o["kind"] = k.kind;
    const m = meta(o);
    m["name"] = name;
    if (k.namespaced) m["namespace"] = ns as Json;
    else delete m["namespace"];
    delete m["managedFields"];
    delete m["resourceVersion"];
    if (before && before.obj["status"] !== undefined && o["status"] === undefined) o["status"] = clone(before.obj["status"]);
    normalize(k, o, before?.obj);
    if (!before && k.group === "" && k.kind === "PersistentVolumeClaim") this.admitDefaultClass(o);
    validate(k, o);
    if (before) checkImmutable(k, before.obj, o);
    return o;
  }

  private checkBody(k: KindInfo, body: unknown, ns: string | undefined, name: string | undefined): JsonObject {
    if (!isObject(body)) throw badRequest("the body of the request was in an unknown format");
    if (body["kind"] !== undefined && body["kind"] !== k.kind) {
      throw badRequest(`the kind of the provided object (${String(body["kind"])}) does not match the resource (${k.kind})`);
    }
    if (body["apiVersion"] !== undefined && body["apiVersion"] !== groupVersion(k)) {
      throw badRequest(`the API version in the data (${String(body["apiVersion"])}) does not match the expected API version (${groupVersion(k)})`);
    }
    const m = isObject(body["metadata"]) ? body["metadata"] : {};
    if (name !== undefined && m["name"] !== undefined && m["name"] !== name) {
      throw badRequest("the name of the object does not match the name on the URL");
    }
    if (k.namespaced && ns !== undefined && m["namespace"] !== undefined && m["namespace"] !== ns) {
      throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    return clone(body);
  }

  /** The DefaultStorageClass admission plugin: an unset storageClassName gets the default class. */
  private admitDefaultClass(o: JsonObject): void {
    const spec = isObject(o["spec"]) ? o["spec"] : {};
    if (spec["storageClassName"] !== undefined) return;
    const sc = kindOfObject("storage.k8s.io/v1", "StorageClass")!;
    const name = defaultClassName([...this.objects.values()].filter((s) => s.k === sc).map((s) => s.obj));
    if (name !== undefined) spec["storageClassName"] = name;
  }

  get(k: KindInfo, ns: string | undefined, name: string): JsonObject {
    this.requireServed(k);
    const s = this.objects.get(this.key(k, ns, name));
    if (!s) throw notFound(k.plural, k.group, name);
    return this.render(s);
  }

  find(k: KindInfo, ns: string | undefined, name: string): JsonObject | undefined {
    const s = this.objects.get(this.key(k, ns, name));
    return s ? this.render(s) : undefined;
  }

  list(k: KindInfo, ns: string | undefined, labelSelector?: string, fieldSelector?: string): JsonObject {
    this.requireServed(k);
    let reqs: ReturnType<typeof parseSelector> = [];
    try {
      reqs = labelSelector ? parseSelector(labelSelector) : [];
    } catch (e) {
      throw badRequest(`unable to parse requirement: ${(e as Error).message}`);
    }
    const fields = fieldSelector ? parseFieldSelector(fieldSelector) : [];
    checkFields(k, fields);
    const items: JsonObject[] = [];
    for (const s of this.objects.values()) {
      if (s.k !== k) continue;
      const m = s.obj["metadata"] as JsonObject;
      if (ns !== undefined && k.namespaced && m["namespace"] !== ns) continue;
      if (!matches(reqs, m["labels"] as Record<string, string> | undefined)) continue;
      if (!fieldsMatch(k, fields, s.obj)) continue;
      const o = this.render(s);
      // Like the real server, list items carry no apiVersion/kind.
      delete o["apiVersion"];
      delete o["kind"];
      items.push(o);
    }
    items.sort((a, b) => {
      const ma = a["metadata"] as JsonObject;
      const mb = b["metadata"] as JsonObject;
      return `${ma["namespace"] ?? ""}/${ma["name"]}`.localeCompare(`${mb["namespace"] ?? ""}/${mb["name"]}`);
    });
    return { apiVersion: groupVersion(k), kind: `${k.kind}List`, metadata: { resourceVersion: String(this.rv) }, items };
  }

  create(k: KindInfo, ns: string | undefined, body: unknown, manager: string): WriteResult {
    this.requireServed(k);
    const o = this.checkBody(k, body, ns, undefined);
    const name = (o["metadata"] as JsonObject | undefined)?.["name"];
    if (typeof name !== "string" || name === "") throw badRequest("name or generateName is required");
    this.requireNamespace(k, ns);
    if (this.objects.has(this.key(k, ns, name))) throw alreadyExists(k.plural, k.group, name);
    const prepared = this.prepare(k, undefined, o, ns, name);
    const entries = updateOwnership(undefined, prepared, [], manager, groupVersion(k), this.now());
    return this.commit(k, undefined, prepared, entries);
  }

  replace(k: KindInfo, ns: string | undefined, name: string, body: unknown, manager: string): WriteResult {
    this.requireServed(k);
    const o = this.checkBody(k, body, ns, name);
    const before = this.objects.get(this.key(k, ns, name));
    if (!before) throw notFound(k.plural, k.group, name);
    const rv = (o["metadata"] as JsonObject | undefined)?.["resourceVersion"];
    if (rv !== undefined && rv !== (before.obj["metadata"] as JsonObject)["resourceVersion"]) {
      throw conflict(k.plural, k.group, name, "the object has been modified; please apply your changes to the latest version and try again");
    }
    const prepared = this.prepare(k, before, o, ns, name);
    const entries = updateOwnership(before.obj, prepared, before.entries, manager, groupVersion(k), this.now());
    return this.commit(k, before, prepared, entries);
  }

  mergePatch(k: KindInfo, ns: string | undefined, name: string, patch: unknown, manager: string): WriteResult {
    this.requireServed(k);
    const before = this.objects.get(this.key(k, ns, name));
    if (!before) throw notFound(k.plural, k.group, name);
    if (!isObject(patch)) throw badRequest("the body of the request was in an unknown format");
    const merged = mergePatch(clone(before.obj), patch) as JsonObject;
    const o = this.checkBody(k, merged, ns, name);
    const prepared = this.prepare(k, before, o, ns, name);
    const entries = updateOwnership(before.obj, prepared, before.entries, manager, groupVersion(k), this.now());
    return this.commit(k, before, prepared, entries);
  }

  /** JSON patch (RFC 6902); a new metadata.managedFields becomes the ownership, a resourceVersion a precondition. */
  jsonPatch(k: KindInfo, ns: string | undefined, name: string, ops: unknown, manager: string): WriteResult {
    this.requireServed(k);
    const before = this.objects.get(this.key(k, ns, name));
    if (!before) throw notFound(k.plural, k.group, name);
    const current = this.render(before);
    const patched = applyJsonPatch(current, ops);
    const m = meta(patched);
    if (m["resourceVersion"] !== undefined && m["resourceVersion"] !== meta(current)["resourceVersion"]) {
      throw conflict(k.plural, k.group, name, "the object has been modified; please apply your changes to the latest version and try again");
    }
    const given = deepEqual(m["managedFields"], meta(current)["managedFields"]) ? before.entries : entriesFromManagedFields(m["managedFields"], patched);
    const o = this.checkBody(k, patched, ns, name);
    const prepared = this.prepare(k, before, o, ns, name);
    const entries = updateOwnership(before.obj, prepared, given, manager, groupVersion(k), this.now());
    return this.commit(k, before, prepared, entries);
  }

  apply(k: KindInfo, ns: string | undefined, name: string, body: unknown, manager: string | undefined, force: boolean): WriteResult {
    this.requireServed(k);
    if (!manager) throw badRequest("PATCH, application/apply-patch+yaml: fieldManager is required for apply requests");
    const o = this.checkBody(k, body, ns, name);
    if (o["apiVersion"] === undefined || o["kind"] === undefined) {
      throw badRequest("apiVersion and kind must be set in an apply configuration");
    }
    const before = this.objects.get(this.key(k, ns, name));
    if (!before) this.requireNamespace(k, ns);
    const names = { plural: k.plural, group: k.group, name };
    const { obj, entries } = applyConfig(before?.obj, before?.entries ?? [], manager, groupVersion(k), o, force, names, this.now());
    const prepared = this.prepare(k, before, obj, ns, name);
    return this.commit(k, before, prepared, entries);
  }

  delete(k: KindInfo, ns: string | undefined, name: string): object {
    this.requireServed(k);
    const key = this.key(k, ns, name);
    const s = this.objects.get(key);
    if (!s) throw notFound(k.plural, k.group, name);
    this.objects.delete(key);
    if (k.kind === "Namespace") {
      for (const [key2, s2] of this.objects) {
        if (s2.k.namespaced && (s2.obj["metadata"] as JsonObject)["namespace"] === name) this.objects.delete(key2);
      }
    }
    this.rv++;
    const m = s.obj["metadata"] as JsonObject;
    this.emit({ type: "deleted", k, obj: this.render(s) });
    return success({ name, group: k.group, kind: k.plural, uid: m["uid"] });
  }

  /** A controller's create (no HTTP): validated and stored like a POST by `manager`. */
  internalCreate(k: KindInfo, ns: string | undefined, manager: string, body: JsonObject): JsonObject {
    return this.create(k, ns, body, manager).obj;
  }

  /** A controller's update of the live object (no HTTP): validated and stored like a PUT by `manager`. */
  internalUpdate(k: KindInfo, ns: string | undefined, name: string, manager: string, mutate: (o: JsonObject) => void): JsonObject {
    const o = this.get(k, ns, name);
    mutate(o);
    return this.replace(k, ns, name, o, manager).obj;
  }

  /** A write to the status subresource (controllers): only status changes; resourceVersion moves. */
  writeStatus(k: KindInfo, ns: string | undefined, name: string, status: JsonObject): JsonObject {
    const s = this.objects.get(this.key(k, ns, name));
    if (!s) throw notFound(k.plural, k.group, name);
    if (deepEqual(s.obj["status"], status)) return this.render(s);
    const o = clone(s.obj);
    o["status"] = clone(status);
    meta(o)["resourceVersion"] = String(++this.rv);
    s.obj = o;
    this.emit({ type: "updated", k, obj: this.render(s) });
    return this.render(s);
  }

  /** Direct write, bypassing HTTP (test setup). Uses a merge over the existing object when present. */
  seed(input: JsonObject, manager = "test-setup"): JsonObject {
    // events.k8s.io Events are a view of core Events: store the core form.
    const o = input["apiVersion"] === "events.k8s.io/v1" ? (toCore(input) as JsonObject) : input;
    const k = kindOf(o);
    const m = isObject(o["metadata"]) ? o["metadata"] : {};
    const ns = m["namespace"] as string | undefined;
    const name = String(m["name"]);
    return this.objects.has(this.key(k, ns, name))
      ? this.replace(k, ns, name, o, manager).obj
      : this.create(k, ns, o, manager).obj;
  }

  remove(o: { kind: string; metadata: { name: string; namespace?: string } }): boolean {
    const k = kindOf(o as unknown as JsonObject);
    return this.objects.delete(this.key(k, o.metadata.namespace, o.metadata.name));
  }

  all(): JsonObject[] {
    return [...this.objects.values()].map((s) => this.render(s));
  }

  /** Stored objects of one kind (any namespace), for controllers and tests. */
  ofKind(k: KindInfo): JsonObject[] {
    return [...this.objects.values()].filter((s) => s.k === k).map((s) => this.render(s));
  }

  setNodes(n: number): void {
    this.nodeCount = n;
    this.syncNodes();
    this.refreshWorkloads();
  }

  setNotReady(kind: "Deployment" | "DaemonSet", ns: string, name: string, notReady = true): void {
    const id = `${kind}/${ns}/${name}`;
    if (notReady) this.notReady.add(id);
    else this.notReady.delete(id);
    this.refreshWorkloads();
  }

  private refreshWorkloads(): void {
    for (const s of this.objects.values()) {
      if (s.k.kind !== "Deployment" && s.k.kind !== "DaemonSet") continue;
      const o = clone(s.obj);
      this.refreshStatus(s.k, o);
      if (!deepEqual(o, s.obj)) {
        meta(o)["resourceVersion"] = String(++this.rv);
        s.obj = o;
      }
    }
  }

  private syncNodes(): void {
    const nodeKind = kindOfObject("v1", "Node")!;
    for (const s of [...this.objects.values()]) {
      if (s.k === nodeKind) this.objects.delete(this.key(nodeKind, undefined, String((s.obj["metadata"] as JsonObject)["name"])));
    }
    for (let i = 1; i <= this.nodeCount; i++) {
      this.seed({
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: `node-${i}`, labels: { "kubernetes.io/hostname": `node-${i}` } },
        status: { conditions: [{ type: "Ready", status: "True" }] },
      });
    }
  }
}


/** The kind of an object by its apiVersion (when set) and kind. */
function kindOf(o: JsonObject): KindInfo {
  const apiVersion = typeof o["apiVersion"] === "string" ? o["apiVersion"] : undefined;
  const k = kindOfObject(apiVersion, String(o["kind"]));
  if (!k) throw new HttpError(400, "BadRequest", `unknown kind ${String(apiVersion ?? "")} ${String(o["kind"])}`);
  return k;
}
