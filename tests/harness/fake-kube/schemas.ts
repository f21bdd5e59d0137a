/** Every component schema of the served kinds (and of their lists), by name, plus the shared ones. */
import { type KindInfo, KINDS, type Served } from "./kinds.ts";
import { listSchema, type Schema, schemaName } from "./schema-dsl.ts";
import { builtinSchema } from "./schemas-builtin.ts";
import { SHARED } from "./schemas-meta.ts";
import { snapshotSchema } from "./schemas-snapshot.ts";

export const PATCH_SCHEMA = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";

function kindSchemaOf(k: KindInfo): Schema {
  const s = builtinSchema(k) ?? snapshotSchema(k);
  if (!s) throw new Error(`fake-kube: no OpenAPI schema for ${k.group}/${k.kind}`);
  return s;
}

/** The schemas of some kinds, their lists and the shared definitions. */
export function componentSchemas(kinds: KindInfo[]): Record<string, Schema> {
  const out: Record<string, Schema> = { ...SHARED, [PATCH_SCHEMA]: { type: "object", description: "A patch body (JSON patch, merge patch, strategic merge patch or apply configuration)." } };
  for (const k of kinds) {
    out[schemaName(k)] = kindSchemaOf(k);
    out[schemaName(k, "List")] = listSchema(k);
  }
  return out;
}

export function servedKinds(served: Served): KindInfo[] {
  return KINDS.filter(served);
}
