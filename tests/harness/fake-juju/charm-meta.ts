/** Reads what the fake needs from the charm dir: metadata.yaml, config.yaml, actions.yaml. */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export interface EndpointMeta {
  name: string;
  interface: string;
  role: "requires" | "provides" | "peers";
  scope: "global" | "container";
}

export interface OptionMeta {
  type: "string" | "int" | "float" | "boolean" | "secret";
  /** null when the option has no default. */
  default: string | number | boolean | null;
}

export interface ActionMeta {
  params: Record<string, { type?: string; default?: unknown }>;
  required: string[];
  additionalProperties: boolean;
}

export interface CharmMeta {
  name: string;
  subordinate: boolean;
  endpoints: EndpointMeta[];
  options: Record<string, OptionMeta>;
  actions: Record<string, ActionMeta>;
}

function readYaml(path: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  const v: unknown = parse(readFileSync(path, "utf8"));
  return v !== null && typeof v === "object" ? (v as Record<string, unknown>) : {};
}

function obj(v: unknown): Record<string, Record<string, unknown>> {
  return v !== null && typeof v === "object" ? (v as Record<string, Record<string, unknown>>) : {};
}

/** Option types and defaults, from the charm's config.yaml (none without one). */
function readOptions(charmDir: string): Record<string, OptionMeta> {
  const cfg = readYaml(join(charmDir, "config.yaml"));
  const out: Record<string, OptionMeta> = {};
  if (cfg) {
    for (const [name, spec] of Object.entries(obj(cfg["options"]))) {
      const d = spec["default"];
      out[name] = {
        type: (spec["type"] as OptionMeta["type"]) ?? "string",
        default: d === undefined || d === null ? null : (d as string | number | boolean),
      };
    }
  }
  return out;
}

const cache = new Map<string, { stamp: string; meta: CharmMeta }>();

/** The charm's metadata, config and actions, read once per charm dir while its files do not change. */
export function readCharmMeta(charmDir: string): CharmMeta {
  const stamp = ["metadata.yaml", "config.yaml", "actions.yaml"]
    .map((f) => {
      try {
        return String(statSync(join(charmDir, f)).mtimeMs);
      } catch {
        return "-";
      }
    })
    .join(",");
  const hit = cache.get(charmDir);
  if (hit?.stamp === stamp) return structuredClone(hit.meta);
  const meta = parseCharmMeta(charmDir);
  cache.set(charmDir, { stamp, meta });
  return structuredClone(meta);
}

function parseCharmMeta(charmDir: string): CharmMeta {
  const meta = readYaml(join(charmDir, "metadata.yaml"));
  if (!meta) throw new Error(`charm missing from disk: no metadata.yaml in ${charmDir}`);
  const endpoints: EndpointMeta[] = [];
  for (const role of ["requires", "provides", "peers"] as const) {
    for (const [name, spec] of Object.entries(obj(meta[role]))) {
      endpoints.push({
        name,
        role,
        interface: String(spec["interface"] ?? ""),
        scope: spec["scope"] === "container" ? "container" : "global",
      });
    }
  }
  const actions: Record<string, ActionMeta> = {};
  for (const [name, spec] of Object.entries(obj(readYaml(join(charmDir, "actions.yaml"))))) {
    actions[name] = {
      params: obj(spec["params"]) as ActionMeta["params"],
      required: Array.isArray(spec["required"]) ? (spec["required"] as string[]) : [],
      additionalProperties: spec["additionalProperties"] !== false,
    };
  }
  return {
    name: String(meta["name"] ?? ""),
    subordinate: meta["subordinate"] === true,
    endpoints,
    options: readOptions(charmDir),
    actions,
  };
}
