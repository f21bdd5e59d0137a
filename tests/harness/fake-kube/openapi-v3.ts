/**
 * OpenAPI v3 discovery: `/openapi/v3` lists one document per group-version, each at a
 * `serverRelativeURL` carrying the document's hash; `/openapi/v3/apis/<g>/<v>` (or `api/v1`) is the
 * document: the REST paths of each kind (operations tagged with x-kubernetes-action and
 * x-kubernetes-group-version-kind; PATCH, POST and PUT take `fieldValidation`, which tells kubectl
 * to leave validation to the server) and the component schemas.
 */
import { createHash } from "node:crypto";
import { servedGroupVersions } from "./discovery.ts";
import type { JsonObject } from "./json.ts";
import { gvPath, type KindInfo, kindsOf, type Served } from "./kinds.ts";
import { ref, type Schema, schemaName } from "./schema-dsl.ts";
import { componentSchemas, PATCH_SCHEMA } from "./schemas.ts";

export const SERVER_VERSION = { major: "1", minor: "33", gitVersion: "v1.33.0-fake-kube" };

const query = (name: string, description: string, type = "string"): JsonObject => ({ name, in: "query", description, schema: { type }, uniqueItems: true });
const pathParam = (name: string, description: string): JsonObject => ({ name, in: "path", description, required: true, schema: { type: "string" }, uniqueItems: true });

const WRITE_PARAMS = [
  query("dryRun", "When present (All), the change is checked but not persisted."),
  query("fieldManager", "Name of the actor making the change (required for apply)."),
  query("fieldValidation", "Ignore, Warn or Strict: what the server does with unknown or duplicate fields."),
];
const LIST_PARAMS = [
  query("labelSelector", "Selects objects by label."),
  query("fieldSelector", "Selects objects by field (metadata.name, metadata.namespace, kind-specific fields)."),
  query("limit", "Maximum number of items.", "integer"),
  query("continue", "Continue token of a paged list."),
];

const GROUP_IDS: Record<string, string> = {
  "": "Core",
  apps: "Apps",
  "rbac.authorization.k8s.io": "RbacAuthorization",
  "storage.k8s.io": "Storage",
  "events.k8s.io": "Events",
  "apiextensions.k8s.io": "Apiextensions",
  "snapshot.storage.k8s.io": "SnapshotStorage",
};

function json(schema: Schema): JsonObject {
  return { content: { "application/json": { schema }, "application/yaml": { schema } } };
}

function operation(k: KindInfo, action: string, verb: string, scope: string, params: JsonObject[], response: string, code = "200", body?: JsonObject): JsonObject {
  const id = `${verb}${GROUP_IDS[k.group] ?? ""}${k.version[0]!.toUpperCase()}${k.version.slice(1)}${scope}${k.kind}`;
  return {
    description: `${action} ${k.kind}`,
    operationId: id,
    parameters: params,
    ...(body ? { requestBody: body } : {}),
    responses: { [code]: { description: "OK", ...json(ref(response)) }, "401": { description: "Unauthorized" } },
    tags: [`${GROUP_IDS[k.group] ?? k.group}_${k.version}`],
    "x-kubernetes-action": action,
    "x-kubernetes-group-version-kind": { group: k.group, kind: k.kind, version: k.version },
  };
}

function kindPaths(k: KindInfo): Record<string, JsonObject> {
  const base = `/${gvPath(k.group, k.version)}`;
  const nsParam = k.namespaced ? [pathParam("namespace", "Object name and auth scope.")] : [];
  const scope = k.namespaced ? "Namespaced" : "";
  const collection = k.namespaced ? `${base}/namespaces/{namespace}/${k.plural}` : `${base}/${k.plural}`;
  const one = schemaName(k);
  const list = schemaName(k, "List");
  const patchBody: JsonObject = {
    content: Object.fromEntries(
      ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", ...(k.api ? [] : ["application/strategic-merge-patch+json"])].map((t) => [
        t,
        { schema: ref(PATCH_SCHEMA) },
      ]),
    ),
    required: true,
  };
  const paths: Record<string, JsonObject> = {
    [collection]: {
      get: operation(k, "list", "list", scope, [...nsParam, ...LIST_PARAMS], list),
      post: operation(k, "post", "create", scope, [...nsParam, ...WRITE_PARAMS], one, "201", { ...json(ref(one)), required: true }),
    },
    [`${collection}/{name}`]: {
      get: operation(k, "get", "read", scope, [...nsParam, pathParam("name", `Name of the ${k.kind}.`)], one),
      put: operation(k, "put", "replace", scope, [...nsParam, pathParam("name", `Name of the ${k.kind}.`), ...WRITE_PARAMS], one, "200", { ...json(ref(one)), required: true }),
      patch: operation(k, "patch", "patch", scope, [...nsParam, pathParam("name", `Name of the ${k.kind}.`), ...WRITE_PARAMS, query("force", "Force an apply over conflicts.", "boolean")], one, "200", patchBody),
      delete: operation(k, "delete", "delete", scope, [...nsParam, pathParam("name", `Name of the ${k.kind}.`), ...WRITE_PARAMS.slice(0, 1)], "io.k8s.apimachinery.pkg.apis.meta.v1.Status"),
    },
  };
  if (k.namespaced) paths[`${base}/${k.plural}`] = { get: operation(k, "list", "list", "", LIST_PARAMS, list) };
  return paths;
}

/** The document of one group-version, or undefined when it is not served. */
export function v3Document(group: string, version: string, served: Served): JsonObject | undefined {
  const kinds = kindsOf(group, version, served);
  if (kinds.length === 0) return undefined;
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: SERVER_VERSION.gitVersion },
    paths: Object.assign({}, ...kinds.map(kindPaths)),
    components: { schemas: componentSchemas(kinds) as JsonObject },
  };
}

export function hashOf(doc: unknown): string {
  return createHash("sha512").update(JSON.stringify(doc)).digest("hex").toUpperCase();
}

/** `/openapi/v3`: each served group-version and where its document is. */
export function v3Index(served: Served): JsonObject {
  const paths: JsonObject = {};
  for (const { group, version } of servedGroupVersions(served)) {
    const p = gvPath(group, version);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hashOf(v3Document(group, version, served))}` };
  }
  return { paths };
}

/** Parses `/openapi/v3/<api/v1 | apis/g/v>` into a group-version. */
export function v3Target(path: string): { group: string; version: string } | undefined {
  const m = /^\/openapi\/v3\/(?:api\/([^/]+)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!m) return undefined;
  return m[1] !== undefined ? { group: "", version: m[1] } : { group: m[2]!, version: m[3]! };
}
