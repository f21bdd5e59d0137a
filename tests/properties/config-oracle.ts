/**
 * What each option accepts, stated again from config.yaml's descriptions, Kubernetes' naming
 * rules, the container image reference grammar (distribution/reference) and the upstream release
 * list in ../shared/reference — never from the charm's own parser. The property tests hold the
 * charm's decision against it.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const CONFIG_YAML = parse(readFileSync(join(ROOT, "config.yaml"), "utf8")) as { options: Record<string, { type: string; default: unknown }> };
export const RELEASES: readonly string[] = Object.keys(
  (JSON.parse(readFileSync(join(ROOT, "../shared/reference/ceph-csi-releases.json"), "utf8")) as { releases: Record<string, unknown> }).releases,
);

export type Config = Record<string, string | number | boolean>;

/** What config-get gives with nothing set: every option that has a default (ceph-external has none). */
export function defaults(): Config {
  return Object.fromEntries(
    Object.entries(CONFIG_YAML.options)
      .filter(([, v]) => v.default !== undefined && v.default !== null)
      .map(([k, v]) => [k, v.default as string | number | boolean]),
  );
}

export const OPTION_TYPES: Record<string, string> = Object.fromEntries(Object.entries(CONFIG_YAML.options).map(([k, v]) => [k, v.type]));

// Kubernetes names (k8s.io/apimachinery validation).
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const isDnsLabel = (s: string) => s.length <= 63 && DNS_LABEL.test(s);
const isDnsSubdomain = (s: string, max = 253) => s.length > 0 && s.length <= max && s.split(".").every((p) => DNS_LABEL.test(p));
const isPathSegment = (s: string) => s !== "" && s !== "." && s !== ".." && !/[/%]/.test(s);
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const isLabelValue = (s: string) => s.length <= 63 && LABEL_VALUE.test(s);
/** A qualified name: [prefix/]name, prefix a DNS subdomain, name ≤ 63 alphanumerics with -_. inside. */
function isQualifiedName(s: string): boolean {
  const parts = s.split("/");
  if (parts.length > 2) return false;
  const name = parts.at(-1) as string;
  if (parts.length === 2 && !isDnsSubdomain(parts[0] as string)) return false;
  return name.length > 0 && name.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name);
}

// Image references (distribution/reference): domain[:port] then path components.
const DOMAIN_COMPONENT = /^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const PATH_COMPONENT = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/;
function isRegistry(s: string): boolean {
  const [host, ...path] = s.split("/");
  if (host === undefined) return false;
  const m = /^([^:]+)(?::([0-9]+))?$/.exec(host);
  if (!m) return false;
  const [, domain, port] = m;
  if (!(domain as string).split(".").every((c) => DOMAIN_COMPONENT.test(c))) return false;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return false;
  return path.every((p) => PATH_COMPONENT.test(p));
}

/** `key=value,Operator[,Effect]` tokens (Kubernetes toleration rules), or the CephFS legacy value. */
function isTolerations(s: string, legacyAllowed: boolean): boolean {
  if (legacyAllowed && s.trim() === "$csi-cephfsplugin-legacy$") return true;
  return s
    .split(/\s+/)
    .filter((t) => t !== "")
    .every((t) => {
      const parts = t.split(",");
      if (parts.length < 2 || parts.length > 3) return false;
      const [kv, op, effect = ""] = parts as [string, string, string?];
      const eq = kv.indexOf("=");
      if (eq < 0) return false;
      const key = kv.slice(0, eq);
      const value = kv.slice(eq + 1);
      if (!["Exists", "Equal"].includes(op)) return false;
      if (!["", "NoSchedule", "PreferNoSchedule", "NoExecute"].includes(effect)) return false;
      if (key !== "" && !isQualifiedName(key)) return false;
      if (op === "Exists") return value === "";
      return key !== "" && isLabelValue(value);
    });
}

/** `key=value` (non-empty key) or `key-` tokens. */
function isParameterEdits(s: string): boolean {
  return s
    .split(/\s+/)
    .filter((t) => t !== "")
    .every((t) => (t.indexOf("=") > 0 ? true : t.indexOf("=") < 0 && t.length > 1 && t.endsWith("-")));
}

