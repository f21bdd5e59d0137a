/**
 * What the API server does with a custom resource against its CRD's structural schema: drop
 * unknown fields (pruning), then check types, enums, minimums and required fields, with the
 * messages apiextensions-apiserver uses ("spec.driver: Required value", ...).
 */
import { isObject, type Json } from "./json.ts";
import type { Schema } from "./schema-dsl.ts";
import type { Cause } from "./status.ts";

export type Resolve = (ref: string) => Schema | undefined;

function resolved(s: Schema, resolve: Resolve): Schema {
  const r = s["$ref"];
  return typeof r === "string" ? (resolve(r.replace("#/components/schemas/", "")) ?? {}) : s;
}

function typeOf(v: Json): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/** Drops fields the schema does not declare (metadata is left to the server's own rules). */
export function prune(value: Json, schema: Schema, resolve: Resolve, top = true): void {
  const s = resolved(schema, resolve);
  if (isObject(value) && isObject(s["properties"])) {
    const props = s["properties"];
    for (const key of Object.keys(value)) {
      if (top && (key === "metadata" || key === "apiVersion" || key === "kind")) continue;
      if (!(key in props)) delete value[key];
      else if (!(top && key === "metadata")) prune(value[key] as Json, props[key] as Schema, resolve, false);
    }
  } else if (Array.isArray(value) && isObject(s["items"])) {
    for (const item of value) prune(item, s["items"], resolve, false);
  }
}

/** Type, enum, minimum and required checks; answers the causes of a 422. */
export function checkStructure(value: Json | undefined, schema: Schema, resolve: Resolve, path = ""): Cause[] {
  if (value === undefined) return [];
  const s = resolved(schema, resolve);
  const want = s["type"];
  const got = typeOf(value);
  if (typeof want === "string" && got !== want && !(want === "number" && got === "integer") && !(value === null && s["nullable"] === true)) {
    return [{ field: path, message: `Invalid value: "${got}": ${path} in body must be of type ${want}: "${got}"`, reason: "FieldValueTypeInvalid" }];
  }
  const causes: Cause[] = [];
  if (Array.isArray(s["enum"]) && !s["enum"].includes(value)) {
    const allowed = s["enum"].map((e) => JSON.stringify(e)).join(", ");
    causes.push({ field: path, message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed}`, reason: "FieldValueNotSupported" });
  }
  if (typeof s["minimum"] === "number" && typeof value === "number" && value < s["minimum"]) {
    causes.push({ field: path, message: `Invalid value: ${value}: ${path} in body should be greater than or equal to ${s["minimum"]}` });
  }
  if (isObject(value)) {
    const props = isObject(s["properties"]) ? s["properties"] : {};
    for (const r of Array.isArray(s["required"]) ? s["required"] : []) {
      if (value[String(r)] === undefined) causes.push({ field: join(path, String(r)), message: "Required value", reason: "FieldValueRequired" });
    }
    for (const [key, v] of Object.entries(value)) {
      if (path === "" && key === "metadata") continue;
      const sub = props[key] ?? (isObject(s["additionalProperties"]) ? s["additionalProperties"] : undefined);
      if (isObject(sub)) causes.push(...checkStructure(v, sub, resolve, join(path, key)));
    }
  }
  if (Array.isArray(value) && isObject(s["items"])) {
    value.forEach((item, i) => {
      causes.push(...checkStructure(item, s["items"] as Schema, resolve, `${path}[${i}]`));
    });
  }
  return causes;
}
