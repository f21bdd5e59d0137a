/**
 * Planning a converge: from the desired objects and what is live, the writes that make the
 * cluster hold exactly the desired objects for this application. Pure.
 *
 *  1. Namespace: exists, or is created when allowed, else blocked "Missing namespace '<ns>'".
 *  2. For each desired object, in the given order:
 *     - absent → server-side apply (created);
 *     - labelled for another application, or not labelled at all → not touched, a collision;
 *     - ours, an immutable field differs (StorageClass, CSIDriver), or the server refused an
 *       update as immutable → delete and apply (re-created);
 *     - ours and matching (see compare.ts) → nothing (unchanged);
 *     - ours and different → server-side apply with force (updated); default-class annotations
 *       another field manager still holds are removed with a merge patch.
 *  3. Prune: objects labelled for this application and no longer desired are deleted, in reverse
 *     kind order; never PersistentVolumes, PersistentVolumeClaims or Namespaces.
 * Only plan with a complete desired set: what is not desired is deleted.
 *
 * Unlabelled objects: an object with the desired name but no `juju.io/application` label was made
 * by someone else (by hand, another tool); the charm does not take it over and reports a collision,
 * as the Python charm does. Objects of the Python charm carry the same labels and are taken over.
 */
import { kindRank, NEVER_DELETE } from "../manifests/kinds.ts";
import { type KubeObject, LABEL_APP } from "../manifests/types.ts";
import { type Problem, problem } from "../status/problem.ts";
import { immutableChanges, matches, strayDefaultAnnotations, withHash } from "./compare.ts";
import { type LiveState, ownerOf } from "./live.ts";
import { normalized } from "./normalize.ts";
import type { KubeOp } from "./ops.ts";
import { describe, keyOf, refOf } from "./refs.ts";

export interface Collision {
  /** `Kind/[ns/]name` */
  object: string;
  /** The other application's name, or "" when the object has no `juju.io/application` label. */
  owner: string;
}

export interface ConvergePlan {
  ops: KubeOp[];
  unchanged: string[];
  collisions: Collision[];
  /** Live objects left as they are, by `Kind/[ns/]name` (saves reading them again). */
  current: Record<string, KubeObject>;
  /** Missing namespace or collisions. */
  problem?: Problem;
}

export interface ConvergeInput {
  app: string;
  desired: readonly KubeObject[];
  live: LiveState;
  /** The namespace of the namespaced objects ("" is taken as "default", like the config option). */
  namespace: string;
  createNamespace: boolean;
  /** Objects (keyOf) the server refused to update in place: re-create them. */
  recreate?: ReadonlySet<string>;
}

/** Reverse apply order: StorageClasses first, ServiceAccounts last. */
export function deleteOrder(objects: readonly KubeObject[]): KubeObject[] {
  return objects
    .map((o, i) => ({ o, i }))
    .sort((a, b) => kindRank(b.o.kind) - kindRank(a.o.kind) || a.i - b.i)
    .map((x) => x.o);
}

/** Owned objects that are not desired and may be deleted (never PVs, PVCs or Namespaces). */
export function pruneCandidates(owned: readonly KubeObject[], desired: readonly KubeObject[]): KubeObject[] {
  const want = new Set(desired.map(keyOf));
  return deleteOrder(owned.filter((o) => !NEVER_DELETE.has(o.kind) && !want.has(keyOf(o))));
}

/** The desired objects as sent: normalized, without the Namespace (handled on its own). */
export function desiredAsSent(desired: readonly KubeObject[], namespace: string): KubeObject[] {
  return desired.filter((d) => d.kind !== "Namespace").map((d) => normalized(d, namespace));
}

export function planConverge(input: ConvergeInput): ConvergePlan {
  const { app, live } = input;
  const plan: ConvergePlan = { ops: [], unchanged: [], collisions: [], current: {} };
  const objects = desiredAsSent(input.desired, input.namespace);
  // The config manifest is always rendered: nothing desired means the caller had nothing to go on.
  // Pruning against it would delete everything; planPurge is the way to remove everything.
  if (objects.length === 0) return plan;
  const nsName = input.namespace || "default";
  if (objects.some((d) => d.metadata.namespace !== undefined) && !live.namespaceExists) {
    if (!input.createNamespace) return { ...plan, problem: problem("missingNamespace", { namespace: nsName }) };
    const own = input.desired.find((d) => d.kind === "Namespace" && d.metadata.name === nsName);
    const ns: KubeObject = own ?? { apiVersion: "v1", kind: "Namespace", metadata: { name: nsName, labels: { [LABEL_APP]: app } } };
    plan.ops.push({ op: "apply", object: withHash(normalized(ns, nsName)), verb: "created" });
  }
  for (const d of objects) {
    const name = describe(d);
    const want = withHash(d);
    const current = live.byKey.get(keyOf(d));
    if (!current) {
      plan.ops.push({ op: "apply", object: want, verb: "created" });
      continue;
    }
    if (ownerOf(current, app) !== "self") {
      plan.collisions.push({ object: name, owner: current.metadata.labels?.[LABEL_APP] ?? "" });
      continue;
    }
    const immutable = immutableChanges(want, current);
    if (immutable.length > 0 || input.recreate?.has(keyOf(d))) {
      const why = immutable.length > 0 ? `immutable fields changed (${immutable.join(", ")})` : "the API server refused to update an immutable field";
      plan.ops.push({ op: "recreate", object: want, why });
      continue;
    }
    const stray = strayDefaultAnnotations(want, current);
    if (matches(want, current) && stray.length === 0) {
      plan.unchanged.push(name);
      plan.current[name] = current;
      continue;
    }
    plan.ops.push({ op: "apply", object: want, verb: "updated" });
    if (stray.length > 0) plan.ops.push({ op: "strip-annotations", ref: refOf(d), annotations: stray });
  }
  for (const o of pruneCandidates(live.owned, objects)) plan.ops.push({ op: "delete", ref: refOf(o), verb: "pruned" });
  if (plan.collisions.length > 0) plan.problem = problem("collisions", { count: plan.collisions.length });
  return plan;
}

/** Everything labelled for the application goes (but PVs, PVCs and Namespaces). */
export function planPurge(live: LiveState): KubeOp[] {
  return deleteOrder(live.owned.filter((o) => !NEVER_DELETE.has(o.kind))).map((o) => ({ op: "delete", ref: refOf(o), verb: "deleted" }));
}

/** A one-line account of completed ops, e.g. "created Secret/default/x; pruned StorageClass/y". */
export function describeOps(ops: readonly KubeOp[]): string[] {
  return ops.map(describeOp);
}

function describeOp(o: KubeOp): string {
  if (o.op === "apply") return `${o.verb} ${describe(o.object)}`;
  if (o.op === "recreate") return `re-created ${describe(o.object)}: ${o.why}; existing volumes are not affected`;
  if (o.op === "delete") return `${o.verb} ${describe(o.ref)}`;
  if (o.op === "adopt") return `took over ${describe(o.object)} from field managers ${o.managers.join(", ")}`;
  return `removed ${o.annotations.join(", ")} from ${describe(o.ref)}`;
}

/** The server refused an in-place update because a field is immutable (worth a re-create). */
export function isImmutableRefusal(op: KubeOp | undefined, failure: { code?: number; message: string }): boolean {
  return (
    op?.op === "apply" &&
    op.verb === "updated" &&
    ["StorageClass", "CSIDriver", "VolumeSnapshotClass"].includes(op.object.kind) &&
    failure.code === 422 &&
    /immutable|Forbidden/i.test(failure.message)
  );
}
