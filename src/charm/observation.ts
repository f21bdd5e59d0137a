/**
 * What a hook observed: its first reads (event, leadership, stored state, config, relations)
 * and the answers to every step the decision asked for since. The decision reads only this.
 */
import type { Bag } from "../ceph/bags.ts";
import type { CephOutcome } from "../ceph/commands.ts";
import type { ConfPaths } from "../ceph/conf-files.ts";
import type { Answered, DryRunAnswer, GetAnswer, ReadAnswer, WaitAnswer, WriteAnswer } from "../converge/ops.ts";
import { UPSTREAM_KUBELET_DIR } from "../manifests/patches.ts";
import type { KubeObject } from "../manifests/types.ts";
import type { JujuEvent } from "../juju/event.ts";
import type { GoalState } from "../juju/goal-state.ts";
import type { Result } from "../result.ts";
import type { Endpoint } from "./events.ts";
import type { Stored } from "./stored.ts";

export interface RelationData {
  id: number;
  /** Remote application name (from its units, else asked for), when known. */
  remoteApp: string | undefined;
  /** Remote unit name → bag, for the units currently in the relation. */
  units: Record<string, Bag>;
  /** The remote application bag ({} when not read or empty). */
  app: Bag;
}

export interface BaseObservation {
  event: JujuEvent;
  leader: boolean;
  stored: Stored;
  /** config-get (empty on hooks that do not read it). */
  config: Readonly<Record<string, unknown>>;
  /** Live relations per endpoint (a relation being broken is left out). */
  relations: Readonly<Record<Endpoint, readonly RelationData[]>>;
  /** Action parameters (actions only). */
  params?: Readonly<Record<string, unknown>>;
}

/** Where the conf dir could not be written, and why (an errno code). */
export interface ConfFailure {
  dir: string;
  code: string;
}

export interface KubeAnswers {
  /** No usable kubeconfig: no request was made. */
  unconfigured?: boolean;
  reads: Answered<ReadAnswer>[];
  writes: WriteAnswer[];
  gets: Answered<GetAnswer>[];
  lists: Answered<KubeObject[]>[];
  waits: Answered<WaitAnswer>[];
  dryRuns: Answered<DryRunAnswer>[];
}


export interface Answers {
  goalState?: GoalState;
  leaderSettings?: Readonly<Record<string, string>>;
  /** apt-get's outcome: ok, or a one-line detail. */
  apt?: Result<void, string>;
  conf?: Result<ConfPaths, ConfFailure>;
  /** secret-get of the ceph-external secret: its content, or Juju's error line. */
  secret?: Result<Readonly<Record<string, string>>, string>;
  /** Ceph command key → what running it gave. */
  ceph: Readonly<Record<string, CephOutcome>>;
  kube: KubeAnswers;
  /** This unit's own bags, by relation id (asked only after a switch from the Python charm). */
  ownBags?: Readonly<Record<number, Bag>>;
  /** Maintenance texts shown during this hook (the final status is then always set). */
  announced: readonly string[];
}

export interface Observation extends BaseObservation {
  answers: Answers;
}

export function emptyAnswers(): Answers {
  return { ceph: {}, kube: { reads: [], writes: [], gets: [], lists: [], waits: [], dryRuns: [] }, announced: [] };
}

/** The kubernetes-info app-bag key the charm reads. */
export const KUBELET_DIR_KEY = "kubelet-root-dir";

/** The kubelet root dir from kubernetes-info's app bag (`kubelet-root-dir`), else upstream's. */
export function kubeletDir(obs: BaseObservation): string {
  const fromRelation = obs.relations["kubernetes-info"].map((r) => r.app[KUBELET_DIR_KEY]).find((v) => v !== undefined && v !== "");
  return fromRelation ?? UPSTREAM_KUBELET_DIR;
}
