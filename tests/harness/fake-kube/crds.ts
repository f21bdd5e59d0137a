/**
 * The CustomResourceDefinition objects an optional API comes with: a cluster with the snapshot API
 * lists volumesnapshotclasses/volumesnapshots/volumesnapshotcontents.snapshot.storage.k8s.io in
 * `kubectl get crd`, Established.
 */
import { clone, isObject, type Json, type JsonObject } from "./json.ts";
import { KINDS, type OptionalApi } from "./kinds.ts";
import type { Schema } from "./schema-dsl.ts";
import { SHARED } from "./schemas-meta.ts";
import { SNAPSHOT_STATUS_KINDS, snapshotSchema } from "./schemas-snapshot.ts";

/** A CRD schema has no references and no group-version-kind: inline them away. */
function inline(s: Json): Json {
  if (Array.isArray(s)) return s.map(inline);
  if (!isObject(s)) return s;
  const r = s["$ref"];
  if (typeof r === "string") return inline(clone(SHARED[r.replace("#/components/schemas/", "")] ?? { type: "object" }));
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(s)) if (k !== "x-kubernetes-group-version-kind") out[k] = inline(v);
  return out;
}

export function crdsFor(api: OptionalApi): JsonObject[] {
  return KINDS.filter((k) => k.api === api).map((k) => {
    const schema = inline(snapshotSchema(k) as Schema) as JsonObject;
    (schema["properties"] as JsonObject)["metadata"] = { type: "object" };
    const names: JsonObject = {
      kind: k.kind,
      listKind: `${k.kind}List`,
      plural: k.plural,
      singular: k.singular,
      ...(k.shortNames ? { shortNames: k.shortNames } : {}),
    };
    return {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: `${k.plural}.${k.group}` },
      spec: {
        group: k.group,
        names,
        scope: k.namespaced ? "Namespaced" : "Cluster",
        versions: [
          {
            name: k.version,
            served: true,
            storage: true,
            schema: { openAPIV3Schema: schema },
            subresources: (SNAPSHOT_STATUS_KINDS.has(k.kind) ? { status: {} } : {}) as JsonObject,
          },
        ],
      },
      status: {
        acceptedNames: names,
        conditions: [
          { type: "NamesAccepted", status: "True", reason: "NoConflicts", message: "no conflicts found" },
          { type: "Established", status: "True", reason: "InitialNamesAccepted", message: "the initial names have been accepted" },
        ],
        storedVersions: [k.version],
      },
    };
  });
}
