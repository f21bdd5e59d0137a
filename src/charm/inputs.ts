/**
 * Gathering: everything a hook needs from Juju, read once through the hook tools.
 * Steady-state budget: config-get, is-leader, state-get, three relation-ids, and per related
 * application one relation-list plus one relation-get per remote unit (+ the app bag).
 */
import type { Bag } from "../ceph/bags.ts";
import {
  configGet,
  type HookToolRunner,
  isLeader,
  type JujuEvent,
  relationGet,
  relationIds,
  relationList,
  relationRemoteApp,
  stateGet,
} from "../juju/index.ts";

export interface RelationData {
  id: number;
  /** Remote application name (from its units), when it has units. */
  remoteApp: string | undefined;
  /** Remote unit name → bag, for the units currently in the relation. */
  units: Record<string, Bag>;
  /** The remote application bag ({} when not read or empty). */
  app: Bag;
}

export interface Inputs {
  leader: boolean;
  rawConfig: Record<string, unknown>;
  stored: Record<string, string>;
  client: RelationData[];
  admin: RelationData[];
  kubernetesInfo: RelationData[];
}

export const DEFAULT_KUBELET_DIR = "/var/lib/kubelet";

/** The relation this hook is breaking is gone for the charm, even if Juju still lists it. */
function liveIds(ids: number[], event: JujuEvent): number[] {
  if (event.relation && event.name.endsWith("-relation-broken")) return ids.filter((id) => id !== event.relation?.id);
  return ids;
}

async function readRelation(r: HookToolRunner, id: number, o: { unitBags: boolean; appBag: boolean }): Promise<RelationData> {
  const units = await relationList(r, id);
  const remoteApp = units[0]?.slice(0, units[0].indexOf("/"));
  // Juju serves one tool call at a time, but starting the tool processes together saves their
  // start-up time: the reads are independent.
  const appBag = async (): Promise<Bag> => {
    if (!o.appBag) return {};
    // With --app, a unit name stands for its application; without units, ask for the app's name.
    return relationGet(r, { relId: id, app: units[0] ?? (await relationRemoteApp(r, id)) });
  };
  const [app, ...unitBags] = await Promise.all([
    appBag(),
    ...(o.unitBags ? units.map((unit) => relationGet(r, { relId: id, unit })) : []),
  ]);
  const bags: Record<string, Bag> = {};
  unitBags.forEach((bag, i) => {
    bags[units[i] as string] = bag;
  });
  return { id, remoteApp, units: bags, app: app ?? {} };
}

async function readEndpoint(
  r: HookToolRunner,
  event: JujuEvent,
  endpoint: string,
  o: { unitBags: boolean; appBag: boolean },
): Promise<RelationData[]> {
  const ids = liveIds(await relationIds(r, endpoint), event);
  return Promise.all(ids.map((id) => readRelation(r, id, o)));
}

/** All reads at once (independent hook-tool calls). */
export async function gatherInputs(
  r: HookToolRunner,
  event: JujuEvent,
  prefetched?: { leader: boolean; stored: Record<string, string> },
): Promise<Inputs> {
  const [rawConfig, leader, stored, client, admin, kubernetesInfo] = await Promise.all([
    configGet(r),
    prefetched?.leader ?? isLeader(r),
    prefetched?.stored ?? stateGet(r),
    readEndpoint(r, event, "ceph-client", { unitBags: true, appBag: true }),
    readEndpoint(r, event, "ceph-admin", { unitBags: true, appBag: false }),
    readEndpoint(r, event, "kubernetes-info", { unitBags: false, appBag: true }),
  ]);
  return { leader, rawConfig, stored, client, admin, kubernetesInfo };
}

/** kubelet root dir from kubernetes-info's app bag (`kubelet-root-dir`), else the default. */
export function kubeletDir(inputs: Inputs): string {
  const fromRelation = inputs.kubernetesInfo.map((r) => r.app["kubelet-root-dir"]).find((v) => v !== undefined && v !== "");
  return fromRelation ?? DEFAULT_KUBELET_DIR;
}
