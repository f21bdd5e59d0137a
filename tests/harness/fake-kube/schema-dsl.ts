/**
 * A few helpers to write OpenAPI schemas compactly (schemas-*.ts). References are written as
 * OpenAPI v3 component references; openapi-v2.ts rewrites them for /openapi/v2.
 */
import type { JsonObject } from "./json.ts";
import { type KindInfo, SNAPSHOT_GROUP } from "./kinds.ts";

export type Schema = JsonObject;

export const META = "io.k8s.apimachinery.pkg.apis.meta.v1";

export const str = (description: string, extra: Schema = {}): Schema => ({ type: "string", description, ...extra });
export const bool = (description: string): Schema => ({ type: "boolean", description });
export const int = (description: string): Schema => ({ type: "integer", format: "int64", description });
export const time = (description: string): Schema => ({ type: "string", format: "date-time", description });
export const strMap = (description: string): Schema => ({ type: "object", additionalProperties: { type: "string" }, description });
export const arr = (items: Schema, description: string): Schema => ({ type: "array", items, description });
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
/** An object whose fields this fake does not describe (any content is accepted). */
export const free = (description: string): Schema => ({ type: "object", description });

export function obj(description: string, properties: Record<string, Schema>, required?: string[]): Schema {
  return { type: "object", description, properties, ...(required ? { required } : {}) };
}

const PACKAGES: Record<string, string> = {
  "": "io.k8s.api.core",
  apps: "io.k8s.api.apps",
  "rbac.authorization.k8s.io": "io.k8s.api.rbac",
  "storage.k8s.io": "io.k8s.api.storage",
  "events.k8s.io": "io.k8s.api.events",
  "apiextensions.k8s.io": "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
  // Custom resources are published under the reversed group name.
  [SNAPSHOT_GROUP]: "io.k8s.storage.snapshot",
};

/** The component name the real API server uses for a kind ("io.k8s.api.storage.v1.StorageClass"). */
export function schemaName(k: KindInfo, suffix = ""): string {
  return `${PACKAGES[k.group] ?? k.group}.${k.version}.${k.kind}${suffix}`;
}

function gvk(k: KindInfo, kind = k.kind): Schema {
  return { group: k.group, kind, version: k.version };
}

/** A kind's schema: apiVersion, kind, metadata, then its own fields, with its group-version-kind. */
export function kindSchema(k: KindInfo, description: string, fields: Record<string, Schema>, required?: string[]): Schema {
  return {
    ...obj(
      description,
      {
        apiVersion: str("The versioned schema of this representation of an object."),
        kind: str("The REST resource this object represents."),
        metadata: ref(`${META}.ObjectMeta`),
        ...fields,
      },
      required,
    ),
    "x-kubernetes-group-version-kind": [gvk(k)],
  };
}

/** `<Kind>List`: items of the kind, list metadata. */
export function listSchema(k: KindInfo): Schema {
  return {
    ...obj(
      `A list of ${k.kind} objects.`,
      {
        apiVersion: str("The versioned schema of this representation of an object."),
        items: arr(ref(schemaName(k)), `The ${k.kind} objects.`),
        kind: str("The REST resource this object represents."),
        metadata: ref(`${META}.ListMeta`),
      },
      ["items"],
    ),
    "x-kubernetes-group-version-kind": [gvk(k, `${k.kind}List`)],
  };
}
