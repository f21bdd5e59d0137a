/**
 * verify-storage, the pure part: the test claims it makes, what to read about each class, and the
 * report. A claim per StorageClass, labelled `juju.io/verify-storage=<app>` so a run that was cut
 * short is cleaned up by the next one.
 */
import { createHash } from "node:crypto";
import { type KubeObject, LABEL_MANIFEST } from "../manifests/types.ts";
import type { ActionResult } from "../juju/actions.ts";
import { redact } from "../redact.ts";

export const VERIFY_LABEL = "juju.io/verify-storage";

/**
 * A PVC name for `cls`, unique to this run and class: the class name shortened to 48 characters,
 * then a hash of class and run (two classes alike in their first 48 characters still differ).
 */
export function claimName(cls: string, run: string): string {
  const suffix = createHash("sha256").update(`${cls}\u0000${run}`).digest("hex").slice(0, 8);
  const base = `verify-${cls}`.replace(/[^a-z0-9.-]/g, "-").slice(0, 48).replace(/[.-]+$/, "");
  return `${base}-${suffix}`;
}

export function claimFor(sc: KubeObject, o: { app: string; namespace: string; run: string; size: string }): KubeObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: claimName(sc.metadata.name, o.run), namespace: o.namespace, labels: { [VERIFY_LABEL]: o.app } },
    spec: { accessModes: ["ReadWriteOnce"], storageClassName: sc.metadata.name, resources: { requests: { storage: o.size } } },
  };
}

/** The Deployment and DaemonSet serving a StorageClass: its manifest's workloads. */
export function workloadsOf(sc: KubeObject, desired: readonly KubeObject[]): KubeObject[] {
  const manifest = sc.metadata.labels?.[LABEL_MANIFEST];
  return desired.filter((o) => (o.kind === "Deployment" || o.kind === "DaemonSet") && o.metadata.labels?.[LABEL_MANIFEST] === manifest);
}

/** The keys of the report itself, and the ones Juju keeps for itself: never a class's key. */
export const REPORT_KEYS: ReadonlySet<string> = new Set(["namespace", "summary", "removed", "claims-left", "stdout", "stdout-encoding", "stderr", "stderr-encoding"]);

/** A result key for a class (Juju keys: lower-case letters, digits and '-'; '.' would nest). */
export function resultKey(cls: string): string {
  return cls.toLowerCase().replace(/[^a-z0-9-]/g, "-");
}

/**
 * A distinct result key per class: the class's own key when it is free, else that key with a
 * hash of the class name (`a.b` and `a-b`, a class named `summary`).
 */
export function resultKeys(classes: readonly string[]): Map<string, string> {
  const used = new Set(REPORT_KEYS);
  const out = new Map<string, string>();
  for (const cls of classes) {
    const base = resultKey(cls);
    let key = base;
    const hash = createHash("sha256").update(cls).digest("hex");
    for (let n = 0; used.has(key) || key === ""; n++) key = `${base}-${hash.slice(0, 6)}${n === 0 ? "" : `-${n}`}`.replace(/^-+/, "");
    used.add(key);
    out.set(cls, key);
  }
  return out;
}

export interface ClassReport {
  cls: string;
  bound: boolean;
  volume?: string;
  seconds?: number;
  /** Why it could not be tried (the class is not in the cluster), or the claim's events. */
  detail?: string;
  workloads: string;
  note?: string;
}

export function reportResult(
  reports: readonly ClassReport[],
  o: { namespace: string; timeout: number; removed?: readonly string[] },
): { results: ActionResult; failure?: string } {
  const results: ActionResult = { namespace: o.namespace };
  const keys = resultKeys(reports.map((r) => r.cls));
  for (const r of reports) {
    const entry: ActionResult = { class: r.cls, bound: String(r.bound), workloads: redact(r.workloads) };
    if (r.volume !== undefined) entry["volume"] = r.volume;
    if (r.seconds !== undefined) entry["seconds"] = r.seconds.toFixed(1);
    if (r.detail !== undefined) entry["events"] = redact(r.detail);
    if (r.note !== undefined) entry["note"] = r.note;
    results[keys.get(r.cls) as string] = entry;
  }
  if (o.removed !== undefined && o.removed.length > 0) results["removed"] = `claims an earlier run left: ${o.removed.join(", ")}`;
  const bad = reports.filter((r) => !r.bound);
  results["summary"] = `${reports.length - bad.length} of ${reports.length} StorageClasses bound a claim`;
  if (bad.length === 0) return { results };
  return { results, failure: `${bad.length} of ${reports.length} StorageClasses did not bind a claim within ${o.timeout}s: ${bad.map((r) => r.cls).join(", ")}` };
}

/** A temporary object the run could not delete, and why. */
export interface LeftObject {
  kind: string;
  namespace?: string;
  name: string;
  reason: string;
}

const where = (o: LeftObject) => (o.namespace !== undefined ? `${o.namespace}/${o.name}` : o.name);

/**
 * What a run says when temporary objects (verify-storage's claims) are still there at its end:
 * the WARNING line, and for an action the failure and the `claims-left` result.
 */
export function leftText(left: readonly LeftObject[]): string {
  const list = left.map((o) => `${o.kind} ${where(o)} (${o.reason})`).join(", ");
  const commands = left.map((o) => `kubectl delete ${o.kind.toLowerCase()}${o.namespace !== undefined ? ` -n ${o.namespace}` : ""} ${o.name}`).join("; ");
  return redact(`Could not delete ${left.length === 1 ? "a temporary object" : `${left.length} temporary objects`}: ${list}. Delete ${left.length === 1 ? "it" : "them"} with: ${commands}`);
}

/** The claims left, as `namespace/name (reason)`, for the `claims-left` result. */
export function leftList(left: readonly LeftObject[]): string {
  return redact(left.map((o) => `${where(o)} (${o.reason})`).join(", "));
}

/** The events of a claim, newest last, as one line each ("Warning ProvisioningFailed: …"). */
export function eventLines(events: readonly KubeObject[]): string {
  const lines = events
    .map((e) => ({ t: String(e["lastTimestamp"] ?? e["eventTime"] ?? ""), line: `${String(e["type"] ?? "")} ${String(e["reason"] ?? "")}: ${String(e["message"] ?? "")}`.trim() }))
    .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0))
    .map((x) => x.line);
  return lines.length === 0 ? "no events" : [...new Set(lines)].join("; ");
}

