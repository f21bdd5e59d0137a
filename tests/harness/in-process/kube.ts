/**
 * The Kubernetes seam in memory: the charm's KubeClient served straight from the fake API's
 * cluster model (same semantics as over HTTP: server-side apply, field managers, immutability,
 * 404/409/422), with the requests recorded as REST paths and faults injected like the server's.
 */
import type { KubeClient } from "../../../src/kube/client.ts";
import { toKubeError } from "../../../src/kube/errors.ts";
import type { ObjectRef } from "../../../src/converge/refs.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";
import { Cluster } from "../fake-kube/cluster.ts";
import type { JsonObject } from "../fake-kube/json.ts";
import { type KindInfo, kindOfObject } from "../fake-kube/kinds.ts";
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

export interface MemoryFault {
  method?: string | string[];
  path?: string | RegExp;
  after?: number;
  times?: number;
  /** Answer with this HTTP status (default 500)… */
  status?: number;
  message?: string;
  /** …or fail the way a dead connection does. */
  network?: "refused" | "reset" | "timeout";
}

interface ActiveFault {
  spec: MemoryFault;
  seen: number;
  hits: number;
}

/** An error as @kubernetes/client-node throws it: the HTTP code and the Status body. */
function apiError(e: HttpError): Error {
  return Object.assign(new Error(`HTTP-Code: ${e.code}`), { code: e.code, body: JSON.stringify(e.body()) });
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
  #faults: ActiveFault[] = [];
  #seq = 0;

  /** The provisioner stand-in's options while it runs (it binds or refuses claims of the charm's drivers). */
  #provisionerOptions: ProvisionerOptions | undefined;
  provisioner: Provisioner | undefined;

  constructor(cluster?: Cluster, nodes = 3) {
    this.cluster = cluster ?? new Cluster(nodes);
  }

  clone(): MemoryKube {
    const k = new MemoryKube(this.cluster.clone());
    k.configured = this.configured;
    k.down = this.down;
    if (this.#provisionerOptions !== undefined) k.enableProvisioner(this.#provisionerOptions);
    return k;
  }

  /** Serve snapshot.storage.k8s.io/v1 from now on (the external-snapshotter's CRDs installed). */
  enableSnapshotApi(): void {
    this.cluster.enableApi("snapshot");
  }

  /** Start (or reconfigure) the provisioner stand-in. */
  enableProvisioner(opts: ProvisionerOptions = {}): Provisioner {
    this.#provisionerOptions = { ...this.#provisionerOptions, ...opts };
    if (this.provisioner) this.provisioner.configure(opts);
    else this.provisioner = new Provisioner(this.cluster, this.#provisionerOptions);
    return this.provisioner;
  }

  addFault(spec: MemoryFault): { readonly hits: number; remove(): void } {
    const f: ActiveFault = { spec, seen: 0, hits: 0 };
    this.#faults.push(f);
    return {
      get hits() {
        return f.hits;
      },
      remove: () => {
        this.#faults = this.#faults.filter((x) => x !== f);
      },
    };
  }

  clearFaults(): void {
    this.#faults = [];
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  reads(): MemoryRequest[] {
    return this.requests.filter((r) => r.method === "GET");
  }

  writes(): MemoryRequest[] {
    return this.requests.filter((r) => r.method !== "GET");
  }

  /** Objects of one kind. */
  objects(kind: string): KubeObject[] {
    return this.cluster.all().filter((o) => o["kind"] === kind) as unknown as KubeObject[];
  }

  #path(k: KindInfo, ns: string | undefined, name?: string): string {
    const base = k.group === "" ? `/api/${k.version}` : `/apis/${k.group}/${k.version}`;
    return `${base}${k.namespaced && ns !== undefined ? `/namespaces/${ns}` : ""}/${k.plural}${name !== undefined ? `/${name}` : ""}`;
  }

  #call<T>(method: MemoryRequest["method"], k: KindInfo, ns: string | undefined, name: string | undefined, query: Record<string, string>, body: unknown, run: () => T): T {
    const rec: MemoryRequest = { seq: ++this.#seq, method, path: this.#path(k, ns, name), query, ...(body !== undefined ? { body } : {}) };
    this.requests.push(rec);
    if (this.down) throw networkError(this.down);
    for (const f of this.#faults) {
      const { method: m, path } = f.spec;
      if (m && !(Array.isArray(m) ? m : [m]).includes(method)) continue;
      if (typeof path === "string" && !rec.path.includes(path)) continue;
      if (path instanceof RegExp && !path.test(rec.path)) continue;
      f.seen++;
      if (f.seen <= (f.spec.after ?? 0)) continue;
      if (f.spec.times !== undefined && f.hits >= f.spec.times) continue;
      f.hits++;
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

  #kind(kind: string, apiVersion?: string): KindInfo {
    const k = kindOfObject(apiVersion, kind);
    if (!k) throw apiError(new HttpError(404, "NotFound", "the server could not find the requested resource"));
    return k;
  }

  /** The charm's client, bound to this cluster; errors reach the charm as its own client reports them. */
  client(): KubeClient {
    const raw = this.#rawClient();
    const wrap =
      <A extends unknown[], R>(what: (...a: A) => string, f: (...a: A) => Promise<R>) =>
      async (...a: A): Promise<R> => {
        try {
          return await f(...a);
        } catch (e) {
          throw toKubeError(e, what(...a));
        }
      };
    return {
      get: wrap((ref) => `get ${ref.kind}`, raw.get),
      list: wrap((_v, kind) => `list ${kind}`, raw.list),
      apply: wrap((obj) => `apply ${obj.kind}`, raw.apply),
      mergePatch: wrap((ref) => `patch ${ref.kind}`, raw.mergePatch),
      delete: wrap((ref) => `delete ${ref.kind}`, raw.delete),
    };
  }

  #rawClient(): KubeClient {
    const plain = (o: JsonObject): KubeObject => JSON.parse(JSON.stringify(o)) as KubeObject;
    return {
      get: async (ref: ObjectRef) => {
        const k = this.#kind(ref.kind, ref.apiVersion);
        try {
          return this.#call("GET", k, ref.namespace, ref.name, {}, undefined, () => plain(this.cluster.get(k, ref.namespace, ref.name)));
        } catch (e) {
          if ((e as { code?: number }).code === 404) return undefined;
          throw e;
        }
      },
      list: async (apiVersion: string, kind: string, labelSelector?: string, namespace?: string, fieldSelector?: string) => {
        const k = this.#kind(kind, apiVersion);
        const query: Record<string, string> = { ...(labelSelector ? { labelSelector } : {}), ...(fieldSelector ? { fieldSelector } : {}) };
        const list = this.#call("GET", k, namespace, undefined, query, undefined, () => this.cluster.list(k, namespace, labelSelector, fieldSelector));
        return ((list["items"] as JsonObject[]) ?? []).map((o) => ({ ...plain(o), apiVersion, kind }));
      },
      apply: async (obj, fieldManager) => {
        const k = this.#kind(obj.kind, obj.apiVersion);
        const body = JSON.parse(JSON.stringify(obj)) as KubeObject;
        if (!k.namespaced) delete body.metadata.namespace;
        const ns = k.namespaced ? body.metadata.namespace : undefined;
        const query = { fieldManager, force: "true" };
        return this.#call("PATCH", k, ns, body.metadata.name, query, body, () => plain(this.cluster.apply(k, ns, body.metadata.name, body, fieldManager, true).obj));
      },
      mergePatch: async (ref, patch, fieldManager) => {
        const k = this.#kind(ref.kind, ref.apiVersion);
        return this.#call("PATCH", k, ref.namespace, ref.name, { fieldManager }, patch, () => plain(this.cluster.mergePatch(k, ref.namespace, ref.name, patch, fieldManager).obj));
      },
      delete: async (ref) => {
        const k = this.#kind(ref.kind, ref.apiVersion);
        try {
          this.#call("DELETE", k, ref.namespace, ref.name, {}, undefined, () => this.cluster.delete(k, ref.namespace, ref.name));
          return true;
        } catch (e) {
          if ((e as { code?: number }).code === 404) return false;
          throw e;
        }
      },
    };
  }
}

