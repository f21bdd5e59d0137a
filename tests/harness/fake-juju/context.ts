/**
 * One running hook or action: what Juju's uniter keeps per hook context. Relation and state
 * writes are buffered here (read-your-writes) and committed only when the process exits 0.
 */
import type { CharmMeta } from "./charm-meta.ts";
import { RunError, UsageError } from "./flags.ts";
import { type ActionRecord, type Bag, findUnit, type ModelState, type RelationState, visibleRemoteUnits } from "./model.ts";

export interface HookContext {
  id: string;
  unit: string;
  /** `hooks/<name>` or `actions/<name>`. */
  dispatchPath: string;
  /** Hook name; "" for actions. */
  hookName: string;
  relationId: number | undefined;
  remoteUnit: string;
  remoteApp: string;
  departingUnit: string;
  /** The relation whose -broken hook runs (relation-ids leaves it out). */
  brokenRelationId: number | undefined;
  action: ActionRecord | undefined;
  /** The live model (owned by FakeJuju); only immediate effects write to it during the hook. */
  model: ModelState;
  meta: CharmMeta;
  /** Config as of the hook start. */
  config: Record<string, string | number | boolean | null>;
  /** Relation members as of the hook start. */
  members: Map<number, string[]>;
  pendingState: Bag | undefined;
  pendingUnitBags: Map<number, Bag>;
  pendingAppBags: Map<number, Bag>;
  leaderSettingsChanged: boolean;
}

export const isLeader = (ctx: HookContext): boolean => ctx.model.leader === ctx.unit;

export function effectiveConfig(meta: CharmMeta, set: ModelState["config"]): HookContext["config"] {
  const out: HookContext["config"] = {};
  for (const [name, o] of Object.entries(meta.options)) out[name] = name in set ? set[name]! : o.default;
  return out;
}

export function relationById(ctx: HookContext, id: number): RelationState | undefined {
  return ctx.model.relations.find((r) => r.id === id);
}

/** Resolves `-r`/`--relation` (Juju: the integer after the last ':'), else the hook's relation. */
export function resolveRelation(ctx: HookContext, flag: { value: string | boolean; form: string } | undefined): RelationState {
  if (flag === undefined) {
    if (ctx.relationId === undefined) throw new UsageError("no relation id specified");
    const rel = relationById(ctx, ctx.relationId);
    if (!rel) throw new UsageError("no relation id specified");
    return rel;
  }
  const text = String(flag.value);
  const colon = text.lastIndexOf(":");
  const idText = text.slice(colon + 1);
  if (!/^-?\d+$/.test(idText)) throw new UsageError(`invalid value "${text}" for option ${flag.form}: invalid relation id`);
  const rel = relationById(ctx, Number(idText));
  const endpoint = colon < 0 ? undefined : text.slice(0, colon);
  if (!rel || (endpoint !== undefined && endpoint !== rel.endpoint)) {
    throw new UsageError(`invalid value "${text}" for option ${flag.form}: relation not found`);
  }
  return rel;
}

export function relKey(rel: RelationState): string {
  return `${rel.endpoint}:${rel.id}`;
}

export function ownUnitBag(ctx: HookContext, rel: RelationState): Bag {
  return ctx.pendingUnitBags.get(rel.id) ?? { ...(rel.localUnitData[ctx.unit] ?? {}) };
}

export function ownAppBag(ctx: HookContext, rel: RelationState): Bag {
  return ctx.pendingAppBags.get(rel.id) ?? { ...rel.localAppData };
}

/** A unit bag as relation-get sees it from this unit. */
export function readUnitBag(ctx: HookContext, rel: RelationState, unit: string): Bag {
  if (unit === ctx.unit) return ownUnitBag(ctx, rel);
  if (rel.peer && rel.localUnitData[unit]) return { ...rel.localUnitData[unit] };
  const remote = [...rel.remoteUnits, ...rel.departedUnits].find((u) => u.name === unit);
  if (remote) return { ...remote.data };
  throw new RunError(
    `cannot read settings for unit "${unit}" in relation "${relKey(rel)}": unit "${unit}": settings not found`,
  );
}

/** An application bag as relation-get sees it from this unit. */
export function readAppBag(ctx: HookContext, rel: RelationState, app: string): Bag {
  if (app === ctx.model.app) {
    if (!rel.peer && !isLeader(ctx)) throw new RunError("permission denied");
    return ownAppBag(ctx, rel);
  }
  if (app === rel.remoteApp) return { ...rel.remoteAppData };
  throw new RunError("permission denied");
}

/** Applies the buffered writes of a successful hook. */
export function commit(ctx: HookContext): void {
  if (ctx.pendingState !== undefined) findUnit(ctx.model, ctx.unit).storedState = { ...ctx.pendingState };
  for (const [id, bag] of ctx.pendingUnitBags) {
    const rel = relationById(ctx, id);
    if (rel) rel.localUnitData[ctx.unit] = { ...bag };
  }
  for (const [id, bag] of ctx.pendingAppBags) {
    const rel = relationById(ctx, id);
    if (rel) rel.localAppData = { ...bag };
  }
}

export function snapshotMembers(model: ModelState, unit: string): Map<number, string[]> {
  const m = new Map<number, string[]>();
  for (const rel of model.relations) m.set(rel.id, visibleRemoteUnits(model, rel, unit).sort());
  return m;
}
