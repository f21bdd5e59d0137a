/**
 * `/openapi/v2`: the same schemas as a Swagger 2.0 document, as JSON (Accept: application/json) or
 * as the gnostic OpenAPIv2 protocol buffer (Accept:
 * application/com.github.proto-openapi.spec.v2@v1.0+protobuf), which is all that kubectl before
 * 1.27 (Debian's kubernetes-client is 1.20) reads to validate objects client-side.
 * Simplification: `paths` is empty; clients use /openapi/v3 or discovery for the REST paths.
 */
import { isObject, type Json, type JsonObject } from "./json.ts";
import { ProtoWriter } from "./protobuf.ts";
import type { Served } from "./kinds.ts";
import { SERVER_VERSION } from "./openapi-v3.ts";
import { componentSchemas, servedKinds } from "./schemas.ts";

/** What the real server answers for the protobuf form (its Accept spelling has an "@", invalid in a Content-Type). */
export const PROTO_V2 = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

/** v3 references (#/components/schemas/X) become v2 ones (#/definitions/X); nullable has no v2 form. */
function toV2(s: Json): Json {
  if (Array.isArray(s)) return s.map(toV2);
  if (!isObject(s)) return s;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === "nullable") continue;
    out[k] = k === "$ref" && typeof v === "string" ? v.replace("#/components/schemas/", "#/definitions/") : toV2(v);
  }
  return out;
}

export function v2Document(served: Served): JsonObject {
  return {
    swagger: "2.0",
    info: { title: "Kubernetes", version: SERVER_VERSION.gitVersion },
    paths: {},
    definitions: toV2(componentSchemas(servedKinds(served)) as JsonObject) as JsonObject,
  };
}

/** openapi.v2.Schema (field numbers of gnostic's OpenAPIv2.proto). */
function writeSchema(w: ProtoWriter, s: JsonObject): void {
  w.string(1, s["$ref"] as string | undefined);
  w.string(2, s["format"] as string | undefined);
  w.string(4, s["description"] as string | undefined);
  if (typeof s["minimum"] === "number") w.double(9, s["minimum"]);
  for (const r of Array.isArray(s["required"]) ? s["required"] : []) w.string(19, String(r));
  for (const e of Array.isArray(s["enum"]) ? s["enum"] : []) w.message(20, (a) => a.string(2, JSON.stringify(e)), true);
  const ap = s["additionalProperties"];
  if (isObject(ap)) w.message(21, (a) => a.message(1, (x) => writeSchema(x, ap), true));
  if (typeof s["type"] === "string") w.message(22, (t) => t.string(1, s["type"] as string));
  const items = s["items"];
  if (isObject(items)) w.message(23, (i) => i.message(1, (x) => writeSchema(x, items), true));
  const props = s["properties"];
  if (isObject(props)) {
    w.message(
      25,
      (p) => {
        for (const [name, sub] of Object.entries(props)) p.message(1, (n) => n.string(1, name).message(2, (x) => writeSchema(x, sub as JsonObject), true), true);
      },
      true,
    );
  }
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith("x-")) w.message(31, (n) => n.string(1, k).message(2, (a) => a.string(2, JSON.stringify(v)), true), true);
  }
}

/** openapi.v2.Document: swagger (1), info (2), paths (8), definitions (9). */
export function v2Protobuf(doc: JsonObject): Buffer {
  const w = new ProtoWriter();
  w.string(1, "2.0");
  w.message(2, (i) => i.string(1, "Kubernetes").string(2, SERVER_VERSION.gitVersion));
  w.message(8, () => {}, true);
  w.message(
    9,
    (d) => {
      for (const [name, s] of Object.entries(doc["definitions"] as JsonObject)) {
        d.message(1, (n) => n.string(1, name).message(2, (x) => writeSchema(x, s as JsonObject), true), true);
      }
    },
    true,
  );
  return w.bytes();
}
