/**
 * Taking over the Python charm's objects completely. Pure.
 *
 * The Python charm applies with one field manager per manifest (`<app>-rbd`, `<app>-cephfs`,
 * `<app>-config`). Server-side apply removes a field only when the last manager that owns it
 * stops setting it, so after a plain forced apply by this charm every field only those managers
 * own stays for ever (the provisioner's required pod anti-affinity, tolerations the operator
 * later removes). As `kubectl` upgrades client-side-applied objects (csaupgrade), the takeover
 * merges the old managers' field sets into this charm's Apply entry and drops theirs, with a JSON
 * patch of metadata.managedFields guarded by the resourceVersion read; the apply that follows
 * then removes what this charm does not set.
 */
import type { KubeObject } from "../manifests/types.ts";
import type { JsonPatchOp, KubeOp } from "./ops.ts";
import { describe } from "./refs.ts";

/** The manifests the Python charm applies, each with its own field manager `<app>-<manifest>`. */
const PREVIOUS_MANIFESTS = ["rbd", "cephfs", "config"] as const;

export function previousManagers(app: string): string[] {
  return PREVIOUS_MANIFESTS.map((m) => `${app}-${m}`);
}

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
  [key: string]: unknown;
}

function entriesOf(o: KubeObject): ManagedFieldsEntry[] {
  const mf = o.metadata["managedFields"];
  return Array.isArray(mf) ? (mf.filter((e) => typeof e === "object" && e !== null) as ManagedFieldsEntry[]) : [];
}

/** An entry of the previous charm: its manager applying the object itself (not a status write). */
function isPrevious(e: ManagedFieldsEntry, previous: readonly string[]): boolean {
  return typeof e.manager === "string" && previous.includes(e.manager) && e.operation === "Apply" && (e.subresource ?? "") === "";
}

/** The previous charm's managers that still own fields of `live`, in the order listed. */
export function previousOwners(live: KubeObject, app: string): string[] {
  const previous = previousManagers(app);
  return [...new Set(entriesOf(live).filter((e) => isPrevious(e, previous)).map((e) => e.manager as string))];
}

function isMap(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** The union of two FieldsV1 sets (both are trees of `f:`/`k:`/`v:`/`i:` keys ending in `{}`). */
export function unionFields(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const mine = out[k];
    out[k] = isMap(mine) && isMap(v) ? unionFields(mine, v) : isMap(v) ? unionFields({}, v) : v;
  }
  return out;
}

/**
 * The managedFields `live` gets when `manager` (this charm) takes over every field the previous
 * charm's managers own, or undefined when none of them owns anything.
 */
export function takenOverFields(live: KubeObject, app: string, manager: string): ManagedFieldsEntry[] | undefined {
  const previous = previousManagers(app);
  const entries = entriesOf(live);
  const old = entries.filter((e) => isPrevious(e, previous));
  if (old.length === 0) return undefined;
  const isOurs = (e: ManagedFieldsEntry) => e.manager === manager && e.operation === "Apply" && (e.subresource ?? "") === "";
  const ours = entries.find(isOurs);
  let fields: Record<string, unknown> = isMap(ours?.fieldsV1) ? ours.fieldsV1 : {};
  for (const e of old) if (isMap(e.fieldsV1)) fields = unionFields(fields, e.fieldsV1);
  const merged: ManagedFieldsEntry = {
    ...(ours ?? { manager, operation: "Apply", apiVersion: live.apiVersion, time: old[0]?.time }),
    fieldsType: "FieldsV1",
    fieldsV1: fields,
  };
  const out: ManagedFieldsEntry[] = [];
  let placed = false;
  for (const e of entries) {
    if (isPrevious(e, previous) || isOurs(e)) {
      // Our entry takes the place of the first one it replaces.
      if (!placed) out.push(merged);
      placed = true;
    } else {
      out.push(e);
    }
  }
  return out;
}

/** The JSON patch of the takeover: managedFields replaced, valid only for the resourceVersion read. */
export function takeoverPatch(live: KubeObject, app: string, manager: string): JsonPatchOp[] | undefined {
  const fields = takenOverFields(live, app, manager);
  const rv = live.metadata["resourceVersion"];
  if (fields === undefined || typeof rv !== "string") return undefined;
  return [
    { op: "replace", path: "/metadata/managedFields", value: fields },
    // As kubectl's csaupgrade: the server refuses the patch (409) when the object changed since.
    { op: "replace", path: "/metadata/resourceVersion", value: rv },
  ];
}

/** Whether any of the application's live objects still has fields of the previous charm's managers. */
export function hasPreviousOwners(owned: readonly KubeObject[], app: string): boolean {
  return owned.some((o) => previousOwners(o, app).length > 0);
}

/** The parts of a converge plan the takeover changes. */
export interface TakeoverInput<P extends { ops: KubeOp[]; unchanged: string[]; current: Record<string, KubeObject> }> {
  plan: P;
  /** The live object of a desired one, when it exists. */
  live: (desired: KubeObject) => KubeObject | undefined;
  /** The desired objects as applied (normalized, with their hash annotation). */
  desired: readonly KubeObject[];
  app: string;
  /** This charm's field manager. */
  manager: string;
}

/**
 * The plan with every desired object the previous charm's managers still own taken over: its
 * update (or, when nothing else differs, a new one) becomes an `adopt` (managedFields patch,
 * then the apply). Objects re-created or created are fresh and need nothing.
 */
export function withTakeover<P extends { ops: KubeOp[]; unchanged: string[]; current: Record<string, KubeObject> }>(input: TakeoverInput<P>): P {
  const { plan, app, manager } = input;
  const adopt = new Map<string, { patch: JsonPatchOp[]; managers: string[] }>();
  for (const d of input.desired) {
    const live = input.live(d);
    if (live === undefined) continue;
    const patch = takeoverPatch(live, app, manager);
    if (patch !== undefined) adopt.set(describe(d), { patch, managers: previousOwners(live, app) });
  }
  if (adopt.size === 0) return plan;
  const ops: KubeOp[] = [];
  const done = new Set<string>();
  for (const op of plan.ops) {
    const t = op.op === "apply" && op.verb === "updated" ? adopt.get(describe(op.object)) : undefined;
    if (op.op === "apply" && t !== undefined) {
      ops.push({ op: "adopt", object: op.object, patch: t.patch, managers: t.managers });
      done.add(describe(op.object));
    } else {
      ops.push(op);
    }
  }
  const unchanged: string[] = [];
  const current: Record<string, KubeObject> = {};
  const byName = new Map(input.desired.map((d) => [describe(d), d]));
  for (const name of plan.unchanged) {
    const t = adopt.get(name);
    const d = byName.get(name);
    if (t !== undefined && d !== undefined && !done.has(name)) {
      ops.push({ op: "adopt", object: d, patch: t.patch, managers: t.managers });
      continue;
    }
    unchanged.push(name);
    const c = plan.current[name];
    if (c !== undefined) current[name] = c;
  }
  return { ...plan, ops, unchanged, current };
}
