/**
 * Workload status of a cluster whose pods never start ("pending" mode), as a v1.26 cluster
 * without nodes shows it: the apply answer carries the status as created (Deployment `{}`,
 * DaemonSet zero counters), then kube-controller-manager writes what it sees.
 */
import { createHash } from "node:crypto";
import { isObject, type JsonObject } from "./json.ts";
import type { KindInfo } from "./kinds.ts";

/** "ready": workloads report available replicas; "pending": they wait (see markWorkloadsReady). */
export type WorkloadMode = "ready" | "pending";

const DS_ZERO = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };

function isWorkload(k: KindInfo, kind: string): boolean {
  return k.group === "apps" && k.kind === kind;
}

/** The status a new Deployment or DaemonSet is stored with (before any controller). */
export function createdStatus(k: KindInfo): JsonObject | undefined {
  if (isWorkload(k, "Deployment")) return {};
  if (isWorkload(k, "DaemonSet")) return { ...DS_ZERO };
  return undefined;
}

/** The pod-template-hash alphabet (safe-encoded like the deployment controller's). */
const ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

export function templateHash(template: unknown): string {
  const digest = createHash("sha256").update(JSON.stringify(template ?? {})).digest();
  return [...digest.subarray(0, 10)].map((b) => ALPHABET[b % ALPHABET.length]).join("");
}

/** What the controllers write after seeing the object: status and (Deployments) the revision annotation. */
export function pendingStatus(k: KindInfo, o: JsonObject, now: string): { status: JsonObject; annotations?: JsonObject } | undefined {
  const m = isObject(o["metadata"]) ? o["metadata"] : {};
  const spec = isObject(o["spec"]) ? o["spec"] : {};
  const generation = m["generation"] ?? 1;
  if (isWorkload(k, "DaemonSet")) return { status: { ...DS_ZERO, observedGeneration: generation } };
  if (!isWorkload(k, "Deployment")) return undefined;
  const replicas = typeof spec["replicas"] === "number" ? spec["replicas"] : 1;
  const rs = `${String(m["name"])}-${templateHash(spec["template"])}`;
  const cond = (type: string, status: string, reason: string, message: string): JsonObject => ({
    type,
    status,
    lastUpdateTime: now,
    lastTransitionTime: now,
    reason,
    message,
  });
  const available = replicas === 0;
  return {
    annotations: { "deployment.kubernetes.io/revision": "1" },
    status: {
      observedGeneration: generation,
      ...(replicas > 0 ? { replicas, updatedReplicas: replicas, unavailableReplicas: replicas } : {}),
      conditions: [
        available
          ? cond("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
          : cond("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
        cond("Progressing", "True", "ReplicaSetUpdated", `ReplicaSet "${rs}" is progressing.`),
      ],
    },
  };
}
