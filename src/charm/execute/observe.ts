/**
 * The first observation of a hook or action: everything read through the hook tools. The reads
 * are independent, so their tool processes start together.
 * Steady-state budget: config-get, is-leader, state-get, one relation-ids per endpoint, and per
 * related application one relation-list plus one relation-get per remote unit (+ the app bag).
 */
import type { Bag } from "../../ceph/bags.ts";
import {
  actionGet,
  configGet,
  type HookToolRunner,
  isLeader,
  type JujuEvent,
  relationGet,
  relationIds,
  relationList,
  relationRemoteApp,
  stateGet,
} from "../../juju/index.ts";
import { baseReads, brokenRelationId, ENDPOINTS, type Endpoint } from "../events.ts";
import type { CachedInputs } from "../inputs-cache.ts";
import type { BaseObservation, RelationData } from "../observation.ts";

export interface Prefetched {
  leader: boolean;
  stored: Record<string, string>;
}

async function readRelation(r: HookToolRunner, id: number, o: { unitBags: boolean; appBag: boolean }): Promise<RelationData> {
  const units = await relationList(r, id);
  const remoteApp = units[0]?.slice(0, units[0].indexOf("/"));
  const appBag = async (): Promise<Bag> => {
    if (!o.appBag) return {};
    // With --app, a unit name stands for its application; without units, ask for the app's name.
    return relationGet(r, { relId: id, app: units[0] ?? (await relationRemoteApp(r, id)) });
  };
  const [app, ...unitBags] = await Promise.all([appBag(), ...(o.unitBags ? units.map((unit) => relationGet(r, { relId: id, unit })) : [])]);
  const bags: Record<string, Bag> = {};
  unitBags.forEach((bag, i) => {
    bags[units[i] as string] = bag;
  });
  return { id, remoteApp, units: bags, app: app ?? {} };
}

async function readEndpoint(r: HookToolRunner, event: JujuEvent, endpoint: Endpoint): Promise<RelationData[]> {
  const broken = brokenRelationId(event);
  const ids = (await relationIds(r, endpoint)).filter((id) => id !== broken);
  return Promise.all(ids.map((id) => readRelation(r, id, ENDPOINTS[endpoint])));
}

const NO_RELATIONS = Object.fromEntries(Object.keys(ENDPOINTS).map((e) => [e, []])) as unknown as Record<Endpoint, RelationData[]>;

/**
 * `cached`: config and relations kept by the last other hook (update-status only): then only
 * leadership and stored state are read (both prefetched by the entry).
 */
export async function observeBase(r: HookToolRunner, event: JujuEvent, prefetched?: Prefetched, cached?: CachedInputs): Promise<BaseObservation> {
  if (cached !== undefined) {
    const [leader, stored] = await Promise.all([prefetched?.leader ?? isLeader(r), prefetched?.stored ?? stateGet(r)]);
    return { event, leader, stored, config: cached.config, relations: cached.relations };
  }
  const reads = baseReads(event);
  const endpoints = Object.keys(ENDPOINTS) as Endpoint[];
  const [config, leader, stored, params, ...relations] = await Promise.all([
    reads.config ? configGet(r) : {},
    prefetched?.leader ?? isLeader(r),
    prefetched?.stored ?? stateGet(r),
    event.kind === "action" ? actionGet(r) : undefined,
    ...(reads.relations ? endpoints.map((e) => readEndpoint(r, event, e)) : []),
  ]);
  const byEndpoint = reads.relations ? (Object.fromEntries(endpoints.map((e, i) => [e, relations[i] ?? []])) as Record<Endpoint, RelationData[]>) : NO_RELATIONS;
  return { event, leader, stored, config, relations: byEndpoint, ...(params !== undefined ? { params } : {}) };
}
