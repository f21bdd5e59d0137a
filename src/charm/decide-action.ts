/**
 * The decision of an action: like a hook's, pure, run again with each answer. Actions compute
 * the desired objects read-only: no relation data, no stored state, nothing created in Ceph, the
 * conf in a temporary directory. Only the leader may run the actions that write to Kubernetes.
 */

import { listVersions } from "../actions/list-versions.ts";
import {
  analysisResult,
  analyzeManifests,
  opTargets,
  parseFilter,
  type ResourceFilter,
  scrubOps,
  syncOps,
} from "../actions/resources.ts";
import { liveState, readRequest } from "../converge/live.ts";
import type { KubeFailure } from "../converge/ops.ts";
import type { ActionResult } from "../juju/actions.ts";
import { UPSTREAM_KUBELET_DIR } from "../manifests/patches.ts";
import { type KubeObject, LABEL_APP } from "../manifests/types.ts";
import { decideStatus } from "../status/decide.ts";
import { message } from "../status/problem.ts";
import { cephModel } from "./ceph-model.ts";
import { Draft } from "./draft.ts";
import { LEADER_ACTIONS } from "./events.ts";
import { parsedConfig, rendered as renderedFor } from "./memo.ts";
import type { Observation } from "./observation.ts";
import type { Plan } from "./plan.ts";
import { cephSource } from "./source.ts";

type Step = "pending" | { failure: string } | { results: ActionResult };

function finish(d: Draft, outcome: Step): Plan {
  if (outcome === "pending") return { done: false, steps: d.steps };
  d.effects.action = outcome;
  return { done: true, effects: d.effects };
}

export function decideAction(obs: Observation): Plan {
  const d = new Draft(obs);
  return finish(d, act(d));
}

function act(d: Draft): Step {
  const { event, params = {} } = d.obs;
  if (event.name === "list-versions") return { results: listVersions() };
  if (LEADER_ACTIONS.has(event.name) && !d.obs.leader) return { failure: "Run this action on the leader unit" };
  let filter: ResourceFilter | undefined;
  if (event.name !== "delete-storage-class") {
    const f = parseFilter(params);
    if (!f.ok) return { failure: f.error };
    filter = f.value;
  }
  const desired = desiredObjects(d);
  if (desired === "pending") return "pending";
  if ("failure" in desired) return desired;
  if (d.obs.answers.kube.unconfigured) return { failure: message("kubeconfig").text };
  if (filter === undefined) return deleteStorageClass(d, String(params["name"] ?? ""), desired.objects);
  return resources(d, event.name, filter, desired.objects, desired.namespace);
}

/** The objects a hook would apply now, computed without writing anything. */
function desiredObjects(d: Draft): "pending" | { failure: string } | { objects: KubeObject[]; namespace: string } {
  const parsed = parsedConfig(d.obs.config);
  if (!parsed.ok) d.problems.push(parsed.error);
  const source = cephSource(d, { write: false });
  if (parsed.ok && source.access !== undefined && d.problems.length === 0) {
    const config = parsed.value;
    const cluster = cephModel(d, source.access, { cephfs: config.options["cephfs-enable"], write: false, scope: "temporary" });
    if (d.steps.length > 0) return "pending";
    if (cluster !== undefined) {
      const dir = d.obs.relations["kubernetes-info"].map((r) => r.app["kubelet-root-dir"]).find((v) => v !== undefined && v !== "");
      const rendered = renderedFor(d.obs.config, d.obs.event.appName, config, cluster, dir ?? UPSTREAM_KUBELET_DIR);
      if (rendered.ok) return { objects: rendered.value.objects, namespace: config.options.namespace };
      d.problems.push(rendered.error);
    }
  }
  return { failure: `Cannot compute the desired objects: ${decideStatus(d.problems).message}` };
}

function apiFailure(verb: string, f: KubeFailure): { failure: string } {
  return { failure: `Failed to ${verb}: ${message("kubeApi", { reason: f.message }).text}` };
}

function deleteStorageClass(d: Draft, target: string, desired: readonly KubeObject[]): Step {
  const managed = desired.filter((o) => o.kind === "StorageClass").map((o) => o.metadata.name);
  if (!managed.includes(target)) return { failure: `Invalid storage class name '${target}'. Must be one of: ${managed.join(", ")}` };
  const app = d.obs.event.appName;
  const ref = { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", name: target };
  const got = d.obs.answers.kube.gets[0];
  if (got === undefined) {
    d.need({ kind: "kube-get", refs: [ref] });
    return "pending";
  }
  if (!got.ok) return apiFailure("delete storage class", got.failure);
  const live = got.value.objects[0];
  if (live === undefined) return { failure: `Failed to delete storage class: StorageClass ${target} not found` };
  const owner = live.metadata.labels?.[LABEL_APP];
  if (owner !== app) {
    return { failure: `Failed to delete storage class: StorageClass ${target} is not managed by ${app}${owner ? ` (it belongs to ${owner})` : ""}` };
  }
  const write = d.obs.answers.kube.writes[0];
  if (write === undefined) {
    d.need({ kind: "kube-write", ops: [{ op: "delete", ref, verb: "deleted" }] });
    return "pending";
  }
  if (write.failure !== undefined) return apiFailure("delete storage class", write.failure);
  return { results: { result: `Successfully deleted StorageClass/${target}` } };
}

const VERBS: Record<string, string> = { "list-resources": "list resources", "scrub-resources": "scrub extra resources", "sync-resources": "sync missing resources" };

function resources(d: Draft, name: string, filter: ResourceFilter, desired: readonly KubeObject[], namespace: string): Step {
  const app = d.obs.event.appName;
  const verb = VERBS[name] ?? name;
  const k = d.obs.answers.kube;
  const request = readRequest(app, desired, namespace || "default");
  const first = k.reads[0];
  if (first === undefined) {
    d.need({ kind: "kube-read", request });
    return "pending";
  }
  if (!first.ok) return apiFailure(verb, first.failure);
  const o = { app, namespace: namespace || "default", filter };
  // Kinds the cluster does not serve (the snapshot API) are neither missing nor to be synced.
  const served = desired.filter((x) => !liveState(first.value).absent.has(x.kind));
  const analyses = analyzeManifests(served, liveState(first.value), o);
  if (name === "list-resources") return { results: analysisResult(analyses) };
  const ops = name === "scrub-resources" ? scrubOps(analyses, liveState(first.value)) : syncOps(served, analyses, namespace);
  const write = k.writes[0];
  if (ops.length > 0 && write === undefined) {
    d.need({ kind: "kube-write", ops });
    return "pending";
  }
  if (write?.failure !== undefined) return apiFailure(verb, write.failure);
  const again = k.reads[1];
  if (ops.length > 0 && again === undefined) {
    d.need({ kind: "kube-read", request });
    return "pending";
  }
  if (again !== undefined && !again.ok) return apiFailure(verb, again.failure);
  const after = again === undefined ? analyses : analyzeManifests(served, liveState(again.value), o);
  const done = opTargets(ops).join("\n") || "nothing";
  return { results: { ...analysisResult(after), [name === "scrub-resources" ? "deleted" : "synced"]: done } };
}
