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
import { pathKey } from "./fieldsv1.ts";
import { applyJsonPatch, entriesFromManagedFields } from "./managed-fields.ts";
import { applyConfig, type ManagerEntry, managedFields, touchApply, updateOwnership } from "./ownership.ts";
import { matches, parseSelector } from "./selector.ts";
import { checkImmutable, normalize, validate, workloadStatus } from "./semantics.ts";
import { alreadyExists, badRequest, conflict, forbidden, HttpError, namespaceTerminating, notFound, pageNotFound, success } from "./status.ts";
import { DEFAULT_KUBE_VERSION, dropDisabledFields, type KubeVersion, parseKubeVersion } from "./versions.ts";
import { createdStatus, pendingStatus, type WorkloadMode } from "./workloads.ts";
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

/** Built-in kinds whose objects carry metadata.generation (custom resources always do). */
const GENERATION = new Set(["apps/Deployment", "apps/DaemonSet"]);

/** Kinds whose DELETE answers the object rather than a Success Status. */
const DELETE_RETURNS_OBJECT = new Set(["storage.k8s.io/StorageClass", "storage.k8s.io/CSIDriver", "/ServiceAccount", "/PersistentVolumeClaim", "/PersistentVolume", "/Namespace"]);

/** Namespaces the API server refuses to delete. */
const UNDELETABLE_NAMESPACES = new Set(["default", "kube-system", "kube-public"]);

export interface ClusterOptions {
  /** Node count used for workload status (default 3). */
  nodes?: number;
  /** Kubernetes version served: "1.26" ... "1.34" (default "1.33", the newest behaviour). */
  kubeVersion?: string;
  /**
   * "ready" (default): workloads report available replicas at once. "pending": they report what a
   * cluster without nodes shows (v1.26 reference) until markWorkloadsReady().
   */
  workloads?: WorkloadMode;
}

