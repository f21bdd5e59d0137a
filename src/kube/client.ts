/**
 * The Kubernetes seam: loads a kubeconfig and wraps @kubernetes/client-node's KubernetesObjectApi
 * into a small JSON-in/JSON-out client. This is the only file that calls the client library
 * (client-node-gen.ts and typeless-serializer.ts only stand in for parts of it in the bundle).
 *
 * Objects go over the wire as plain JSON: the library's typed (de)serializers are replaced by
 * pass-through ones for the kinds the charm uses, so no field is dropped for being unknown to the
 * library's models and live objects compare with desired ones without Date or class conversions.
 */
import { existsSync, readFileSync } from "node:fs";
// Deep imports: the package index also loads watch/exec/attach/port-forward (ws, tar-fs, …),
// which a hook never needs and which cost start-up time.
import { KubeConfig } from "@kubernetes/client-node/dist/config.js";
import type { RequestContext, ResponseContext } from "@kubernetes/client-node/dist/gen/http/http.js";
import { Observable } from "@kubernetes/client-node/dist/gen/rxjsStub.js";
import { KubernetesObjectApi } from "@kubernetes/client-node/dist/object.js";
import { PatchStrategy } from "@kubernetes/client-node/dist/patch.js";
// Not re-exported by the package index; the same module instance KubernetesObjectApi uses.
import { ObjectSerializer } from "@kubernetes/client-node/dist/serializer.js";
import type { KubernetesObject } from "@kubernetes/client-node/dist/types.js";
import type { JsonPatchOp } from "../converge/ops.ts";
import type { ObjectRef } from "../converge/refs.ts";
import { isNamespaced, MANAGED_KINDS, OTHER_KINDS } from "../manifests/kinds.ts";
import type { KubeObject } from "../manifests/types.ts";
import { KubeError, toKubeError } from "./errors.ts";

/** What converge, purge and the actions need from Kubernetes. */
export interface KubeClient {
  /** The live object, or undefined when it does not exist. */
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  /** Objects of one kind matching a label (and field) selector, in every namespace unless one is given. */
  list(apiVersion: string, kind: string, labelSelector?: string, namespace?: string, fieldSelector?: string): Promise<KubeObject[]>;
  /** Server-side apply with `fieldManager` and force; with `dryRun`, what the server would store (nothing written). */
  apply(obj: KubeObject, fieldManager: string, options?: { dryRun?: boolean }): Promise<KubeObject>;
  /** JSON merge patch (e.g. to drop an annotation another manager co-owns). */
  mergePatch(ref: ObjectRef, patch: Record<string, unknown>, fieldManager: string): Promise<KubeObject>;
  /** Deletes; false when it was already gone. */
  delete(ref: ObjectRef): Promise<boolean>;
  /** JSON patch (RFC 6902), e.g. of metadata.managedFields when taking objects over. */
  jsonPatch(ref: ObjectRef, ops: readonly JsonPatchOp[]): Promise<KubeObject>;
}

export const DEFAULT_KUBECONFIG = "/root/.kube/config";
export const DEFAULT_TIMEOUT_MS = 15_000;
const SA_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

export interface ConnectOptions {
  /** Environment to read KUBECONFIG and KUBERNETES_SERVICE_HOST from (default process.env). */
  env?: Record<string, string | undefined>;
  /** The principal's kubeconfig (default /root/.kube/config). */
  defaultPath?: string;
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
  /** Allow the in-cluster service-account config as the last resort (default true). */
  inCluster?: boolean;
}

/** A client, or undefined when there is no usable kubeconfig (the charm then waits for one). */
export type ConnectResult = { client: KubeClient; source: string } | undefined;

/**
 * Loads the kubeconfig: `$KUBECONFIG`, else the principal's /root/.kube/config, else in-cluster.
 * Missing or unreadable → undefined. Makes no request.
 */
