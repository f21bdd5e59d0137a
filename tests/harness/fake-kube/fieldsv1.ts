/**
 * `fieldsV1` as the real server writes it in managedFields, from a manager's owned-field tree:
 * `f:` for fields, `k:{...}` for items of keyed lists (containers by name, volumeMounts by
 * mountPath, ports by containerPort+protocol, conditions by type...), `v:` for set items
 * (finalizers), `{}` for atomic values (selectors, fieldRef, roleRef, most lists such as args,
 * rules or mountOptions). Maps carry `"."` only where an Update created them; list items always.
 */
import { isObject, type Json, type JsonObject } from "./json.ts";

/** Keyed lists by their last field name (a parent name disambiguates where needed). */
function listKeys(path: string[]): string[] | undefined {
  const last = path[path.length - 1] ?? "";
  const parent = path[path.length - 2] ?? "";
  switch (last) {
    case "containers":
    case "initContainers":
    case "ephemeralContainers":
    case "env":
    case "volumes":
    case "imagePullSecrets":
      return ["name"];
    case "volumeMounts":
      return ["mountPath"];
    case "volumeDevices":
      return ["devicePath"];
    case "ports":
      // Container ports by containerPort+protocol; a Service's by port+protocol.
      return path.includes("containers") || path.includes("initContainers") ? ["containerPort", "protocol"] : ["port", "protocol"];
    case "conditions":
      return parent === "status" ? ["type"] : undefined;
    case "ownerReferences":
      return ["uid"];
    case "hostAliases":
      return ["ip"];
    default:
      return undefined;
  }
}

/** Lists of scalars that are sets (`v:` items). */
function isSet(path: string[]): boolean {
  const p = path.join(".");
  return p === "metadata.finalizers" || p === "spec.volumeLifecycleModes";
}

/** Maps the schema marks atomic (owned as a whole). */
const ATOMIC_MAPS = new Set(["selector", "labelSelector", "fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "roleRef", "namespaceSelector"]);

function isAtomicMap(path: string[]): boolean {
  return ATOMIC_MAPS.has(path[path.length - 1] ?? "");
}

function keyOf(item: JsonObject, keys: string[]): string {
  const k: JsonObject = {};
  for (const name of [...keys].sort()) k[name] = item[name] ?? (name === "protocol" ? "TCP" : null);
  return `k:${JSON.stringify(k)}`;
}

/** Map-typed fields (not structs): an Update that creates one owns it ("."); structs never get ".". */
const MAP_FIELDS = new Set(["labels", "annotations", "requests", "limits", "data", "binaryData", "stringData", "parameters", "matchLabels", "nodeSelector", "capacity", "allocatable", "volumeAttributes"]);

function has(created: ReadonlySet<string>, path: string[]): boolean {
  return created.has(path.join("\u0000"));
}

function render(v: Json, path: string[], created: ReadonlySet<string>): JsonObject {
  if (Array.isArray(v)) {
    const out: JsonObject = has(created, path) ? { ".": {} } : {};
    const keys = listKeys(path);
    if (keys) {
      for (const item of v) if (isObject(item)) out[keyOf(item, keys)] = { ".": {}, ...render(item, [...path, "[]"], created) };
      return out;
    }
    if (isSet(path)) {
      for (const item of v) out[`v:${JSON.stringify(item)}`] = {};
      return out;
    }
    return {};
  }
  if (!isObject(v) || isAtomicMap(path)) return {};
  const out: JsonObject = has(created, path) && MAP_FIELDS.has(path[path.length - 1] ?? "") && Object.keys(v).length > 0 ? { ".": {} } : {};
  for (const [k, child] of Object.entries(v)) out[`f:${k}`] = render(child, [...path, k], created);
  return out;
}

/**
 * `tree` is what the manager owns (values as set); `created` lists paths (joined with NUL) of maps
 * and lists an Update brought into existence, which the real server marks with `"."`.
 */
export function toFieldsV1(tree: Json, created: ReadonlySet<string> = new Set()): JsonObject {
  return render(tree, [], created);
}

/** The key under which `created` records a path. */
export function pathKey(path: string[]): string {
  return path.join("\u0000");
}