/** A write's options besides the body: `dryRun` checks everything and stores nothing. */
export interface WriteOptions {
  dryRun?: boolean;
}

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
  /** The Kubernetes version served (what it drops and defaults; `/version`). */
  readonly version: KubeVersion;
  /** How Deployments and DaemonSets report status (see ClusterOptions.workloads). */
  workloads: WorkloadMode;
  /** Which kinds are served now (optional APIs only while enabled). */
  readonly served: Served = servedBy(this.apis);
  /** Clock for creationTimestamp and managedFields times (replaceable in tests). */
  now: () => string = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

  constructor(opts: number | ClusterOptions = 3) {
    const o = typeof opts === "number" ? { nodes: opts } : opts;
    this.nodeCount = o.nodes ?? 3;
    this.version = parseKubeVersion(o.kubeVersion ?? DEFAULT_KUBE_VERSION);
    this.workloads = o.workloads ?? "ready";
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
    const c = new Cluster({ nodes: 0, kubeVersion: this.version.gitVersion, workloads: this.workloads });
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

  /** A kind whose CRD is not installed: the API server's plain-text 404, not a Status. */
  private requireServed(k: KindInfo): void {
    if (!this.served(k)) throw pageNotFound();
  }

  /** Creating in a namespace needs it to exist and not to be Terminating (403 NamespaceTerminating). */
  private requireNamespace(k: KindInfo, ns: string | undefined, name: string): void {
    if (!k.namespaced) return;
    if (!ns) throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    const s = this.objects.get(`/namespaces//${ns}`);
    if (!s) throw notFound("namespaces", "", ns);
    if (isTerminating(s.obj)) throw namespaceTerminating(k.plural, k.group, name, ns);
  }

  /** Runs a write on a copy: the answer the server would give, nothing stored, versions unchanged. */
  private dry(fn: (c: Cluster) => WriteResult): WriteResult {
    const c = this.clone();
    const r = fn(c);
    const m = meta(r.obj);
    if (r.created) delete m["resourceVersion"];
    else {
      const before = this.objects.get(this.key(c.kindOf(r.obj), m["namespace"] as string | undefined, String(m["name"])));
      const rv = before && (before.obj["metadata"] as JsonObject)["resourceVersion"];
      if (rv !== undefined) m["resourceVersion"] = rv;
    }
    return r;
  }

  private kindOf(o: JsonObject): KindInfo {
    return kindOf(o);
  }

  /**
   * Stores `o` (already normalized and validated) if it or its managed fields (times included)
   * differ; bumps resourceVersion only then.
   */
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
    if (k.api !== undefined || GENERATION.has(`${k.group}/${k.kind}`)) {
      // Custom resources count any change outside metadata and status; built-ins a spec change.
      const counted = (x: JsonObject) => (k.api !== undefined ? { ...x, metadata: null, status: null } : x["spec"]);
      if (!before) m["generation"] = 1;
      else if (!deepEqual(counted(before.obj), counted(o))) m["generation"] = Number(m["generation"] ?? 0) + 1;
    }
    if (k.group === "apps" && k.kind === "DaemonSet") this.templateGeneration(before, o);
    if (this.workloads === "ready") this.refreshStatus(k, o);
    else if (!before) {
      const initial = createdStatus(k);
      if (initial) o["status"] = initial;
    }
    if (before && deepEqual(before.obj, o) && deepEqual(before.entries, entries)) {
      return { obj: this.render(before), created: false, changed: false };
    }
    m["resourceVersion"] = String(++this.rv);
    const s: Stored = { k, obj: o, entries };
    this.objects.set(this.key(k, m["namespace"] as string | undefined, String(m["name"])), s);
    const rendered = this.render(s);
    this.emit({ type: before ? "updated" : "created", k, obj: this.render(s) });
    if (this.workloads === "pending") this.controllerPass(s);
    return { obj: rendered, created: !before, changed: true };
  }

  /** The DaemonSet strategy's annotation: the generation at which the pod template last changed. */
  private templateGeneration(before: Stored | undefined, o: JsonObject): void {
    const m = meta(o);
    const ANN = "deprecated.daemonset.template.generation";
    const annotations = isObject(m["annotations"]) ? m["annotations"] : {};
    const prev = before && isObject((before.obj["metadata"] as JsonObject)["annotations"]) ? ((before.obj["metadata"] as JsonObject)["annotations"] as JsonObject)[ANN] : undefined;
    const templateChanged = !before || !deepEqual((before.obj["spec"] as JsonObject | undefined)?.["template"], (o["spec"] as JsonObject | undefined)?.["template"]);
    annotations[ANN] = templateChanged || prev === undefined ? String(m["generation"] ?? 1) : prev;
    m["annotations"] = annotations;
  }

  /**
   * The workload controllers of a cluster without nodes (pending mode): a status write by
   * kube-controller-manager right after the object is stored, as the next read shows it.
   */
  private controllerPass(s: Stored): void {
    const p = pendingStatus(s.k, s.obj, this.now());
    if (!p) return;
    const o = clone(s.obj);
    const m = meta(o);
    const hadAnnotations = isObject(m["annotations"]);
    if (p.annotations) m["annotations"] = { ...(isObject(m["annotations"]) ? m["annotations"] : {}), ...p.annotations };
    const withoutTimes = (x: unknown) => JSON.stringify(x, (key, v) => (key === "lastUpdateTime" || key === "lastTransitionTime" ? undefined : v));
    if (withoutTimes(s.obj["status"]) === withoutTimes(p.status) && deepEqual(s.obj["metadata"], m)) return;
    o["status"] = p.status;
    const prev = s.entries.find((e) => e.manager === "kube-controller-manager");
    const created = new Set(prev?.created ?? []);
    if (p.annotations && !hadAnnotations) created.add(pathKey(["metadata", "annotations"]));
    if (Array.isArray(p.status["conditions"])) created.add(pathKey(["status", "conditions"]));
    // The controller owns the status fields it wrote (not the counters defaulted at create).
    const oldStatus = isObject(s.obj["status"]) ? s.obj["status"] : {};
    const owned: JsonObject = isObject(prev?.tree["status"]) ? clone(prev.tree["status"]) : {};
    for (const [key, v] of Object.entries(p.status)) if (!deepEqual(oldStatus[key], v) || key in owned) owned[key] = clone(v);
    const tree: JsonObject = { status: owned };
    if (p.annotations) tree["metadata"] = { annotations: clone(p.annotations) };
    const ctl: ManagerEntry = { manager: "kube-controller-manager", operation: "Update", apiVersion: groupVersion(s.k), time: this.now(), tree, subresource: "status", created: [...created] };
    s.entries = [...s.entries.filter((e) => e !== prev), ctl];
    m["resourceVersion"] = String(++this.rv);
    s.obj = o;
    this.emit({ type: "updated", k: s.k, obj: this.render(s) });
  }

  /** Pending workloads turn ready: from now on they report available replicas (ready mode). */
  markWorkloadsReady(): void {
    this.workloads = "ready";
    this.refreshWorkloads();
  }

  private refreshStatus(k: KindInfo, o: JsonObject): void {
    const m = meta(o);
    const status = workloadStatus(k.kind, o, {
      nodes: this.nodeCount,
      notReady: this.notReady.has(`${k.kind}/${String(m["namespace"] ?? "")}/${String(m["name"])}`),
    });
    if (status) o["status"] = status;
  }

  /**
   * The object as the server stores it: identity, defaults, admission, then the fields this
   * version drops; validated and checked against `before`. `full` is the object before dropping
   * (what decides whether an apply or update changed anything).
   */
  private prepare(k: KindInfo, before: Stored | undefined, o: JsonObject, ns: string | undefined, name: string): { o: JsonObject; full: JsonObject } {
    o["apiVersion"] = groupVersion(k);
    o["kind"] = k.kind;
    const m = meta(o);
    m["name"] = name;
    if (k.namespaced) m["namespace"] = ns as Json;
    else delete m["namespace"];
    delete m["managedFields"];
    delete m["resourceVersion"];
    if (before && before.obj["status"] !== undefined && o["status"] === undefined) o["status"] = clone(before.obj["status"]);
    normalize(k, o, before?.obj, this.version);
    const full = clone(o);
    if (!before && k.group === "" && k.kind === "PersistentVolumeClaim") this.admitDefaultClass(o);
    if (k.group === "" && k.kind === "Namespace") prepareNamespace(o, before?.obj);
    if (k.group === "" && k.kind === "PersistentVolumeClaim") addFinalizer(o, "kubernetes.io/pvc-protection");
    dropDisabledFields(k, o, this.version);
    validate(k, o);
    if (before) checkImmutable(k, before.obj, o);
    return { o, full };
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

  /**
   * LIST: built-in items without apiVersion/kind, custom-resource items with them and their lists
   * with `metadata.continue: ""`; `limit` pages with a continue token and remainingItemCount.
   */
  list(k: KindInfo, ns: string | undefined, labelSelector?: string, fieldSelector?: string, paging: { limit?: number; continue?: string } = {}): JsonObject {
    this.requireServed(k);
    let reqs: ReturnType<typeof parseSelector> = [];
    try {
      reqs = labelSelector ? parseSelector(labelSelector) : [];
    } catch (e) {
      const msg = (e as Error).message;
      throw badRequest(msg.startsWith("unable to parse requirement") ? msg : `unable to parse requirement: ${msg}`);
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
      // Built-in list items carry no apiVersion/kind; custom resources' do.
      if (k.api === undefined) {
        delete o["apiVersion"];
        delete o["kind"];
      }
      items.push(o);
    }
    items.sort((a, b) => {
      const ma = a["metadata"] as JsonObject;
      const mb = b["metadata"] as JsonObject;
      return `${ma["namespace"] ?? ""}/${ma["name"]}`.localeCompare(`${mb["namespace"] ?? ""}/${mb["name"]}`);
    });
    const start = paging.continue ? Number(Buffer.from(paging.continue, "base64url").toString("utf8").split(":")[1] ?? 0) : 0;
    const end = paging.limit !== undefined && paging.limit > 0 ? start + paging.limit : items.length;
    const page = items.slice(start, end);
    const listMeta: JsonObject = { resourceVersion: String(this.rv) };
    if (end < items.length) {
      listMeta["continue"] = Buffer.from(`${this.rv}:${end}`).toString("base64url");
      listMeta["remainingItemCount"] = items.length - end;
    } else if (k.api !== undefined) listMeta["continue"] = "";
    return { apiVersion: groupVersion(k), kind: `${k.kind}List`, metadata: listMeta, items: page };
  }

  create(k: KindInfo, ns: string | undefined, body: unknown, manager: string, opts: WriteOptions = {}): WriteResult {
    if (opts.dryRun) return this.dry((c) => c.create(k, ns, body, manager));
    this.requireServed(k);
    const o = this.checkBody(k, body, ns, undefined);
    const name = (o["metadata"] as JsonObject | undefined)?.["name"];
    if (typeof name !== "string" || name === "") throw badRequest("name or generateName is required");
    this.requireNamespace(k, ns, name);
    if (this.objects.has(this.key(k, ns, name))) throw alreadyExists(k.plural, k.group, name);
    const { o: prepared, full } = this.prepare(k, undefined, o, ns, name);
    const entries = updateOwnership(undefined, full, [], manager, groupVersion(k), this.now());
    return this.commit(k, undefined, prepared, entries);
  }

  replace(k: KindInfo, ns: string | undefined, name: string, body: unknown, manager: string, opts: WriteOptions = {}): WriteResult {
    if (opts.dryRun) return this.dry((c) => c.replace(k, ns, name, body, manager));
    this.requireServed(k);
    const o = this.checkBody(k, body, ns, name);
    const before = this.objects.get(this.key(k, ns, name));
    if (!before) throw notFound(k.plural, k.group, name);
    const rv = (o["metadata"] as JsonObject | undefined)?.["resourceVersion"];
    if (rv !== undefined && rv !== (before.obj["metadata"] as JsonObject)["resourceVersion"]) {
      throw conflict(k.plural, k.group, name, "the object has been modified; please apply your changes to the latest version and try again");
    }
    const { o: prepared, full } = this.prepare(k, before, o, ns, name);
    const entries = updateOwnership(before.obj, full, before.entries, manager, groupVersion(k), this.now());
    return this.commit(k, before, prepared, entries);
  }

  mergePatch(k: KindInfo, ns: string | undefined, name: string, patch: unknown, manager: string, opts: WriteOptions = {}): WriteResult {
    if (opts.dryRun) return this.dry((c) => c.mergePatch(k, ns, name, patch, manager));
    this.requireServed(k);
    const before = this.objects.get(this.key(k, ns, name));
    if (!before) throw notFound(k.plural, k.group, name);
    if (!isObject(patch)) throw badRequest("the body of the request was in an unknown format");
    const merged = mergePatch(clone(before.obj), patch) as JsonObject;
    const o = this.checkBody(k, merged, ns, name);
    const { o: prepared, full } = this.prepare(k, before, o, ns, name);
    const entries = updateOwnership(before.obj, full, before.entries, manager, groupVersion(k), this.now());
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
    const { o: prepared, full } = this.prepare(k, before, o, ns, name);
    const entries = updateOwnership(before.obj, full, given, manager, groupVersion(k), this.now());
    return this.commit(k, before, prepared, entries);
  }

  apply(k: KindInfo, ns: string | undefined, name: string, body: unknown, manager: string | undefined, force: boolean, opts: WriteOptions = {}): WriteResult {
    if (opts.dryRun) return this.dry((c) => c.apply(k, ns, name, body, manager, force));
    this.requireServed(k);
    if (!manager) throw fieldManagerRequired();
    if (isObject(body) && typeof body["kind"] === "string" && body["kind"] !== k.kind) throw mergeTypeMismatch();
    const o = this.checkBody(k, body, ns, name);
    if (o["apiVersion"] === undefined || o["kind"] === undefined) {
      throw badRequest("apiVersion and kind must be set in an apply configuration");
    }
    const before = this.objects.get(this.key(k, ns, name));
    if (!before) this.requireNamespace(k, ns, name);
    const names = { plural: k.plural, group: k.group, name };
    const { obj, entries } = applyConfig(before?.obj, before?.entries ?? [], manager, groupVersion(k), o, force, names, this.now());
    const { o: prepared, full } = this.prepare(k, before, obj, ns, name);
    // The manager's time moves when the apply changed the object as decoded, before this version
    // dropped fields: re-applying a dropped field is a write (unless in the same second).
    if (before && !deepEqual(withoutMetaNoise(before.obj), withoutMetaNoise(full))) touchApply(entries, manager, this.now());
    return this.commit(k, before, prepared, entries);
  }

  /**
   * DELETE: StorageClass, CSIDriver, ServiceAccount, claims, volumes and Namespaces answer the
   * object, the others a Success Status. A Namespace turns Terminating (its content stays until
   * finishNamespaceDeletion); a claim answers with deletionTimestamp and its pvc-protection
   * finalizer, then goes at once (no pod uses it).
   */
  delete(k: KindInfo, ns: string | undefined, name: string, opts: WriteOptions = {}): object {
    this.requireServed(k);
    const key = this.key(k, ns, name);
    const s = this.objects.get(key);
    if (!s) throw notFound(k.plural, k.group, name);
    const m = s.obj["metadata"] as JsonObject;
    const returnsObject = DELETE_RETURNS_OBJECT.has(`${k.group}/${k.kind}`);
    if (k.group === "" && k.kind === "Namespace") {
      if (UNDELETABLE_NAMESPACES.has(name)) throw forbidden("namespaces", "", name, "this namespace may not be deleted");
      if (opts.dryRun || isTerminating(s.obj)) return this.render(opts.dryRun ? withTerminating(clone(s), this.now()) : s);
      const t = withTerminating(s, this.now());
      meta(t.obj)["resourceVersion"] = String(++this.rv);
      this.emit({ type: "updated", k, obj: this.render(t) });
      return this.render(t);
    }
    const answer = (): object => {
      if (!returnsObject) return success({ name, ...(k.group === "" ? {} : { group: k.group }), kind: k.plural, uid: m["uid"] });
      const r = this.render(s);
      if (Array.isArray(m["finalizers"]) && (m["finalizers"] as Json[]).length > 0) {
        // Held by a finalizer: marked for deletion (grace 0) and answered so; the finalizer's
        // controller (pvc-protection: no pod uses the claim) then lets it go at once.
        meta(r)["deletionTimestamp"] = this.now();
        meta(r)["deletionGracePeriodSeconds"] = 0;
      }
      return r;
    };
    if (opts.dryRun) return answer();
    const out = answer();
    this.objects.delete(key);
    this.rv++;
    this.emit({ type: "deleted", k, obj: this.render(s) });
    return out;
  }

  /** Finishes deleting a Terminating namespace: its content goes, then the namespace (as the namespace controller does). */
  finishNamespaceDeletion(name?: string): void {
    for (const s of [...this.objects.values()]) {
      if (s.k.group !== "" || s.k.kind !== "Namespace" || !isTerminating(s.obj)) continue;
      const ns = String((s.obj["metadata"] as JsonObject)["name"]);
      if (name !== undefined && ns !== name) continue;
      for (const [key2, s2] of [...this.objects]) {
        if (s2.k.namespaced && (s2.obj["metadata"] as JsonObject)["namespace"] === ns) {
          this.objects.delete(key2);
          this.emit({ type: "deleted", k: s2.k, obj: this.render(s2) });
        }
      }
      this.objects.delete(this.key(s.k, undefined, ns));
      this.rv++;
      this.emit({ type: "deleted", k: s.k, obj: this.render(s) });
    }
  }

  /** Names of namespaces now Terminating. */
  terminatingNamespaces(): string[] {
    return [...this.objects.values()].filter((s) => s.k.kind === "Namespace" && s.k.group === "" && isTerminating(s.obj)).map((s) => String((s.obj["metadata"] as JsonObject)["name"]));
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


/** The namespace strategy (not owned by the writer): the kubernetes finalizer and the phase. */
function prepareNamespace(o: JsonObject, before: JsonObject | undefined): void {
  const spec = isObject(o["spec"]) ? o["spec"] : {};
  if (spec["finalizers"] === undefined) spec["finalizers"] = before && isObject(before["spec"]) ? clone(before["spec"]["finalizers"] ?? ["kubernetes"]) : ["kubernetes"];
  o["spec"] = spec;
  o["status"] = before && isObject(before["status"]) ? clone(before["status"]) : { phase: "Active" };
  const dt = before && isObject(before["metadata"]) ? before["metadata"]["deletionTimestamp"] : undefined;
  if (dt !== undefined) meta(o)["deletionTimestamp"] = dt;
}

function isTerminating(ns: JsonObject): boolean {
  const st = ns["status"];
  return isObject(st) && st["phase"] === "Terminating";
}

/** A namespace being deleted: deletionTimestamp set, phase Terminating (finalizers kept). */
function withTerminating(s: Stored, now: string): Stored {
  const m = meta(s.obj);
  if (m["deletionTimestamp"] === undefined) m["deletionTimestamp"] = now;
  s.obj["status"] = { ...(isObject(s.obj["status"]) ? s.obj["status"] : {}), phase: "Terminating" };
  return s;
}

/** Adds a server-set finalizer (not owned by the writer's field manager). */
function addFinalizer(o: JsonObject, f: string): void {
  const m = meta(o);
  const list = Array.isArray(m["finalizers"]) ? (m["finalizers"] as Json[]) : [];
  if (!list.includes(f)) list.push(f);
  m["finalizers"] = list;
}

/** An object without what every write changes by itself (resourceVersion, managedFields). */
function withoutMetaNoise(o: JsonObject): JsonObject {
  const c = clone(o);
  const m = meta(c);
  delete m["resourceVersion"];
  delete m["managedFields"];
  return c;
}

/** An apply whose body is another kind than the URL's: the server fails merging (500, no reason). */
function mergeTypeMismatch(): HttpError {
  const ptr = () => `0xc000${randomUUID().replace(/-/g, "").slice(0, 6)}`;
  const typed = () => `{${ptr()} {<nil> <nil> <nil>} <nil>}`;
  return new HttpError(500, "", `failed to merge config: expected objects of the same type, but got ${typed()} and ${typed()}`);
}

/** 422 for an apply without fieldManager, as the API server words it. */
function fieldManagerRequired(): HttpError {
  return new HttpError(422, "Invalid", 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
    group: "meta.k8s.io",
    kind: "PatchOptions",
    causes: [{ reason: "FieldValueRequired", message: "Required value: is required for apply patch", field: "fieldManager" }],
  });
}

/** The kind of an object by its apiVersion (when set) and kind. */
function kindOf(o: JsonObject): KindInfo {
  const apiVersion = typeof o["apiVersion"] === "string" ? o["apiVersion"] : undefined;
  const k = kindOfObject(apiVersion, String(o["kind"]));
  if (!k) throw new HttpError(400, "BadRequest", `unknown kind ${String(apiVersion ?? "")} ${String(o["kind"])}`);
  return k;
}