export function connect(opts: ConnectOptions = {}): ConnectResult {
  const env = opts.env ?? process.env;
  const kc = new KubeConfig();
  let source: string;
  try {
    const fromEnv = env["KUBECONFIG"]?.split(":").find((p) => p !== "");
    const path = fromEnv ?? opts.defaultPath ?? DEFAULT_KUBECONFIG;
    if (existsSync(path)) {
      kc.loadFromString(readFileSync(path, "utf8"));
      source = path;
    } else if (!fromEnv && opts.inCluster !== false && env["KUBERNETES_SERVICE_HOST"] && existsSync(SA_TOKEN)) {
      kc.loadFromCluster();
      source = "in-cluster";
    } else {
      return undefined;
    }
    if (!kc.getCurrentCluster()) return undefined;
  } catch {
    return undefined;
  }
  return { client: clientFor(kc, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS), source };
}

let passThroughRegistered = false;

/** Registers JSON pass-through serializers for the managed kinds and their lists (once per process). */
function registerPassThrough(): void {
  if (passThroughRegistered) return;
  passThroughRegistered = true;
  const identity = {
    serialize: (data: unknown) => data,
    deserialize: (data: unknown) => data,
  };
  const kinds = [...MANAGED_KINDS, ...OTHER_KINDS, { apiVersion: "v1", kind: "Status" }];
  for (const k of kinds) {
    const [g, v] = k.apiVersion.includes("/") ? k.apiVersion.split("/") : ["", k.apiVersion];
    for (const kind of [k.kind, `${k.kind}List`]) {
      const gvk = { group: g ?? "", version: v ?? "", kind };
      try {
        ObjectSerializer.registerModel(gvk, identity);
      } catch {
        // already registered by someone else in this process: keep theirs
      }
    }
  }
}

function timeoutMiddleware(ms: number) {
  return {
    pre: (ctx: RequestContext) => {
      ctx.setSignal(AbortSignal.timeout(ms));
      return new Observable(Promise.resolve(ctx));
    },
    post: (rsp: ResponseContext) => new Observable(Promise.resolve(rsp)),
  };
}

function toSpec(ref: ObjectRef): { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } {
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { name: ref.name, ...(ref.namespace && isNamespaced(ref.kind) ? { namespace: ref.namespace } : {}) },
  };
}

function plain(o: unknown): KubeObject {
  return JSON.parse(JSON.stringify(o)) as KubeObject;
}

/**
 * Pre-fills KubernetesObjectApi's discovery cache for the kinds above (otherwise every hook would
 * start with a GET /apis/<group>/<version> per API group). Other kinds are still discovered.
 */
function seedDiscovery(api: KubernetesObjectApi): void {
  const cache = (api as unknown as { apiVersionResourceCache: Record<string, { resources: unknown[] }> }).apiVersionResourceCache;
  for (const k of [...MANAGED_KINDS, ...OTHER_KINDS]) {
    cache[k.apiVersion] ??= { resources: [] };
    cache[k.apiVersion]?.resources.push({ kind: k.kind, name: k.plural, namespaced: k.namespaced, singularName: "", verbs: [] });
  }
}

/** A KubeClient over a loaded KubeConfig. */
export function clientFor(kc: KubeConfig, timeoutMs = DEFAULT_TIMEOUT_MS): KubeClient {
  registerPassThrough();
  const api = KubernetesObjectApi.makeApiClient(kc);
  seedDiscovery(api);
  const config = (api as unknown as { configuration: { middleware: unknown[] } }).configuration;
  config.middleware.push(timeoutMiddleware(timeoutMs));
  return oneAtATime(clientOver(api));
}

/**
 * The client sends one request at a time. A hook uses one connection (undici-lite.ts), and each
 * request's timeout starts when the request starts: a request queued behind others for the
 * socket would spend its own time waiting there, so a slow API server would time out the last
 * of a step's LISTs or dry-runs. Queued here instead, its time starts when it is sent.
 */
