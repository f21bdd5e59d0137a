/**
 * Planning a converge: from the desired objects and what is live, the writes that make the
 * cluster hold exactly the desired objects for this application. Pure.
 *
 *  1. Collisions first: when any desired name is held by another application, or by an object
 *     without the `juju.io/application` label (made by hand, another tool), nothing at all is
 *     written (see collisions.ts).
 *  2. A deployment stays where it is: objects of this application in another namespace, or a
 *     CSIDriver of this application with another name, mean the namespace or the driver names
 *     changed after the first apply: blocked, nothing written.
 *  3. Namespace: exists, or is created when allowed, else blocked "Missing namespace '<ns>'".
 *  4. For each desired object, in the given order:
 *     - absent → server-side apply (created);
 *     - the server refused an in-place update as immutable (now or in a dry-run) → delete and
 *       apply (re-created);
 *     - live as the server answered this very request (answered.ts) → nothing (unchanged);
 *     - otherwise → server-side apply with force (updated); default-class annotations another
 *       field manager still holds are removed with a merge patch;
 *     - no record of the server's answer → ask the server (dry-run apply) first.
 *  5. Prune: objects labelled for this application and no longer desired are deleted, in reverse
 *     kind order; never PersistentVolumes, PersistentVolumeClaims or Namespaces.
 * Only plan with a complete desired set: what is not desired is deleted.
 * Objects of the Python charm carry the same labels and are taken over.
 */
import { kindRank, NEVER_DELETE } from "../manifests/kinds.ts";
import { type KubeObject, LABEL_APP, LABEL_MANIFEST } from "../manifests/types.ts";
import { type Problem, problem } from "../status/problem.ts";
import { answerPrint, type ServerView, standing } from "./answered.ts";
import { type Collision, collisionProblem, namingOption } from "./collisions.ts";
import { strayDefaultAnnotations, withHash } from "./compare.ts";
import { type LiveState, ownerOf } from "./live.ts";
import { normalized } from "./normalize.ts";
import { IMMUTABLE_TEXT, type KubeOp } from "./ops.ts";
import { describe, keyOf, refOf } from "./refs.ts";

export type { Collision } from "./collisions.ts";

export interface ConvergePlan {
  ops: KubeOp[];
  unchanged: string[];
  collisions: Collision[];
  /** Live objects left as they are, by `Kind/[ns/]name` (saves reading them again). */
  current: Record<string, KubeObject>;
  /** Desired objects (as sent) whose standing only a dry-run apply can tell: nothing is written before it answers. */
  ask: KubeObject[];
  /** The server's answers that stand, by keyOf (recorded ones still true, dry-run answers that matched). */
  view: Record<string, string>;
  /** Missing namespace, a moved deployment, or collisions. */
  problem?: Problem;
}

/**
 * What a dry-run apply answered for one object: what the server would store; that it refuses
 * the update as changing an immutable field; or another refusal (the real apply will say it).
 */
export type DryRunResult = { object: KubeObject } | { refused: string } | { failed: string };

