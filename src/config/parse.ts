/**
 * Config parsing, done once per hook: raw option values (config-get or a YAML file) → a
 * ParsedConfig (every option typed and defaulted, tolerations and parameter edits parsed), or
 * the first problem, a blocked message naming the option and its value. Rendering takes the
 * parsed form and never parses an option again.
 */
import { listReleases } from "../manifests/releases/index.ts";
import { err, ok, type Result } from "../result.ts";
import { type Problem, problem } from "../status/problem.ts";
import { formatterProblem, type Placeholder } from "./formatter.ts";
import { type CharmConfig, OPTIONS, type OptionName } from "./options.ts";
import { type ParameterEdit, parseParameterEdits } from "./parameter-edits.ts";
import { validateSchema } from "./schema.ts";
import { type PodTolerations, parseTolerations } from "./tolerations.ts";

export interface ParsedConfig {
  /** Every option, typed, unset ones at their default. */
  options: CharmConfig;
  tolerations: { rbd: PodTolerations; cephfs: PodTolerations };
  parameterEdits: { xfs: ParameterEdit[]; ext4: ParameterEdit[]; cephfs: ParameterEdit[] };
}

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
  "rbd-snapshot-class-name-formatter": ["app", "namespace", "name"],
  "cephfs-snapshot-class-name-formatter": ["app", "namespace", "name"],
  "default-snapshot-class": ["app", "namespace", "name"],
} as const satisfies Partial<Record<OptionName, readonly Placeholder[]>>;

export const RECLAIM_POLICIES = ["Delete", "Retain"] as const;
export const CEPHFS_MOUNTERS = ["", "kernel", "fuse"] as const;

/** The parameter-edit options, the edits they feed, and the manifest named in their message. */
const PARAMETER_OPTIONS = [
  ["ceph-xfs-storage-class-parameters", "xfs", "RBD"],
  ["ceph-ext4-storage-class-parameters", "ext4", "RBD"],
  ["cephfs-storage-class-parameters", "cephfs", "CephFS"],
] as const;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/**
 * A registry as image references name it (distribution/reference): domain components joined by
 * '.', an optional port, then path components; no scheme, tag or digest.
 */
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const REGISTRY = new RegExp(`^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::([0-9]+))?(?:/${PATH_COMPONENT})*$`);

function isRegistry(value: string): boolean {
  const m = REGISTRY.exec(value);
  if (!m) return false;
  const port = m[1] === undefined ? undefined : Number(m[1]);
  return port === undefined || (port >= 1 && port <= 65535);
}

/** A value as an operator would recognise it in a message. */
function show(v: unknown): string {
  return typeof v === "string" ? `'${v}'` : (JSON.stringify(v) ?? String(v));
}

const TYPE_WORD = { string: "a string", int: "an integer", boolean: "a boolean (true or false)", secret: "a secret URI" } as const;

export function parseConfig(raw: Readonly<Record<string, unknown>>): Result<ParsedConfig> {
  // Unset (null or missing) takes the default.
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== null && v !== undefined) data[k] = v;

  const errors = validateSchema(data);
  const first = errors[0];
  if (first !== undefined) {
    if (first.keyword === "additionalProperties") {
      return err(problem("unknownOption", { name: String(first.params["additionalProperty"]) }));
    }
    const name = first.instancePath.replace(/^\//, "") as OptionName;
    const spec = OPTIONS[name];
    return err(problem("invalidType", { option: name, value: show(data[name]), type: spec ? TYPE_WORD[spec.type] : String(first.message) }));
  }
  const options = data as CharmConfig;
  const simple = simpleProblem(options);
  if (simple !== undefined) return err(simple);

  const rbd = parseTolerations(options["ceph-rbd-tolerations"], false);
  if (!rbd.ok) return err(problem("invalidTolerations", { pods: "CephRBD", reason: rbd.error }));
  const cephfs = parseTolerations(options["cephfs-tolerations"], true);
  if (!cephfs.ok) return err(problem("invalidTolerations", { pods: "CephFS", reason: cephfs.error }));

  if (!(RECLAIM_POLICIES as readonly string[]).includes(options["default-reclaim-policy"])) {
    return err(problem("invalidReclaim", { value: options["default-reclaim-policy"] }));
  }
  const parameterEdits = { xfs: [] as ParameterEdit[], ext4: [] as ParameterEdit[], cephfs: [] as ParameterEdit[] };
  for (const [option, target, driver] of PARAMETER_OPTIONS) {
    const edits = parseParameterEdits(options[option]);
    if (!edits.ok) return err(problem("invalidParameter", { driver, token: edits.error, option }));
    parameterEdits[target] = edits.value;
  }
  const later = formatterAndMounterProblem(options);
  if (later !== undefined) return err(later);
  return ok({ options, tolerations: { rbd: rbd.value, cephfs: cephfs.value }, parameterEdits });
}

