/**
 * Maps one HTTP request onto the cluster: version and health, discovery (legacy and aggregated),
 * OpenAPI v2/v3, and the REST verbs on every served kind (events.k8s.io Events through their
 * core view). Errors are thrown as HttpError and answered as Status objects by the server.
 */
import type { Cluster, WriteResult } from "./cluster.ts";
import { AGGREGATED_V2, aggregated, apiGroup, coreVersions, groupList, hasGroupVersion, resourceList, wantsAggregated } from "./discovery.ts";
import { coreFieldSelector, fromCore, fromCoreList, toCore } from "./events-view.ts";
import type { JsonObject } from "./json.ts";
import { type KindInfo, kindByPlural, kindOfObject } from "./kinds.ts";
import { PROTO_V2, v2Document, v2Protobuf } from "./openapi-v2.ts";
import { hashOf, SERVER_VERSION, v3Document, v3Index, v3Target } from "./openapi-v3.ts";
import { badRequest, HttpError, pageNotFound } from "./status.ts";
import { TABLE_TYPE, toTable, wantsTable } from "./tables.ts";
import { checkDeclared } from "./unknown-fields.ts";

export interface Request {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  contentType: string | undefined;
  accept: string | undefined;
  userAgent: string | undefined;
}

export interface Answer {
  code: number;
  /** An object (sent as JSON), a string (text) or bytes. */
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

const ok = (body: unknown, extra: Partial<Answer> = {}): Answer => ({ code: 200, body, ...extra });

export function pathNotFound(): HttpError {
  return new HttpError(404, "NotFound", "the server could not find the requested resource", {});
}

function methodNotAllowed(): HttpError {
  return new HttpError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
}

/** True for discovery and OpenAPI reads (`/api`, `/apis/<g>/<v>`, `/version`, `/openapi/...`). */
export function isDiscovery(path: string): boolean {
  return /^\/(api|apis|api\/v1|apis\/[^/]+|apis\/[^/]+\/[^/]+|version|openapi\/.*|swagger-2\.0\.0\.pb-v1)$/.test(path);
}

function openapi(cluster: Cluster, r: Request): Answer | undefined {
  const served = cluster.served;
  if (r.path === "/openapi/v2" || r.path === "/swagger-2.0.0.pb-v1") {
    const doc = v2Document(served);
    if ((r.accept ?? "").includes("protobuf")) return ok(v2Protobuf(doc), { contentType: PROTO_V2 });
    return ok(doc);
  }
  if (r.path === "/openapi/v3") return ok(v3Index(served));
  const target = v3Target(r.path);
  if (!target) return undefined;
  const doc = v3Document(target.group, target.version, served);
  if (!doc) throw pathNotFound();
  const hash = hashOf(doc);
  const asked = r.query["hash"];
  if (asked !== undefined && asked !== hash) {
    // The real server redirects a stale hash to the current document.
    return { code: 301, body: "", headers: { Location: `${r.path}?hash=${hash}` } };
  }
  return ok(doc, { headers: { Etag: `"${hash}"`, ...(asked ? { "Cache-Control": "public, immutable" } : {}) } });
}

function discovery(cluster: Cluster, r: Request, parts: string[]): Answer | undefined {
  const served = cluster.served;
  if (parts[0] === "api" && parts.length === 1) {
    return wantsAggregated(r.accept) ? ok(aggregated(true, served), { contentType: AGGREGATED_V2 }) : ok(coreVersions());
  }
  if (parts[0] === "apis" && parts.length === 1) {
    return wantsAggregated(r.accept) ? ok(aggregated(false, served), { contentType: AGGREGATED_V2 }) : ok(groupList(served));
  }
  if (parts[0] === "apis" && parts.length === 2) {
    const g = apiGroup(parts[1]!, served);
    if (!g) throw pageNotFound();
    return ok(g);
  }
  return undefined;
}

interface Target {
  k: KindInfo;
  ns: string | undefined;
  name: string | undefined;
}

function target(cluster: Cluster, parts: string[]): Target | "discovery" {
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === "api") {
    group = "";
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === "apis" && parts.length >= 3) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else throw pathNotFound();
  // No such group/version (a CRD not installed): the mux's plain-text 404, not a Status.
  if (!hasGroupVersion(group, version, cluster.served)) throw pageNotFound();
  if (rest.length === 0) return "discovery";
  let ns: string | undefined;
  let plural: string;
  let name: string | undefined;
  if (rest[0] === "namespaces" && rest.length >= 3) {
    ns = decodeURIComponent(rest[1]!);
    plural = rest[2]!;
    name = rest[3] === undefined ? undefined : decodeURIComponent(rest[3]);
    if (rest.length > 4) throw pathNotFound();
  } else {
    plural = rest[0]!;
    name = rest[1] === undefined ? undefined : decodeURIComponent(rest[1]);
    if (rest.length > 2) throw pathNotFound();
  }
  const k = kindByPlural(group, version, plural);
  if (!k || !cluster.served(k)) throw pathNotFound();
  if (!k.namespaced && ns !== undefined) throw pathNotFound();
  if (k.namespaced && ns === undefined && name !== undefined) throw pathNotFound();
  return { k, ns, name };
}

