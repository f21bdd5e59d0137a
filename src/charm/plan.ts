/**
 * What the decision asks for: steps to take before it can finish (each observed and fed back),
 * or, once it has seen enough, the hook's effects.
 */
import type { CephCommand } from "../ceph/commands.ts";
import type { ConfInput } from "../ceph/conf-files.ts";
import type { KubeOp, ReadRequest } from "../converge/ops.ts";
import type { KubeObject } from "../manifests/types.ts";
import type { ObjectRef } from "../converge/refs.ts";
import type { ActionResult } from "../juju/actions.ts";
import type { UnitStatus } from "../status/decide.ts";

/**
 * A step changes the world or reads it, and its answer becomes part of the observation. Steps
 * of one round run in order; after a failed conf step the round's ceph steps do not run.
 */
export type Step =
  | { kind: "goal-state" }
  | { kind: "leader-settings" }
  | { kind: "apt" }
  /** Read a granted secret (with --refresh after it changed). */
  | { kind: "secret-get"; uri: string; refresh: boolean }
  /** Write the private Ceph conf: under the charm dir, or (read-only actions) in a temporary dir. */
  | { kind: "conf"; input: ConfInput; scope: "charm" | "temporary" }
  /** Run a ceph command with the conf written last (as client.admin when asked and known). */
  | { kind: "ceph"; command: CephCommand; asAdmin: boolean }
  /** Read this unit's own bag on a relation (what the previous charm left there). */
  | { kind: "own-bag"; relId: number }
  | { kind: "kube-read"; request: ReadRequest }
  | { kind: "kube-write"; ops: KubeOp[] }
  | { kind: "kube-get"; refs: ObjectRef[] }
  /** Server-side apply with dryRun=All: what the server would store for each object, nothing written. */
  | { kind: "kube-dryrun"; objects: KubeObject[] }
  /** List objects of one kind in a namespace by label and/or field selector (events of a claim). */
  | { kind: "kube-list"; apiVersion: string; listKind: string; namespace: string; labelSelector?: string; fieldSelector?: string }
  /** Read `refs` again and again until each has `status.phase` `phase`, or `timeoutMs` passed. */
  | { kind: "kube-wait"; refs: ObjectRef[]; phase: string; timeoutMs: number };

export interface LogLine {
  level: "INFO" | "WARNING";
  message: string;
}

export interface Effects {
  relationWrites: { relId: number; data: Record<string, string> }[];
  leaderSettings: Record<string, string>;
  /** Set only when they differ from what the unit last set (or something was shown meanwhile). */
  unitStatus?: UnitStatus;
  appStatus?: UnitStatus;
  workloadVersion?: string;
  /** Stored-state changes: a value sets, undefined deletes. */
  stored: Record<string, string | undefined>;
  logs: LogLine[];
  /** The unit is removed: its private files go. */
  removeConfDir: boolean;
  /** An action's answer: results, and a failure message when it failed (results are kept then too). */
  action?: { results: ActionResult; failure?: string } | { failure: string };
}

export type Plan =
  | { done: false; steps: Step[]; /** Shown as maintenance while the steps run. */ announce?: string }
  | { done: true; effects: Effects };

export function noEffects(): Effects {
  return { relationWrites: [], leaderSettings: {}, stored: {}, logs: [], removeConfDir: false };
}