function invalid(option: OptionName, value: unknown, why: string): Problem {
  return problem("invalidOption", { option, value: String(value), why });
}

/** Checks of single values, in the order operators met them in the Python charm. */
function simpleProblem(c: CharmConfig): Problem | undefined {
  const releases = listReleases();
  if (!releases.includes(c.release)) return invalid("release", c.release, `supported releases are ${releases.join(", ")}`);
  if (c.namespace !== "" && (c.namespace.length > 63 || !DNS1123_LABEL.test(c.namespace))) {
    return invalid("namespace", c.namespace, "must be a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters)");
  }
  if (c["image-registry"] !== "" && !isRegistry(c["image-registry"])) {
    return invalid(
      "image-registry",
      c["image-registry"],
      "expected a registry host with an optional path, e.g. registry.example.com/mirror (no scheme, tag or trailing '/')",
    );
  }
  if (c["provisioner-replicas"] < 1) return invalid("provisioner-replicas", c["provisioner-replicas"], "must be 1 or more");
  if (c["ceph-external"].trim() !== "" && !/^secret:\S+$/.test(c["ceph-external"].trim())) {
    return invalid("ceph-external", c["ceph-external"], "expected a Juju secret URI (secret:<id>)");
  }
  return metricsPortProblem(c);
}

function formatterAndMounterProblem(c: CharmConfig): Problem | undefined {
  if (!(RECLAIM_POLICIES as readonly string[]).includes(c["snapshot-deletion-policy"])) {
    return invalid("snapshot-deletion-policy", c["snapshot-deletion-policy"], "valid options are 'Delete' and 'Retain'");
  }
  if (!(CEPHFS_MOUNTERS as readonly string[]).includes(c["cephfs-mounter"])) {
    return invalid("cephfs-mounter", c["cephfs-mounter"], "valid options are '', 'kernel' and 'fuse'");
  }
  for (const [opt, allowed] of Object.entries(FORMATTER_PLACEHOLDERS) as [keyof typeof FORMATTER_PLACEHOLDERS, readonly Placeholder[]][]) {
    const value = c[opt];
    if (opt !== "default-storage" && opt !== "default-snapshot-class" && value.trim() === "") return invalid(opt, value, "must not be empty");
    const why = formatterProblem(value, allowed);
    if (why !== undefined) return invalid(opt, value, why);
  }
  return undefined;
}

function metricsPortProblem(c: CharmConfig): Problem | undefined {
  const seen = new Map<number, string>();
  for (const opt of METRICS_PORT_OPTIONS) {
    const port = c[opt];
    if (port === -1) continue;
    if (port < 1024 || port > 65535) return problem("invalidMetricsPort", { option: opt, value: port });
    const other = seen.get(port);
    if (other !== undefined) return problem("conflictingMetricsPort", { option: opt, value: port, other });
    seen.set(port, opt);
  }
  return undefined;
}