export interface ConvergeInput {
  app: string;
  desired: readonly KubeObject[];
  live: LiveState;
  /** The namespace of the namespaced objects ("" is taken as "default", like the config option). */
  namespace: string;
  createNamespace: boolean;
  /** Objects (keyOf) the server refused to update in place, with its words: re-create them. */
  recreate?: ReadonlyMap<string, string>;
  /** Fingerprints of the server's last answers (answered.ts). */
  view?: ServerView;
  /** Dry-run answers by keyOf. */
  dryRuns?: ReadonlyMap<string, DryRunResult>;
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

/** Desired objects whose names are held by someone else. */
export function findCollisions(app: string, objects: readonly KubeObject[], live: LiveState): Collision[] {
  const out: Collision[] = [];
  for (const d of objects) {
    const current = live.byKey.get(keyOf(d));
    if (current === undefined || ownerOf(current, app) === "self") continue;
    out.push({ object: describe(d), owner: current.metadata.labels?.[LABEL_APP] ?? "", option: namingOption(d) });
  }
  return out;
}

/**
 * The deployment as the cluster holds it moved away from the desired one: this application's
 * namespaced objects in another namespace, or its CSIDriver of a manifest under another name.
 */
export function movedDeployment(objects: readonly KubeObject[], live: LiveState, namespace: string): Problem | undefined {
  const ns = namespace || "default";
  if (live.owned.some((o) => o.metadata.namespace !== undefined && o.metadata.namespace !== ns && !NEVER_DELETE.has(o.kind))) {
    return problem("namespaceFrozen");
  }
  const drivers = objects.filter((o) => o.kind === "CSIDriver");
  for (const o of live.owned) {
    if (o.kind !== "CSIDriver") continue;
    const manifest = o.metadata.labels?.[LABEL_MANIFEST];
    const same = drivers.find((d) => d.metadata.labels?.[LABEL_MANIFEST] === manifest);
    if (same !== undefined && same.metadata.name !== o.metadata.name) return problem("drivernameFrozen");
  }
  return undefined;
}

export function planConverge(input: ConvergeInput): ConvergePlan {
  const { app, live } = input;
  const plan: ConvergePlan = { ops: [], unchanged: [], collisions: [], current: {}, ask: [], view: {} };
  const objects = desiredAsSent(input.desired, input.namespace);
  // The config manifest is always rendered: nothing desired means the caller had nothing to go on.
  // Pruning against it would delete everything; planPurge is the way to remove everything.
  if (objects.length === 0) return plan;
  plan.collisions = findCollisions(app, objects, live);
  if (plan.collisions.length > 0) return { ...plan, problem: collisionProblem(plan.collisions) };
  const moved = movedDeployment(objects, live, input.namespace);
  if (moved !== undefined) return { ...plan, problem: moved };
  const nsName = input.namespace || "default";
  if (objects.some((d) => d.metadata.namespace !== undefined) && !live.namespaceExists) {
    if (!input.createNamespace) return { ...plan, problem: problem("missingNamespace", { namespace: nsName }) };
    const own = input.desired.find((d) => d.kind === "Namespace" && d.metadata.name === nsName);
    const ns: KubeObject = own ?? { apiVersion: "v1", kind: "Namespace", metadata: { name: nsName, labels: { [LABEL_APP]: app } } };
    plan.ops.push({ op: "apply", object: withHash(normalized(ns, nsName)), verb: "created" });
  }
  const view = input.view ?? {};
  for (const d of objects) {
    const name = describe(d);
    const key = keyOf(d);
    const want = withHash(d);
    const current = live.byKey.get(key);
    if (!current) {
      plan.ops.push({ op: "apply", object: want, verb: "created" });
      continue;
    }
    const dry = input.dryRuns?.get(key);
    const refused = input.recreate?.get(key) ?? (dry !== undefined && "refused" in dry ? dry.refused : undefined);
    if (refused !== undefined) {
      plan.ops.push({ op: "recreate", object: want, why: `the API server refused to update it in place (${refused})` });
      continue;
    }
    if (dry !== undefined && "failed" in dry) {
      plan.ops.push({ op: "apply", object: want, verb: "updated" });
      continue;
    }
    const stands = standing(want, current, view, dry !== undefined && "object" in dry ? dry.object : undefined);
    if (stands === "unknown") {
      plan.ask.push(want);
      continue;
    }
    const stray = strayDefaultAnnotations(want, current);
    if (stands === "same") {
      const recorded = view[key];
      plan.view[key] = recorded ?? answerPrint(want, current);
      if (stray.length === 0) {
        plan.unchanged.push(name);
        plan.current[name] = current;
      } else plan.ops.push({ op: "strip-annotations", ref: refOf(d), annotations: stray });
      continue;
    }
    plan.ops.push({ op: "apply", object: want, verb: "updated" });
    if (stray.length > 0) plan.ops.push({ op: "strip-annotations", ref: refOf(d), annotations: stray });
  }
  if (plan.ask.length > 0) return { ...plan, ops: [] };
  for (const o of pruneCandidates(live.owned, objects)) plan.ops.push({ op: "delete", ref: refOf(o), verb: "pruned" });
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

/** Kinds with fields the API server keeps as they were created (StorageClass parameters, CSIDriver spec). */
const IMMUTABLE_KINDS: ReadonlySet<string> = new Set(["StorageClass", "CSIDriver"]);

/** The server refused an in-place update because a field is immutable (worth a re-create). */
export function isImmutableRefusal(op: KubeOp | undefined, failure: { code?: number; message: string; immutable?: boolean }): boolean {
  return op?.op === "apply" && op.verb === "updated" && IMMUTABLE_KINDS.has(op.object.kind) && isImmutableFailure(failure);
}

/** A 422 that says a field may not change (FieldValueForbidden "updates to X are forbidden", or "field is immutable"). */
export function isImmutableFailure(failure: { code?: number; message: string; immutable?: boolean }): boolean {
  return failure.code === 422 && (failure.immutable === true || IMMUTABLE_TEXT.test(failure.message));
}
