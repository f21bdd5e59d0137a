/**
 * The Juju Terraform provider's schema for the objects this repository uses (v2.2.1, the same
 * for these objects in 1.x; /work/shared/reference/terraform-provider-juju.md), and a check of
 * parsed HCL (tests/platforms/hcl.ts) against it: unknown and removed arguments, required
 * arguments and blocks, computed-only attributes, block counts, conflicts, literal formats, and
 * what a subordinate application may set. Returns the problems in Terraform's words.
 */
import { type Body, blocks, type Hcl, isExpr } from "./hcl.ts";

type Presence = "required" | "optional" | "computed";

interface BlockSchema {
  attributes: Record<string, Presence>;
  blocks?: Record<string, { schema: BlockSchema; min: number; max: number }>;
  /** Arguments removed in provider 1.0.0 and what replaced them. */
  removed?: Record<string, string>;
  conflicts?: [string, string][];
  /** At least one of these must be set. */
  atLeastOne?: string[][];
  /** Set together or not at all. */
  together?: string[][];
  /** `a` needs `b`. */
  requires?: [string, string][];
  /** Formats of literal values (expressions are known only at plan). */
  formats?: Record<string, [RegExp, string]>;
}

/** The provider's UUID validator (the pattern is unanchored in the provider: anchored here, stricter). */
const UUID: [RegExp, string] = [/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "must be a valid UUID"];

const CHARM: BlockSchema = {
  attributes: { name: "required", channel: "optional", revision: "optional", base: "optional" },
  removed: { series: "charm.base" },
  formats: {
    base: [/^[a-z]+@[0-9][0-9.]*$/, "must conform to name@channel, e.g. ubuntu@22.04"],
    channel: [/^[^/\s]+\/(stable|candidate|beta|edge)(\/[^/\s]+)?$/, "must conform to track/risk or track/risk/branch, e.g. latest/stable"],
  },
};

const EXPOSE: BlockSchema = { attributes: { endpoints: "optional", spaces: "optional", cidrs: "optional" } };

export const JUJU_APPLICATION: BlockSchema = {
  attributes: {
    model_uuid: "required",
    name: "optional",
    units: "optional",
    machines: "optional",
    config: "optional",
    constraints: "optional",
    trust: "optional",
    storage_directives: "optional",
    resources: "optional",
    registry_credentials: "optional",
    endpoint_bindings: "optional",
    model_type: "computed",
    unit_numbers: "computed",
    storage: "computed",
    id: "computed",
  },
  blocks: { charm: { schema: CHARM, min: 1, max: 1 }, expose: { schema: EXPOSE, min: 0, max: 1 } },
  removed: { model: "model_uuid", placement: "machines", principal: "(nothing: it was unused)", series: "charm.base" },
  conflicts: [["units", "machines"]],
  formats: { model_uuid: UUID },
};

const INTEGRATION_APP: BlockSchema = {
  attributes: { name: "optional", endpoint: "optional", offer_url: "optional", offering_controller: "optional" },
  conflicts: [
    ["name", "offer_url"],
    ["name", "offering_controller"],
  ],
  atLeastOne: [["name", "offer_url"]],
  requires: [["offering_controller", "offer_url"]],
};

export const JUJU_INTEGRATION: BlockSchema = {
  attributes: { model_uuid: "required", via: "optional", id: "computed" },
  blocks: { application: { schema: INTEGRATION_APP, min: 2, max: 2 } },
  removed: { model: "model_uuid" },
  formats: { model_uuid: UUID },
};

export const DATA_JUJU_MODEL: BlockSchema = {
  attributes: { name: "optional", owner: "optional", uuid: "optional", type: "computed", id: "computed" },
  conflicts: [
    ["name", "uuid"],
    ["owner", "uuid"],
  ],
  together: [["name", "owner"]],
  atLeastOne: [["name", "uuid"]],
  formats: { uuid: UUID },
};

const RESOURCES: Record<string, BlockSchema> = { juju_application: JUJU_APPLICATION, juju_integration: JUJU_INTEGRATION };
const DATA_SOURCES: Record<string, BlockSchema> = { juju_model: DATA_JUJU_MODEL };
/** Terraform's own meta-arguments, allowed on every resource and data source. */
const META = new Set(["count", "for_each", "depends_on", "provider", "lifecycle"]);

