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
import { type ClassReport, claimFor, eventLines, reportResult, VERIFY_LABEL, workloadsOf } from "../actions/verify-storage.ts";
import type { Analysis } from "../converge/analyze.ts";
import { answerPrint, parseView, type ServerView } from "../converge/answered.ts";
import { liveState, readRequest } from "../converge/live.ts";
import { type DryRunResult, desiredAsSent, movedDeployment } from "../converge/plan.ts";
import type { KubeFailure, KubeOp, WaitAnswer } from "../converge/ops.ts";
import { normalized } from "../converge/normalize.ts";
import { readiness } from "../converge/readiness.ts";
import { keyOf, refOf } from "../converge/refs.ts";
import type { ActionResult } from "../juju/actions.ts";
import { type KubeObject, LABEL_APP, type ManifestName } from "../manifests/types.ts";
import { decideStatus } from "../status/decide.ts";
import { message } from "../status/problem.ts";
import { cephModel } from "./ceph-model.ts";
import { Draft } from "./draft.ts";
import { LEADER_ACTIONS } from "./events.ts";
import { parsedConfig, rendered as renderedFor } from "./memo.ts";
import { kubeletDir, type Observation } from "./observation.ts";
import type { Plan } from "./plan.ts";
import { type FixedNames, fixedNames, fixedNamesProblem } from "./fixed-names.ts";
import { cephSource } from "./source.ts";
import { takeDryRuns } from "./kube-step.ts";
import { KEYS } from "./stored.ts";

type Step = "pending" | { failure: string } | { results: ActionResult; failure?: string };

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
  if (RESOURCE_ACTIONS.has(event.name)) {
    const f = parseFilter(params);
    if (!f.ok) return { failure: f.error };
    filter = f.value;
  }
  const desired = desiredObjects(d);
  if (desired === "pending") return "pending";
  if ("failure" in desired) return desired;
  if (d.obs.answers.kube.unconfigured) return { failure: message("kubeconfig").text };
  if (filter !== undefined) return resources(d, event.name, filter, desired.objects, desired.namespace);
  if (event.name === "verify-storage") return verifyStorage(d, params, desired.objects, desired.namespace);
  return deleteStorageClass(d, String(params["name"] ?? ""), desired.objects);
}

const pinned = new WeakMap<object, Readonly<Record<string, unknown>>>();

/**
 * The config as the deployment stands: the namespace and driver names fixed at the first apply
 * replace what config says (kept per config object, so the rounds of one action share a render).
 */
function asDeployed(raw: Readonly<Record<string, unknown>>, fixed: FixedNames): Readonly<Record<string, unknown>> {
  if (fixed.namespace === undefined && fixed.drivername === undefined) return raw;
  const known = pinned.get(raw);
  if (known !== undefined) return known;
  const out = {
    ...raw,
    ...(fixed.namespace !== undefined ? { namespace: fixed.namespace } : {}),
    ...(fixed.drivername !== undefined ? { "csidriver-name-formatter": fixed.drivername } : {}),
  };
  pinned.set(raw, out);
  return out;
}

/**
 * The objects a hook would apply now, computed without writing anything, with the namespace and
 * driver names the deployment was fixed with. The actions that write refuse while config
 * disagrees with those (a hook would not apply either).
 */