/** `dryRun=All` (the only value the API server accepts besides none); anything else is 400. */
function dryRunOf(query: Record<string, string>): boolean {
  const v = query["dryRun"];
  if (v === undefined || v === "") return false;
  if (v !== "All") throw badRequest(`Invalid dry run value "${v}": supported values are "All"`);
  return true;
}

function pagingOf(query: Record<string, string>): { limit?: number; continue?: string } {
  const limit = query["limit"] !== undefined ? Number(query["limit"]) : undefined;
  return { ...(limit !== undefined && Number.isInteger(limit) ? { limit } : {}), ...(query["continue"] ? { continue: query["continue"] } : {}) };
}

function crud(cluster: Cluster, r: Request, t: Target): Answer {
  const { k, ns, name } = t;
  const manager = r.query["fieldManager"] ?? (r.userAgent ? r.userAgent.split("/")[0] : undefined) ?? "unknown";
  const written = (w: WriteResult): Answer => ({ code: w.created ? 201 : 200, body: w.obj });
  const ct = (r.contentType ?? "").split(";")[0]!.trim();
  const opts = { dryRun: dryRunOf(r.query) };
  if (r.method === "POST" || r.method === "PUT" || (r.method === "PATCH" && ct !== "application/json-patch+json")) {
    checkDeclared(k, ns, name, r.body, r.method === "PATCH" && ct === "application/apply-patch+yaml", r.query["fieldValidation"]);
  }
  switch (r.method) {
    case "GET":
      if (name !== undefined) return ok(cluster.get(k, ns, name));
      return ok(cluster.list(k, ns, r.query["labelSelector"], r.query["fieldSelector"], pagingOf(r.query)));
    case "POST":
      if (name !== undefined) throw methodNotAllowed();
      return written(cluster.create(k, ns, r.body, manager, opts));
    case "PUT":
      if (name === undefined) throw methodNotAllowed();
      return written(cluster.replace(k, ns, name, r.body, manager, opts));
    case "PATCH": {
      if (name === undefined) throw methodNotAllowed();
      if (ct === "application/apply-patch+yaml") {
        return written(cluster.apply(k, ns, name, r.body, r.query["fieldManager"], r.query["force"] === "true", opts));
      }
      if (ct === "application/json-patch+json") return written(cluster.jsonPatch(k, ns, name, r.body, manager));
      if (ct === "application/merge-patch+json" || (ct === "application/strategic-merge-patch+json" && !k.api)) {
        return written(cluster.mergePatch(k, ns, name, r.body, manager, opts));
      }
      throw new HttpError(
        415,
        "UnsupportedMediaType",
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, ${k.api ? "" : "application/strategic-merge-patch+json, "}application/apply-patch+yaml (got ${ct})`,
      );
    }
    case "DELETE":
      if (name === undefined) throw methodNotAllowed();
      return ok(cluster.delete(k, ns, name, opts));
    default:
      throw methodNotAllowed();
  }
}

/** events.k8s.io/v1 Events: the same request on the core Events, converted both ways. */
function eventsView(cluster: Cluster, r: Request, t: Target): Answer {
  const core = kindOfObject("v1", "Event")!;
  const coreReq: Request = { ...r, body: toCore(r.body), query: { ...r.query } };
  const fs = coreFieldSelector(r.query["fieldSelector"]);
  if (fs !== undefined) coreReq.query["fieldSelector"] = fs;
  else delete coreReq.query["fieldSelector"];
  const a = crud(cluster, coreReq, { ...t, k: core });
  const b = a.body as JsonObject;
  if (b["kind"] === "EventList") return { ...a, body: fromCoreList(b) };
  if (b["kind"] === "Event") return { ...a, body: fromCore(b) };
  return a;
}

export function route(cluster: Cluster, r: Request): Answer {
  if (r.path === "/version") {
    const v = cluster.version;
    return ok({ ...SERVER_VERSION, major: String(v.major), minor: String(v.minor), gitVersion: `${v.gitVersion}-fake-kube`, gitCommit: "0000000", gitTreeState: "clean", buildDate: "2026-01-01T00:00:00Z", goVersion: "go1.24", compiler: "gc", platform: "linux/amd64" });
  }
  if (r.path === "/healthz" || r.path === "/readyz" || r.path === "/livez") return ok("ok");
  const api = openapi(cluster, r);
  if (api) return api;
  const parts = r.path.split("/").filter((p) => p !== "");
  const d = discovery(cluster, r, parts);
  if (d) return d;
  const t = target(cluster, parts);
  if (t === "discovery") {
    const group = parts[0] === "api" ? "" : parts[1]!;
    const version = parts[0] === "api" ? parts[1]! : parts[2]!;
    return ok(resourceList(group, version, cluster.served));
  }
  const a = t.k.group === "events.k8s.io" ? eventsView(cluster, r, t) : crud(cluster, r, t);
  if (r.method === "GET" && wantsTable(r.accept)) return { ...a, body: toTable(t.k, a.body as JsonObject), contentType: TABLE_TYPE };
  return a;
}