function oneAtATime(c: KubeClient): KubeClient {
  let last: Promise<unknown> = Promise.resolve();
  const run = <T>(send: () => Promise<T>): Promise<T> => {
    const p = last.then(send, send);
    last = p.catch(() => undefined);
    return p;
  };
  return {
    get: (ref) => run(() => c.get(ref)),
    list: (...a) => run(() => c.list(...a)),
    apply: (obj, manager, options) => run(() => c.apply(obj, manager, options)),
    mergePatch: (ref, patch, manager) => run(() => c.mergePatch(ref, patch, manager)),
    delete: (ref) => run(() => c.delete(ref)),
    jsonPatch: (ref, ops) => run(() => c.jsonPatch(ref, ops)),
  };
}

/** What the client uses of KubernetesObjectApi (the in-process tests serve it from memory). */
export type ObjectApi = Pick<KubernetesObjectApi, "read" | "list" | "patch" | "delete">;

/** The KubeClient over an object API: 404s as absence, plain JSON, errors as KubeErrors. */
export function clientOver(api: ObjectApi): KubeClient {
  return {
    async get(ref) {
      try {
        return plain(await api.read(toSpec(ref)));
      } catch (e) {
        if ((e as { code?: unknown }).code === 404) return undefined;
        throw toKubeError(e, `get ${ref.kind}`);
      }
    },
    async list(apiVersion, kind, labelSelector, namespace, fieldSelector) {
      try {
        const items: KubeObject[] = [];
        let cont: string | undefined;
        // A bound: an API that keeps answering with a continue token (or the same one) must not hold the hook.
        const maxPages = 200;
        const tokens = new Set<string>();
        for (let pages = 0; ; pages++) {
          if (pages >= maxPages) throw new Error(`more than ${maxPages} pages of 500 (the API kept sending a continue token)`);
          if (cont !== undefined) tokens.add(cont);
          const page = await api.list(apiVersion, kind, namespace, undefined, undefined, undefined, fieldSelector, labelSelector, 500, cont);
          for (const it of page.items ?? []) items.push({ ...plain(it), apiVersion, kind });
          cont = page.metadata?._continue ?? (page.metadata as { continue?: string } | undefined)?.continue;
          if (!cont) return items;
          if (tokens.has(cont)) throw new Error("the API sent the same continue token twice");
        }
      } catch (e) {
        throw toKubeError(e, `list ${kind}`);
      }
    },
    async apply(obj, fieldManager, options) {
      try {
        const body = plain(obj);
        if (!isNamespaced(body.kind)) delete body.metadata.namespace;
        return plain(await api.patch(body, undefined, options?.dryRun ? "All" : undefined, fieldManager, true, PatchStrategy.ServerSideApply));
      } catch (e) {
        throw toKubeError(e, `apply ${obj.kind}`);
      }
    },
    async mergePatch(ref, patch, fieldManager) {
      try {
        const base = toSpec(ref);
        const extra = (patch["metadata"] ?? {}) as Record<string, unknown>;
        const spec = { ...base, ...patch, metadata: { ...extra, ...base.metadata } } as KubernetesObject;
        return plain(await api.patch(spec, undefined, undefined, fieldManager, undefined, PatchStrategy.MergePatch));
      } catch (e) {
        throw toKubeError(e, `patch ${ref.kind}`);
      }
    },
    async jsonPatch(ref, ops) {
      try {
        // The library sends its `spec` argument as the body and takes the URL from its apiVersion,
        // kind and metadata: an array carrying those properties is sent as the bare array (JSON
        // drops non-index properties), through the pass-through serializer registered above.
        const body = Object.assign(JSON.parse(JSON.stringify(ops)) as unknown[], toSpec(ref)) as unknown as KubernetesObject;
        return plain(await api.patch(body, undefined, undefined, undefined, undefined, PatchStrategy.JsonPatch));
      } catch (e) {
        throw toKubeError(e, `patch ${ref.kind}`);
      }
    },
    async delete(ref) {
      try {
        await api.delete(toSpec(ref));
        return true;
      } catch (e) {
        if ((e as { code?: unknown }).code === 404) return false;
        throw toKubeError(e, `delete ${ref.kind}`);
      }
    },
  };
}

export { KubeError };
