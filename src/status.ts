/**
 * The one place that turns what a hook found into the unit status. Every message the charm can
 * show is listed in MESSAGES (the README documents each one; a test checks that).
 */
import type { Problem } from "./manifests/types.ts";

export type StatusName = "active" | "blocked" | "waiting" | "maintenance";

export interface UnitStatus {
  status: StatusName;
  message: string;
}

/** Fixed texts and the shapes of the variable ones (`<...>` marks a variable part). */
export const MESSAGES = {
  ready: "Ready",
  missingClient: "Missing relation: ceph-client",
  multipleClients: "Multiple ceph-client relations",
  missingData: "Ceph relation is missing data.",
  brokerPending: "Waiting for ceph-mon to process the broker request",
  brokerFailed: "Broker request failed: <reason>",
  aptFailed: "Failed to install ceph apt packages.",
  installing: "Ensuring ceph-common package",
  kubeconfig: "Waiting for kubeconfig",
  kubeApi: "Waiting for Kubernetes API: <reason>",
  missingNamespace: "Missing namespace '<namespace>'",
  collisions: "<N> Kubernetes resource collisions (action: list-resources)",
  namespaceFrozen: "Namespace cannot be changed after deployment",
  drivernameFrozen: "csidriver-name-formatter cannot be changed after deployment",
  deploying: "Deploying CephCSI",
  removing: "Removing Kubernetes resources",
  notLeaderWaiting: "Waiting for the leader to deploy Ceph CSI",
  neitherEnabled: "Neither ceph-rbd nor cephfs is enabled.",
  cephCommand: "<command> failed: <reason>",
  notAvailable: "<Kind>/<namespace>/<name> is not available: <detail>",
} as const;

const SEVERITY: Record<Problem["status"], number> = { blocked: 2, waiting: 1 };

/** First blocked problem wins over any waiting one; no problem → active "Ready" (+ warnings). */
export function decideStatus(problems: readonly Problem[], warnings: readonly string[] = []): UnitStatus {
  let worst: Problem | undefined;
  for (const p of problems) {
    if (!worst || SEVERITY[p.status] > SEVERITY[worst.status]) worst = p;
  }
  if (worst) return { status: worst.status, message: worst.message };
  const suffix = warnings.map((w) => ` (${w})`).join("");
  return { status: "active", message: `${MESSAGES.ready}${suffix}` };
}

/** Status messages are one line, bounded, and never carry anything that looks like a cephx key. */
export function sanitizeMessage(message: string, max = 240): string {
  const line = (message.split("\n")[0] ?? "").replace(/AQ[A-Za-z0-9+/]{30,}={0,2}/g, "<redacted>");
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
