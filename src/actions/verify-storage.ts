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

/** A PVC name for `cls`, unique to this run. */
export function claimName(cls: string, run: string): string {
  const suffix = createHash("sha256").update(run).digest("hex").slice(0, 8);
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

/** A result key for a class (Juju keys: lower-case letters, digits and '-'). */
export function resultKey(cls: string): string {
  return cls.toLowerCase().replace(/[^a-z0-9-]/g, "-");
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

export function reportResult(reports: readonly ClassReport[], o: { namespace: string; timeout: number }): { results: ActionResult; failure?: string } {
  const results: ActionResult = { namespace: o.namespace };
  for (const r of reports) {
    const entry: ActionResult = { class: r.cls, bound: String(r.bound), workloads: redact(r.workloads) };
    if (r.volume !== undefined) entry["volume"] = r.volume;
    if (r.seconds !== undefined) entry["seconds"] = r.seconds.toFixed(1);
    if (r.detail !== undefined) entry["events"] = redact(r.detail);
    if (r.note !== undefined) entry["note"] = r.note;
    results[resultKey(r.cls)] = entry;
  }
  const bad = reports.filter((r) => !r.bound);
  results["summary"] = `${reports.length - bad.length} of ${reports.length} StorageClasses bound a claim`;
  if (bad.length === 0) return { results };
  return { results, failure: `${bad.length} of ${reports.length} StorageClasses did not bind a claim within ${o.timeout}s: ${bad.map((r) => r.cls).join(", ")}` };
}

/** The events of a claim, newest last, as one line each ("Warning ProvisioningFailed: …"). */
export function eventLines(events: readonly KubeObject[]): string {
  const lines = events
    .map((e) => ({ t: String(e["lastTimestamp"] ?? e["eventTime"] ?? ""), line: `${String(e["type"] ?? "")} ${String(e["reason"] ?? "")}: ${String(e["message"] ?? "")}`.trim() }))
    .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0))
    .map((x) => x.line);
  return lines.length === 0 ? "no events" : [...new Set(lines)].join("; ");
}

