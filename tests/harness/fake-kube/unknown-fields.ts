/**
 * Fields a request sets that the kind's schema does not declare. The real API server answers:
 *  - server-side apply: HTTP 500, no reason, "failed to create typed patch object (<ns>/<name>;
 *    <group>/<version>, Kind=<Kind>): .spec.foo: field not declared in schema" (whatever
 *    fieldValidation says);
 *  - create/update with fieldValidation=Strict: 400 "... strict decoding error: unknown field
 *    "spec.foo"" (with Warn or Ignore, unknown fields are dropped or only warned about).
 * Only the parts of objects the fake's schemas describe field by field are checked (see
 * schemas-builtin.ts); open objects (pod templates, ...) accept anything.
 */
import { isObject, type Json } from "./json.ts";
import type { KindInfo } from "./kinds.ts";
import { type Schema, schemaName } from "./schema-dsl.ts";
import { componentSchemas } from "./schemas.ts";
import { HttpError } from "./status.ts";

function walk(value: Json, schema: Schema, all: Record<string, Schema>, path: string, out: string[]): void {
  const r = schema["$ref"];
  const s = typeof r === "string" ? (all[r.replace("#/components/schemas/", "")] ?? {}) : schema;
  if (isObject(value) && isObject(s["properties"]) && s["additionalProperties"] === undefined) {
    for (const [key, v] of Object.entries(value)) {
      const sub = s["properties"][key];
      const p = path === "" ? key : `${path}.${key}`;
      if (!isObject(sub)) out.push(p);
      else walk(v, sub, all, p, out);
    }
  } else if (isObject(value) && isObject(s["additionalProperties"])) {
    for (const [key, v] of Object.entries(value)) walk(v, s["additionalProperties"], all, `${path}.${key}`, out);
  } else if (Array.isArray(value) && isObject(s["items"])) {
    value.forEach((v, i) => {
      walk(v, s["items"] as Schema, all, `${path}[${i}]`, out);
    });
  }
}

export function undeclaredFields(k: KindInfo, body: unknown): string[] {
  if (!isObject(body)) return [];
  const all = componentSchemas([k]);
  const out: string[] = [];
  walk(body, all[schemaName(k)] ?? {}, all, "", out);
  return out;
}

/** Throws what the API server answers for undeclared fields in this request, if anything. */
export function checkDeclared(k: KindInfo, ns: string | undefined, name: string | undefined, body: unknown, apply: boolean, fieldValidation: string | undefined): void {
  const bad = undeclaredFields(k, body);
  if (bad.length === 0) return;
  const gvk = `${k.group}/${k.version}, Kind=${k.kind}`;
  if (apply) throw new HttpError(500, "", `failed to create typed patch object (${ns ?? ""}/${name ?? ""}; ${gvk}): .${bad[0]}: field not declared in schema`);
  if (fieldValidation === "Strict") {
    const list = bad.map((f) => `unknown field "${f}"`).join(", ");
    throw new HttpError(400, "BadRequest", `${k.kind} in version "${k.version}" cannot be handled as a ${k.kind}: strict decoding error: ${list}`);
  }
}