function checkBody(body: Body, schema: BlockSchema, where: string): string[] {
  const problems: string[] = [];
  const set = (k: string) => body[k] !== undefined && body[k] !== null;
  for (const [k, v] of Object.entries(body)) {
    if (META.has(k)) continue;
    const block = schema.blocks?.[k];
    if (block !== undefined) {
      const list = Array.isArray(v) ? (v as Body[]) : [];
      if (!Array.isArray(v)) problems.push(`${where}: ${k} must be a block`);
      for (const [i, b] of list.entries()) problems.push(...checkBody(b, block.schema, `${where}.${k}[${i}]`));
      continue;
    }
    if (schema.removed?.[k] !== undefined) problems.push(`${where}: Unsupported argument "${k}" (removed in provider 1.0.0; use ${schema.removed[k]})`);
    else if (schema.attributes[k] === undefined) problems.push(`${where}: Unsupported argument "${k}"`);
    else if (schema.attributes[k] === "computed") problems.push(`${where}: "${k}" is computed by the provider and cannot be set`);
    else {
      const format = schema.formats?.[k];
      if (format && typeof v === "string" && !isExpr(v) && !format[0].test(v)) problems.push(`${where}: ${k} ${format[1]}, got: ${v}`);
    }
  }
  for (const [k, p] of Object.entries(schema.attributes)) if (p === "required" && !set(k)) problems.push(`${where}: Missing required argument "${k}"`);
  for (const [k, b] of Object.entries(schema.blocks ?? {})) {
    const n = Array.isArray(body[k]) ? (body[k] as Hcl[]).length : 0;
    if (n < b.min || n > b.max) problems.push(`${where}: block ${k} must appear ${b.min === b.max ? `exactly ${b.min}` : `${b.min} to ${b.max}`} time(s), got ${n}`);
  }
  for (const [a, b] of schema.conflicts ?? []) if (set(a) && set(b)) problems.push(`${where}: Attribute "${a}" cannot be specified when "${b}" is specified`);
  for (const group of schema.atLeastOne ?? []) if (!group.some(set)) problems.push(`${where}: At least one of these attributes must be configured: [${group.join(",")}]`);
  for (const group of schema.together ?? []) if (group.some(set) && !group.every(set)) problems.push(`${where}: These attributes must be configured together: [${group.join(",")}]`);
  for (const [a, b] of schema.requires ?? []) if (set(a) && !set(b)) problems.push(`${where}: Attribute "${b}" must be specified when "${a}" is specified`);
  return problems;
}

/**
 * What a subordinate's juju_application may not set: constraints (Juju refuses them), machines
 * (Juju co-locates it) and units other than 1 (the provider stores 1; 0 fails after apply).
 */
export function subordinateProblems(body: Body, where: string): string[] {
  const problems: string[] = [];
  if (body["constraints"] !== undefined) problems.push(`${where}: subordinate application must be deployed without constraints`);
  if (body["machines"] !== undefined) problems.push(`${where}: a subordinate has no machines of its own`);
  if (body["units"] !== undefined && body["units"] !== 1) problems.push(`${where}: a subordinate's units must be left out (the provider stores 1; 0 fails after apply)`);
  return problems;
}

/**
 * Every juju_* resource and data source of `docs` against the schema; `subordinates` names the
 * resources (`juju_application.<name>`) that deploy a subordinate charm.
 */
export function providerSchemaProblems(docs: readonly Body[], subordinates: readonly string[] = []): string[] {
  const problems: string[] = [];
  for (const { labels, body } of blocks(docs, "resource", 2)) {
    const [type = "", name = ""] = labels;
    const where = `resource ${type}.${name}`;
    const schema = RESOURCES[type];
    if (schema === undefined) {
      if (type.startsWith("juju_")) problems.push(`${where}: no schema facts for ${type}`);
      continue;
    }
    problems.push(...checkBody(body, schema, where));
    if (subordinates.includes(`${type}.${name}`)) problems.push(...subordinateProblems(body, where));
  }
  for (const { labels, body } of blocks(docs, "data", 2)) {
    const [type = "", name = ""] = labels;
    const schema = DATA_SOURCES[type];
    if (schema !== undefined) problems.push(...checkBody(body, schema, `data ${type}.${name}`));
    else if (type.startsWith("juju_")) problems.push(`data ${type}.${name}: no schema facts for ${type}`);
  }
  return problems;
}
