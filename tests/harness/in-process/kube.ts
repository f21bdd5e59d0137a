/**
 * The Kubernetes seam in memory: the charm's KubeClient served straight from the fake API's
 * cluster model (same semantics as over HTTP: server-side apply, field managers, immutability,
 * 404/409/422), with the requests recorded as REST paths and faults injected like the server's.
 */
import type { KubernetesObjectApi } from "@kubernetes/client-node/dist/object.js";
import type { PatchStrategy } from "@kubernetes/client-node/dist/patch.js";
import type { KubernetesListObject, KubernetesObject } from "@kubernetes/client-node/dist/types.js";
import type { V1Status } from "@kubernetes/client-node/dist/gen/models/V1Status.js";
import type { LiveObject } from "../charm-world.ts";
import { Cluster, type ClusterOptions } from "../fake-kube/cluster.ts";
import { type FaultHandle, type FaultMatch, Faults } from "../fake-kube/faults.ts";
import type { JsonObject } from "../fake-kube/json.ts";
import { gvPath, type KindInfo, kindOfObject } from "../fake-kube/kinds.ts";
import { Provisioner, type ProvisionerOptions } from "../fake-kube/provisioner.ts";
import { HttpError } from "../fake-kube/status.ts";

export interface MemoryRequest {
  seq: number;
  method: "GET" | "PATCH" | "DELETE";
  path: string;
  query: Record<string, string>;
  body?: unknown;
  status?: number;
  fault?: string;
}

export interface MemoryFault extends FaultMatch {
  /** Answer with this HTTP status (default 500)… */
  status?: number;
  message?: string;
  /** …or fail the way a dead connection does. */
  network?: "refused" | "reset" | "timeout";
}

/** An error as @kubernetes/client-node throws it: the HTTP code and the Status body. */
function apiError(e: HttpError): Error {
  return Object.assign(new Error(`HTTP-Code: ${e.code}`), { code: e.code, body: e.plainText ?? JSON.stringify(e.body()) });
}

/** The client library sends dryRun as given ("All"); the API server accepts nothing else. */
function dryRunQuery(dryRun: string | undefined): Record<string, string> {
  return dryRun ? { dryRun } : {};
}

function networkError(kind: NonNullable<MemoryFault["network"]>): Error {
  if (kind === "timeout") return Object.assign(new Error("The operation was aborted due to timeout"), { name: "TimeoutError" });
  const code = kind === "refused" ? "ECONNREFUSED" : "ECONNRESET";
  return Object.assign(new Error(`request failed: ${code}`), { cause: Object.assign(new Error(code), { code }) });
}

export class MemoryKube {
  cluster: Cluster;
  readonly requests: MemoryRequest[] = [];
  /** false: no kubeconfig (the charm waits for one). */
  configured = true;
  /** Every request fails this way (API down). */
  down: MemoryFault["network"] | undefined;
  readonly #faults = new Faults<MemoryFault>();
  #seq = 0;

  /** The provisioner stand-in while it runs (it binds or refuses claims of the charm's drivers). */
  provisioner: Provisioner | undefined;

  /** `new MemoryKube()`, `new MemoryKube(cluster)` or `new MemoryKube(undefined, { kubeVersion: "1.26", workloads: "pending" })`. */
  constructor(cluster?: Cluster, opts: number | ClusterOptions = 3) {
    this.cluster = cluster ?? new Cluster(opts);
  }

  /** Pending workloads turn ready (ClusterOptions.workloads "pending"). */
  markWorkloadsReady(): void {
    this.cluster.markWorkloadsReady();
  }

  /** Finishes deleting Terminating namespaces (all, or the one named). */
  finishNamespaceDeletion(name?: string): void {
    this.cluster.finishNamespaceDeletion(name);
  }

  clone(): MemoryKube {
    const k = new MemoryKube(this.cluster.clone());
    k.configured = this.configured;
    k.down = this.down;
    if (this.provisioner !== undefined) k.enableProvisioner(this.provisioner.options);
    return k;
  }

  /** Serve snapshot.storage.k8s.io/v1 from now on (the external-snapshotter's CRDs installed). */
  enableSnapshotApi(): void {
    this.cluster.enableApi("snapshot");
  }

  /** Start (or reconfigure) the provisioner stand-in. */
  enableProvisioner(opts: ProvisionerOptions = {}): Provisioner {
    if (this.provisioner) this.provisioner.configure(opts);
    else this.provisioner = new Provisioner(this.cluster, opts);
    return this.provisioner;
  }

  addFault(spec: MemoryFault): FaultHandle {
    return this.#faults.add(spec);
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  reads(): MemoryRequest[] {
    return this.requests.filter((r) => r.method === "GET");
  }

  writes(): MemoryRequest[] {
    return this.requests.filter((r) => r.method !== "GET" && r.query["dryRun"] === undefined);
  }

  /** Requests with dryRun=All: checked by the server, nothing stored (not writes). */
  dryRuns(): MemoryRequest[] {
    return this.requests.filter((r) => r.query["dryRun"] !== undefined);
  }

  /** Objects of one kind. */
  objects(kind: string): LiveObject[] {
    return this.cluster.all().filter((o) => o["kind"] === kind) as unknown as LiveObject[];
  }

  #path(k: KindInfo, ns: string | undefined, name?: string): string {
    const base = `/${gvPath(k.group, k.version)}`;
    return `${base}${k.namespaced && ns !== undefined ? `/namespaces/${ns}` : ""}/${k.plural}${name !== undefined ? `/${name}` : ""}`;
  }

