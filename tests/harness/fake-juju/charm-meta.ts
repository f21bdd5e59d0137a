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

const OPTION_TYPES = new Set(["string", "int", "float", "boolean", "secret"]);

/**
 * config.yaml as juju/charm's ReadConfig reads it: a missing type is "string"; an unknown type
 * or a default of the wrong type makes the charm invalid. No config.yaml: no options.
 */
function readOptions(charmDir: string): Record<string, OptionMeta> {
  const cfg = readYaml(join(charmDir, "config.yaml"));
  const out: Record<string, OptionMeta> = {};
  for (const [name, spec] of Object.entries(obj(cfg?.["options"]))) {
    const type = spec["type"] === undefined || spec["type"] === "" ? "string" : String(spec["type"]);
    if (!OPTION_TYPES.has(type)) throw new Error(`invalid config: option ${JSON.stringify(name)} has unknown type ${JSON.stringify(type)}`);
    const d = spec["default"];
    const option: OptionMeta = { type: type as OptionMeta["type"], default: d === undefined || d === null ? null : (d as string | number | boolean) };
    const skip = d === "" && (type === "string" || type === "secret");
    const problem = skip ? undefined : optionValueProblem(name, option, option.default);
    if (problem) throw new Error(`invalid config default: ${problem}`);
    out[name] = option;
  }
  return out;
}

/** juju/charm option validation: `option "x" expected <type>, got <value>`; a secret must use the secret: scheme. */
export function optionValueProblem(name: string, option: OptionMeta, v: string | number | boolean | null): string | undefined {
  if (v === null) return undefined;
  const ok =
    option.type === "string" ? typeof v === "string"
    : option.type === "secret" ? typeof v === "string" && (v === "" || /^secret:/i.test(v))
    : option.type === "boolean" ? typeof v === "boolean"
    : option.type === "int" ? Number.isInteger(v)
    : typeof v === "number";
  return ok ? undefined : `option ${JSON.stringify(name)} expected ${option.type}, got ${JSON.stringify(v)}`;
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
