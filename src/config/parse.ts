/**
 * Config parsing: raw option values (from config-get or a YAML file) → a complete, checked
 * CharmConfig, or the first problem as a blocked message naming the option and its value.
 */
import type { Problem } from "../manifests/types.ts";
import { listReleases } from "../manifests/releases/index.ts";
import { type Placeholder, formatterProblem } from "./formatter.ts";
import { type CharmConfig, OPTIONS, type OptionName } from "./options.ts";
import { parseParameterEdits } from "./parameter-edits.ts";
import { validateSchema } from "./schema.ts";
import { LEGACY_CEPHFS_TOLERATIONS, parseTolerations } from "./tolerations.ts";

export type ParseConfigResult = { ok: true; config: CharmConfig } | { ok: false; problem: Problem };

export const METRICS_PORT_OPTIONS = [
  "metrics-port-cephfsplugin",
  "metrics-port-cephfsplugin-provisioner",
  "metrics-port-rbdplugin",
  "metrics-port-rbdplugin-provisioner",
] as const satisfies readonly OptionName[];

/** Placeholders each formatter option may use. */
export const FORMATTER_PLACEHOLDERS = {
  "default-storage": ["app", "namespace", "name", "pool", "pool-id"],
  "cephfs-storage-class-name-formatter": ["app", "namespace", "name", "pool", "pool-id"],
  "ceph-xfs-storage-class-name-formatter": ["app", "namespace"],
  "ceph-ext4-storage-class-name-formatter": ["app", "namespace"],
  "csidriver-name-formatter": ["name", "app", "namespace"],
  "ceph-rbac-name-formatter": ["name", "app", "namespace"],
} as const satisfies Partial<Record<OptionName, readonly Placeholder[]>>;

export const RECLAIM_POLICIES = ["Delete", "Retain"] as const;
export const CEPHFS_MOUNTERS = ["", "kernel", "fuse"] as const;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** host[:port] then optional path segments; no scheme, tag or digest. */
const REGISTRY = /^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

const blocked = (message: string): { ok: false; problem: Problem } => ({ ok: false, problem: { status: "blocked", message } });

/** A value as an operator would recognise it in a message. */
function show(v: unknown): string {
  return typeof v === "string" ? `'${v}'` : JSON.stringify(v) ?? String(v);
}

const TYPE_WORD = { string: "a string", int: "an integer", boolean: "a boolean (true or false)" } as const;

export function parseConfig(raw: Record<string, unknown>): ParseConfigResult {
  // Unset (null or missing) takes the default.
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== null && v !== undefined) data[k] = v;

  const errors = validateSchema(data);
  const first = errors[0];
  if (first !== undefined) {
    if (first.keyword === "additionalProperties") {
      return blocked(`Unknown config option '${String(first.params["additionalProperty"])}'`);
    }
    const name = first.instancePath.replace(/^\//, "") as OptionName;
    const spec = OPTIONS[name];
    return blocked(`Invalid ${name}: ${show(data[name])} must be ${spec ? TYPE_WORD[spec.type] : first.message}`);
  }
  const config = data as CharmConfig;
  const problem = semanticProblem(config);
  return problem === undefined ? { ok: true, config } : blocked(problem);
}

/** Checks that need more than a type; the first message found, or undefined. */
export function semanticProblem(c: CharmConfig): string | undefined {
  const releases = listReleases();
  if (!releases.includes(c.release)) {
    return `Invalid release ${show(c.release)}: supported releases are ${releases.join(", ")}`;
  }
  if (c.namespace !== "" && (c.namespace.length > 63 || !DNS1123_LABEL.test(c.namespace))) {
    return `Invalid namespace ${show(c.namespace)}: must be a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters)`;
  }
  if (c["image-registry"] !== "" && !REGISTRY.test(c["image-registry"])) {
    return `Invalid image-registry ${show(c["image-registry"])}: expected a registry host with an optional path, e.g. registry.example.com/mirror (no scheme, tag or trailing '/')`;
  }
  if (c["provisioner-replicas"] < 1) {
    return `Invalid provisioner-replicas: ${c["provisioner-replicas"]}. Must be 1 or more`;
  }
  const ports = metricsPortProblem(c);
  if (ports !== undefined) return ports;

  const rbdTol = parseTolerations(c["ceph-rbd-tolerations"], false);
  if (!rbdTol.ok) return `Cannot adjust CephRBD Pods: Invalid tolerations: ${rbdTol.reason}`;
  const fsTol = parseTolerations(c["cephfs-tolerations"], true);
  if (!fsTol.ok) return `Cannot adjust CephFS Pods: Invalid tolerations: ${fsTol.reason}`;

  if (!(RECLAIM_POLICIES as readonly string[]).includes(c["default-reclaim-policy"])) {
    return `Invalid default-reclaim-policy '${c["default-reclaim-policy"]}', valid options are ['Delete', 'Retain']`;
  }
  for (const [opt, prefix] of [
    ["ceph-xfs-storage-class-parameters", "RBD"],
    ["ceph-ext4-storage-class-parameters", "RBD"],
    ["cephfs-storage-class-parameters", "CephFS"],
  ] as const) {
    const edits = parseParameterEdits(c[opt]);
    if (!edits.ok) return `${prefix} manifests failed to create storage classes: Invalid storage-class-parameter: ${edits.token} in ${opt}`;
  }
  if (!(CEPHFS_MOUNTERS as readonly string[]).includes(c["cephfs-mounter"])) {
    return `Invalid cephfs-mounter ${show(c["cephfs-mounter"])}: valid options are '', 'kernel' and 'fuse'`;
  }
  for (const [opt, allowed] of Object.entries(FORMATTER_PLACEHOLDERS) as [keyof typeof FORMATTER_PLACEHOLDERS, readonly Placeholder[]][]) {
    const value = c[opt];
    if (opt !== "default-storage" && value.trim() === "") {
      return `Invalid ${opt} ${show(value)}: must not be empty`;
    }
    const why = formatterProblem(value, allowed);
    if (why !== undefined) return `Invalid ${opt} ${show(value)}: ${why}`;
  }
  return undefined;
}

function metricsPortProblem(c: CharmConfig): string | undefined {
  const seen = new Map<number, string>();
  for (const opt of METRICS_PORT_OPTIONS) {
    const port = c[opt];
    if (port === -1) continue;
    if (port < 1024 || port > 65535) {
      return `Invalid metrics port: Invalid value for ${opt}: ${port}. Must be between 1024 and 65535`;
    }
    const other = seen.get(port);
    if (other !== undefined) return `Invalid metrics port: Value for ${opt}: ${port} conflicts with ${other}`;
    seen.set(port, opt);
  }
  return undefined;
}

export { LEGACY_CEPHFS_TOLERATIONS };