  #call<T>(method: MemoryRequest["method"], k: KindInfo, ns: string | undefined, name: string | undefined, query: Record<string, string>, body: unknown, run: () => T): T {
    const rec: MemoryRequest = { seq: ++this.#seq, method, path: this.#path(k, ns, name), query, ...(body !== undefined ? { body } : {}) };
    this.requests.push(rec);
    if (this.down) throw networkError(this.down);
    const f = this.#faults.match(method, rec.path);
    if (f !== undefined) {
      rec.fault = "injected";
      if (f.spec.network) throw networkError(f.spec.network);
      const code = f.spec.status ?? 500;
      rec.status = code;
      throw apiError(new HttpError(code, code === 500 ? "InternalError" : "Unknown", f.spec.message ?? `injected fault (${code})`));
    }
    try {
      const out = run();
      rec.status = 200;
      return out;
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      rec.status = e.code;
      throw apiError(e);
    }
  }

  /** dryRun as the API server takes it: "All" or nothing (400 otherwise). */
  #dryRun(dryRun: string | undefined): boolean {
    if (dryRun === undefined || dryRun === "") return false;
    if (dryRun !== "All") throw apiError(new HttpError(400, "BadRequest", `Invalid dry run value "${dryRun}": supported values are "All"`));
    return true;
  }

  #kind(kind: string, apiVersion?: string): KindInfo {
    const k = kindOfObject(apiVersion, kind);
    if (!k) throw apiError(new HttpError(404, "NotFound", "the server could not find the requested resource"));
    return k;
  }

  /**
   * @kubernetes/client-node's KubernetesObjectApi (the part a client uses) served from this
   * cluster: what reaches the charm goes through the charm's own client wrapper, as over HTTP.
   * Errors are thrown as the library throws them (the HTTP code and the Status body).
   */
  objectApi(): Pick<KubernetesObjectApi, "read" | "list" | "patch" | "delete"> {
    const plain = <T>(o: unknown): T => JSON.parse(JSON.stringify(o)) as T;
    const namespaceOf = (k: KindInfo, spec: KubernetesObject) => (k.namespaced ? spec.metadata?.namespace : undefined);
    return {
      read: async <T extends KubernetesObject>(spec: Parameters<KubernetesObjectApi["read"]>[0]): Promise<T> => {
        const k = this.#kind(spec.kind ?? "", spec.apiVersion);
        const ns = k.namespaced ? spec.metadata.namespace : undefined;
        return this.#call("GET", k, ns, spec.metadata.name, {}, undefined, () => plain<T>(this.cluster.get(k, ns, spec.metadata.name)));
      },
      list: async <T extends KubernetesObject>(
        apiVersion: string,
        kind: string,
        namespace?: string,
        _pretty?: string,
        _exact?: boolean,
        _exportt?: boolean,
        fieldSelector?: string,
        labelSelector?: string,
      ): Promise<KubernetesListObject<T>> => {
        const k = this.#kind(kind, apiVersion);
        const query: Record<string, string> = { ...(labelSelector ? { labelSelector } : {}), ...(fieldSelector ? { fieldSelector } : {}) };
        return this.#call("GET", k, namespace, undefined, query, undefined, () => plain<KubernetesListObject<T>>(this.cluster.list(k, namespace, labelSelector, fieldSelector)));
      },
      patch: async <T extends KubernetesObject>(spec: T, _pretty?: string, dryRun?: string, fieldManager?: string, force?: boolean, strategy?: PatchStrategy): Promise<T> => {
        const k = this.#kind(spec.kind ?? "", spec.apiVersion);
        const ns = namespaceOf(k, spec);
        const name = spec.metadata?.name ?? "";
        const body = plain<JsonObject>(spec);
        const dry = dryRunQuery(dryRun);
        const opts = { dryRun: this.#dryRun(dryRun) };
        if (strategy === "application/apply-patch+yaml") {
          const query = { ...dry, ...(fieldManager ? { fieldManager } : {}), ...(force ? { force: "true" } : {}) };
          return this.#call("PATCH", k, ns, name, query, body, () => plain<T>(this.cluster.apply(k, ns, name, body, fieldManager, force === true, opts).obj));
        }
        if (strategy === "application/json-patch+json") {
          const ops = plain<unknown>(spec);
          return this.#call("PATCH", k, ns, name, fieldManager ? { fieldManager } : {}, ops, () => plain<T>(this.cluster.jsonPatch(k, ns, name, ops, fieldManager ?? "").obj));
        }
        if (strategy !== "application/merge-patch+json") throw new Error(`in-process kube: patch strategy ${strategy} is not served`);
        const query = { ...dry, ...(fieldManager ? { fieldManager } : {}) };
        return this.#call("PATCH", k, ns, name, query, body, () => plain<T>(this.cluster.mergePatch(k, ns, name, body, fieldManager ?? "", opts).obj));
      },
      delete: async (spec: KubernetesObject, _pretty?: string, dryRun?: string): Promise<V1Status> => {
        const k = this.#kind(spec.kind ?? "", spec.apiVersion);
        const ns = namespaceOf(k, spec);
        const opts = { dryRun: this.#dryRun(dryRun) };
        return this.#call("DELETE", k, ns, spec.metadata?.name, dryRunQuery(dryRun), undefined, () => plain<V1Status>(this.cluster.delete(k, ns, spec.metadata?.name ?? "", opts)));
      },
    };
  }
}