const PLACEHOLDERS: Record<string, readonly string[]> = {
  "default-storage": ["app", "namespace", "name", "pool", "pool-id"],
  "cephfs-storage-class-name-formatter": ["app", "namespace", "name", "pool", "pool-id"],
  "ceph-xfs-storage-class-name-formatter": ["app", "namespace"],
  "ceph-ext4-storage-class-name-formatter": ["app", "namespace"],
  "csidriver-name-formatter": ["name", "app", "namespace"],
  "ceph-rbac-name-formatter": ["name", "app", "namespace"],
  "rbd-snapshot-class-name-formatter": ["app", "namespace", "name"],
  "cephfs-snapshot-class-name-formatter": ["app", "namespace", "name"],
  "default-snapshot-class": ["app", "namespace", "name"],
};
/** Options that may be empty (they then mark no default). */
const MAY_BE_EMPTY = new Set(["default-storage", "default-snapshot-class"]);

/** Fills a formatter, or undefined when it has a stray brace or a placeholder it may not use. */
function fill(template: string, allowed: readonly string[], values: Record<string, string>): string | undefined {
  let out = "";
  let i = 0;
  while (i < template.length) {
    const c = template[i] as string;
    if (c === "}") return undefined;
    if (c !== "{") {
      out += c;
      i++;
      continue;
    }
    const end = template.indexOf("}", i);
    if (end < 0) return undefined;
    const name = template.slice(i + 1, end);
    if (name.includes("{") || !allowed.includes(name)) return undefined;
    out += values[name] ?? "";
    i = end + 1;
  }
  return out;
}

/** The cluster the property tests render against: one filesystem, one data pool. */
export const FILESYSTEM = { name: "ceph-fs", pool: "ceph-fs-data", poolId: 3 };

export type Verdict = { valid: true } | { valid: false; options: string[] };

const bad = (...options: string[]): Verdict => ({ valid: false, options });