function desiredObjects(d: Draft): "pending" | { failure: string } | { objects: KubeObject[]; namespace: string } {
  const fixed = fixedNames(d);
  if (fixed === "pending") return "pending";
  const given = parsedConfig(d.obs.config);
  if (given.ok && WRITING_ACTIONS.has(d.obs.event.name)) {
    const changed = fixedNamesProblem(fixed, given.value);
    if (changed !== undefined) return { failure: `${changed.text}: nothing changed` };
  }
  const raw = asDeployed(d.obs.config, fixed);
  const parsed = parsedConfig(raw);
  if (!parsed.ok) d.problems.push(parsed.error);
  const source = cephSource(d, { write: false });
  if (parsed.ok && source.access !== undefined && d.problems.length === 0) {
    const config = parsed.value;
    const cluster = cephModel(d, source.access, { cephfs: config.options["cephfs-enable"], write: false, scope: "temporary" });
    if (d.steps.length > 0) return "pending";
    if (cluster !== undefined) {
      const rendered = renderedFor(raw, d.obs.event.appName, config, cluster, kubeletDir(d.obs));
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
/** The actions that write what a hook would (and so must agree with it on the fixed names). */
const WRITING_ACTIONS: ReadonlySet<string> = new Set(["scrub-resources", "sync-resources"]);
/** The actions that take the `manifest` and `resources` filter. */
const RESOURCE_ACTIONS: ReadonlySet<string> = new Set(Object.keys(VERBS));

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
  const live = liveState(first.value);
  // Kinds the cluster does not serve (the snapshot API) are neither missing nor to be synced.
  const served = desired.filter((x) => !live.absent.has(x.kind));
  const view = parseView(d.stored(KEYS.serverView));
  const dryRuns = new Map<string, DryRunResult>();
  const dryCursor = { used: 0 };
  /** The analyses, once the server answered a dry-run apply for what no record tells. */
  const analyzed = (state: typeof live, extra: ServerView = {}): Map<ManifestName, Analysis> | "pending" | { failure: string } => {
    const o = { app, namespace: namespace || "default", filter, answers: { view: { ...view, ...extra }, dryRuns } };
    const out = analyzeManifests(served, state, o);
    const ask = [...out.values()].flatMap((a) => a.ask);
    if (ask.length === 0) return out;
    const taken = takeDryRuns(d, ask, dryCursor, dryRuns);
    if (taken === "pending") return "pending";
    if (taken !== "answered") return apiFailure(verb, taken);
    return analyzeManifests(served, state, o);
  };
  // A deployment standing elsewhere (names changed before they were kept) is not touched either.
  const moved = WRITING_ACTIONS.has(name) ? movedDeployment(desiredAsSent(served, namespace), live, namespace) : undefined;
  if (moved !== undefined) return { failure: `${moved.text}: nothing changed` };
  const analyses = analyzed(live);
  if (analyses === "pending" || "failure" in analyses) return analyses;
  if (name === "list-resources") return { results: analysisResult(analyses) };
  const ops = name === "scrub-resources" ? scrubOps(analyses, live) : syncOps(served, analyses, namespace);
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
  const prints: Record<string, string> = {};
  ops.forEach((op, i) => {
    const result = write?.results[i];
    if (op.op === "apply" && result !== undefined) prints[keyOf(op.object)] = answerPrint(op.object, result);
  });
  const after = again === undefined ? analyses : analyzed(liveState(again.value), prints);
  if (after === "pending" || "failure" in after) return after;
  const done = opTargets(ops).join("\n") || "nothing";
  return { results: { ...analysisResult(after), [name === "scrub-resources" ? "deleted" : "synced"]: done } };
}

/**
 * verify-storage: a small claim per StorageClass, wait for Bound, report, delete the claims.
 * Claims left by an earlier run that was cut short are deleted first; the executor deletes this
 * run's claims whatever happens.
 */
function verifyStorage(d: Draft, params: Readonly<Record<string, unknown>>, desired: readonly KubeObject[], configNamespace: string): Step {
  const app = d.obs.event.appName;
  const managed = desired.filter((o) => o.kind === "StorageClass");
  const wanted = String(params["class"] ?? "");
  const classes = wanted === "" ? managed : managed.filter((c) => c.metadata.name === wanted);
  if (classes.length === 0) return { failure: `Invalid class '${wanted}'. Must be one of: ${managed.map((c) => c.metadata.name).join(", ")}` };
  const namespace = String(params["namespace"] ?? "") || configNamespace || "default";
  const timeout = Number(params["timeout"] ?? 60);
  const size = String(params["size"] ?? "100Mi");
  const run = d.obs.event.actionId ?? "verify-storage";
  const k = d.obs.answers.kube;
  const verb = "verify storage";

  // 1. The classes as the cluster has them, the workloads serving them, leftovers of earlier runs.
  const workloads = classes.map((c) => workloadsOf(c, desired).map((w) => normalized(w, configNamespace)));
  const first = k.gets[0];
  if (first === undefined) {
    d.need({ kind: "kube-get", refs: [...classes, ...workloads.flat()].map(refOf) });
    d.need({ kind: "kube-list", apiVersion: "v1", listKind: "PersistentVolumeClaim", namespace, labelSelector: `${VERIFY_LABEL}=${app}` });
    return "pending";
  }
  if (!first.ok) return apiFailure(verb, first.failure);
  const leftovers = k.lists[0];
  if (leftovers === undefined) {
    d.need({ kind: "kube-list", apiVersion: "v1", listKind: "PersistentVolumeClaim", namespace, labelSelector: `${VERIFY_LABEL}=${app}` });
    return "pending";
  }
  if (!leftovers.ok) return apiFailure(verb, leftovers.failure);
  const live = first.value.objects;
  const liveClass = (i: number) => live[i];
  const liveWorkloads = (i: number) => {
    const start = classes.length + workloads.slice(0, i).reduce((n, w) => n + w.length, 0);
    return live.slice(start, start + (workloads[i]?.length ?? 0));
  };
  const tried = classes.map((_, i) => i).filter((i) => liveClass(i) !== undefined);
  const claims = tried.map((i) => claimFor(classes[i] as KubeObject, { app, namespace, run, size }));

  // 2. Delete leftovers, create this run's claims.
  const create = k.writes[0];
  if (create === undefined) {
    const ops: KubeOp[] = [
      ...leftovers.value.map((o): KubeOp => ({ op: "delete", ref: refOf({ ...o, kind: "PersistentVolumeClaim", apiVersion: "v1" }), verb: "deleted" })),
      ...claims.map((c): KubeOp => ({ op: "apply", object: c, verb: "created", temporary: true })),
    ];
    if (ops.length > 0) {
      d.need({ kind: "kube-write", ops });
      return "pending";
    }
  }
  if (create?.failure !== undefined) return apiFailure(verb, create.failure);
  // What this run's clean-up of earlier runs removed (the deletes come first in the write).
  const removed = leftovers.value.map((o) => `${o.metadata.namespace ?? namespace}/${o.metadata.name}`);
  if (removed.length > 0) d.log(`verify-storage deleted claims an earlier run left: ${removed.join(", ")}`);

  // 3. Wait for Bound.
  const refs = claims.map(refOf);
  let waited: WaitAnswer = { objects: [], reachedAfterMs: [] };
  if (claims.length > 0) {
    const wait = k.waits[0];
    if (wait === undefined) {
      d.need({ kind: "kube-wait", refs, phase: "Bound", timeoutMs: timeout * 1000 });
      return "pending";
    }
    if (!wait.ok) return apiFailure(verb, wait.failure);
    waited = wait.value;
  }

  // 4. The events of the claims that did not bind.
  const unbound = tried.filter((_, j) => waited.reachedAfterMs[j] === undefined);
  const events = new Map<number, string>();
  for (const [n, i] of unbound.entries()) {
    const answer = k.lists[1 + n];
    if (answer === undefined) {
      const claim = claims[tried.indexOf(i)] as KubeObject;
      d.need({ kind: "kube-list", apiVersion: "v1", listKind: "Event", namespace, fieldSelector: `involvedObject.kind=PersistentVolumeClaim,involvedObject.name=${claim.metadata.name}` });
      continue;
    }
    events.set(i, answer.ok ? eventLines(answer.value) : `events unreadable: ${answer.failure.message}`);
  }
  if (d.steps.length > 0) return "pending";

  // 5. Delete this run's claims (the executor would, too, if anything had gone wrong).
  if (claims.length > 0) {
    const done = k.writes[create === undefined ? 0 : 1];
    if (done === undefined) {
      d.need({ kind: "kube-write", ops: refs.map((ref): KubeOp => ({ op: "delete", ref, verb: "deleted" })) });
      return "pending";
    }
  }

  const reports: ClassReport[] = classes.map((c, i) => {
    const ready = readiness(workloads[i] ?? [], liveWorkloads(i));
    const workloadsText = ready.length === 0 ? "ready" : ready.map((p) => p.text).join(", ");
    const j = tried.indexOf(i);
    if (j < 0) return { cls: c.metadata.name, bound: false, detail: `StorageClass ${c.metadata.name} is not in the cluster`, workloads: workloadsText };
    const after = waited.reachedAfterMs[j];
    const claim = waited.objects[j];
    const volume = (claim?.["spec"] as { volumeName?: string } | undefined)?.volumeName;
    const retain = (liveClass(i)?.["reclaimPolicy"] as string | undefined) === "Retain";
    return {
      cls: c.metadata.name,
      bound: after !== undefined,
      ...(volume ? { volume } : {}),
      ...(after !== undefined ? { seconds: after / 1000 } : {}),
      ...(after === undefined ? { detail: events.get(i) ?? "no events" } : {}),
      workloads: workloadsText,
      ...(retain && volume ? { note: `reclaimPolicy Retain: PersistentVolume ${volume} and its Ceph image stay; delete them when done` } : {}),
    };
  });
  return reportResult(reports, { namespace, timeout, removed });
}