/** Is this whole configuration usable for application `app`? When not, the options at fault. */
export function verdict(c: Config, app: string): Verdict {
  const str = (k: string) => c[k] as string;
  const int = (k: string) => c[k] as number;
  if (!RELEASES.includes(str("release"))) return bad("release");
  if (str("namespace") !== "" && !isDnsLabel(str("namespace"))) return bad("namespace");
  if (str("image-registry") !== "" && !isRegistry(str("image-registry"))) return bad("image-registry");
  if (int("provisioner-replicas") < 1) return bad("provisioner-replicas");
  // A Juju secret URI (config-get gives secret options as `secret:<id>`), or nothing.
  if ((c["ceph-external"] === undefined ? "" : str("ceph-external")).trim() !== "" && !/^secret:\S+$/.test(str("ceph-external").trim())) return bad("ceph-external");
  const ports = ["metrics-port-cephfsplugin", "metrics-port-cephfsplugin-provisioner", "metrics-port-rbdplugin", "metrics-port-rbdplugin-provisioner"];
  for (const p of ports) if (int(p) !== -1 && (int(p) < 1024 || int(p) > 65535)) return bad(p);
  for (const p of ports) {
    const same = ports.filter((q) => int(q) !== -1 && int(q) === int(p));
    if (same.length > 1) return bad(...same);
  }
  if (!isTolerations(str("ceph-rbd-tolerations"), false)) return bad("ceph-rbd-tolerations");
  if (!isTolerations(str("cephfs-tolerations"), true)) return bad("cephfs-tolerations");
  if (!["Delete", "Retain"].includes(str("default-reclaim-policy"))) return bad("default-reclaim-policy");
  if (!["Delete", "Retain"].includes(str("snapshot-deletion-policy"))) return bad("snapshot-deletion-policy");
  for (const p of ["ceph-xfs-storage-class-parameters", "ceph-ext4-storage-class-parameters", "cephfs-storage-class-parameters"]) {
    if (!isParameterEdits(str(p))) return bad(p);
  }
  if (!["", "kernel", "fuse"].includes(str("cephfs-mounter"))) return bad("cephfs-mounter");
  const ns = str("namespace") === "" ? "default" : str("namespace");
  for (const [opt, allowed] of Object.entries(PLACEHOLDERS)) {
    if (!MAY_BE_EMPTY.has(opt) && str(opt).trim() === "") return bad(opt);
    if (fill(str(opt), allowed, {}) === undefined) return bad(opt);
  }
  if (!c["ceph-rbd-enable"] && !c["cephfs-enable"]) return bad("ceph-rbd-enable", "cephfs-enable");
  for (const driver of ["rbd.csi.ceph.com", "cephfs.csi.ceph.com"]) {
    const name = fill(str("csidriver-name-formatter"), PLACEHOLDERS["csidriver-name-formatter"] as string[], { name: driver, app, namespace: ns }) as string;
    if (!isDnsSubdomain(name, 63)) return bad("csidriver-name-formatter");
  }
  const rbac = fill(str("ceph-rbac-name-formatter"), PLACEHOLDERS["ceph-rbac-name-formatter"] as string[], { name: "rbd-csi-nodeplugin", app, namespace: ns }) as string;
  if (!isPathSegment(rbac)) return bad("ceph-rbac-name-formatter");
  // The classes, their names, and which one is the default.
  const classes: { option: string; name: string; values: Record<string, string> }[] = [];
  if (c["ceph-rbd-enable"]) {
    for (const [fs, pool] of [
      ["xfs", "xfs-pool"],
      ["ext4", "ext4-pool"],
    ] as const) {
      const option = `ceph-${fs}-storage-class-name-formatter`;
      const values = { app, namespace: ns, pool };
      classes.push({ option, name: fill(str(option), PLACEHOLDERS[option] as string[], values) as string, values });
    }
  }
  if (c["cephfs-enable"]) {
    const option = "cephfs-storage-class-name-formatter";
    const values = { app, namespace: ns, name: FILESYSTEM.name, pool: FILESYSTEM.pool, "pool-id": String(FILESYSTEM.poolId) };
    classes.push({ option, name: fill(str(option), PLACEHOLDERS[option] as string[], values) as string, values });
  }
  for (const k of classes) if (!isDnsSubdomain(k.name)) return bad(k.option);
  for (const k of classes) {
    const other = classes.find((o) => o !== k && o.name === k.name);
    if (other) return bad(k.option, other.option);
  }
  if (str("default-storage") !== "") {
    const defaults = classes.filter((k) => fill(str("default-storage"), PLACEHOLDERS["default-storage"] as string[], k.values) === k.name);
    if (defaults.length > 1) return bad("default-storage");
  }
  // The VolumeSnapshotClasses (rendered whether or not the cluster serves the snapshot API):
  // RBD's {name} is its driver's name, a CephFS class's the filesystem's; Kubernetes takes one
  // default per driver.
  const driverName = (name: string) => fill(str("csidriver-name-formatter"), PLACEHOLDERS["csidriver-name-formatter"] as string[], { name, app, namespace: ns }) as string;
  const snaps: { option: string; driver: string; name: string; values: Record<string, string> }[] = [];
  const snapshotClass = (option: string, driver: string, name: string) => {
    const values = { app, namespace: ns, name };
    snaps.push({ option, driver, name: fill(str(option), PLACEHOLDERS[option] as string[], values) as string, values });
  };
  if (c["ceph-rbd-enable"]) snapshotClass("rbd-snapshot-class-name-formatter", driverName("rbd.csi.ceph.com"), driverName("rbd.csi.ceph.com"));
  if (c["cephfs-enable"]) snapshotClass("cephfs-snapshot-class-name-formatter", driverName("cephfs.csi.ceph.com"), FILESYSTEM.name);
  for (const k of snaps) if (!isDnsSubdomain(k.name)) return bad(k.option);
  for (const k of snaps) {
    const other = snaps.find((o) => o !== k && o.name === k.name);
    if (other) return bad(k.option, other.option);
  }
  if (str("default-snapshot-class") !== "") {
    for (const k of snaps) {
      const same = snaps.filter((o) => o.driver === k.driver && fill(str("default-snapshot-class"), PLACEHOLDERS["default-snapshot-class"] as string[], o.values) === o.name);
      if (same.length > 1) return bad("default-snapshot-class");
    }
  }
  return { valid: true };
}

