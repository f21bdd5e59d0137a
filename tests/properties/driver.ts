/**
 * Running the pure decision many thousands of times: an observation built once from a real
 * in-process state, and a world that answers every step from fixed data. No process, socket,
 * file or fake API: a case costs well under a millisecond when the decision stops early.
 */
import { CONF_FILE, keyringName } from "../../src/ceph/conf-files.ts";
import { decide as decideHook } from "../../src/charm/decide.ts";
import type { Endpoint } from "../../src/charm/events.ts";
import { type Answers, emptyAnswers, type Observation, type RelationData } from "../../src/charm/observation.ts";
import type { Effects, Plan, Step } from "../../src/charm/plan.ts";
import type { ReadAnswer } from "../../src/converge/ops.ts";
import { parseEvent } from "../../src/juju/event.ts";
import type { KubeObject } from "../../src/manifests/types.ts";
import { ok } from "../../src/result.ts";
import type { ModelState } from "../harness/fake-juju/model.ts";
import { charmDirOf, type Snapshot } from "../harness/in-process/sim.ts";

/** The config the charm sees: defaults from config.yaml with the model's values over them. */
function effectiveConfig(model: ModelState, defaults: Record<string, unknown>): Record<string, unknown> {
  return { ...defaults, ...model.config };
}

function relations(model: ModelState, unit: string): Record<Endpoint, RelationData[]> {
  const out: Record<Endpoint, RelationData[]> = { "ceph-client": [], ceph: [], "ceph-admin": [], "kubernetes-info": [] };
  for (const rel of model.relations) {
    if (!(rel.endpoint in out)) continue;
    const units: Record<string, Record<string, string>> = {};
    for (const ru of rel.remoteUnits) units[ru.name] = { ...ru.data };
    out[rel.endpoint as Endpoint].push({ id: rel.id, remoteApp: rel.remoteApp, units, app: { ...rel.remoteAppData } });
  }
  void unit;
  return out;
}

export interface Fixture {
  base: Omit<Observation, "answers">;
  /** What the application owns in the cluster (the answer to every read). */
  owned: KubeObject[];
}

/** An observation of `hook` on the leader, taken from a state. */
export function fixtureOf(s: Snapshot, defaults: Record<string, unknown>, hook = "config-changed"): Fixture {
  const unit = s.juju.leader ?? "ceph-csi/0";
  const event = parseEvent({
    JUJU_DISPATCH_PATH: `hooks/${hook}`,
    JUJU_UNIT_NAME: unit,
    JUJU_CHARM_DIR: charmDirOf(unit),
  });
  // Without the unit's last statuses, the decision always states the status it decides.
  const { "unit-status": _u, "app-status": _a, ...stored } = s.juju.units.find((u) => u.name === unit)?.storedState ?? {};
  const owned = s.kube.cluster.all().filter((o) => (o["metadata"] as { labels?: Record<string, string> }).labels?.["juju.io/application"] === s.app) as unknown as KubeObject[];
  return {
    base: { event, leader: true, stored, config: effectiveConfig(s.juju, defaults), relations: relations(s.juju, unit) },
    owned,
  };
}

export interface Outcome {
  /** The finished plan's effects (undefined when stopped at a write). */
  effects?: Effects;
  /** Every step the decision asked for, in order. */
  steps: Step[];
  /** Stopped on the first Kubernetes write (not performed). */
  wroteKube: boolean;
  /** Stopped when the decision first asked the Kubernetes API anything. */
  reachedKube: boolean;
}

/**
 * Runs the decision to its end, answering steps from fixed data: the conf is written, Ceph
 * answers with `fsid`, the cluster holds `owned`. Stops (without performing it) at the first
 * Kubernetes write when `stopAtWrite`.
 */
export function run(
  fx: Fixture,
  patch: Partial<Omit<Observation, "answers">>,
  o: {
    fsid: string;
    stopAtWrite?: boolean;
    stopAtKube?: boolean;
    ceph?: (command: string) => string;
    /** The decision to run (default the hooks' `decide`; `decideAction` for actions). */
    decideFn?: (obs: Observation) => Plan;
    /** Steps left unanswered (the n-th step asked, from 0): the decision must ask again. */
    unanswered?: (step: Step, n: number) => boolean;
  },
): Outcome {
  const base = { ...fx.base, ...patch };
  const decide = o.decideFn ?? decideHook;
  let answers: Answers = emptyAnswers();
  const steps: Step[] = [];
  const read: ReadAnswer = { listed: fx.owned, got: [], namespaceExists: true };
  for (let round = 0; round < 20; round++) {
    const plan = decide({ ...base, answers });
    if (plan.done) return { effects: plan.effects, steps, wroteKube: false, reachedKube: steps.some((x) => x.kind.startsWith("kube-")) };
    const a: Answers = { ...answers, ceph: { ...answers.ceph }, kube: { ...answers.kube } };
    for (const step of plan.steps) {
      steps.push(step);
      if (o.stopAtKube && step.kind.startsWith("kube-")) return { steps, wroteKube: false, reachedKube: true };
      if (o.unanswered?.(step, steps.length - 1)) continue;
      switch (step.kind) {
        case "goal-state":
          a.goalState = { units: { [base.event.unitName]: { status: "active" } }, relations: {} };
          break;
        case "leader-settings":
          a.leaderSettings = {};
          break;
        case "apt":
          a.apt = ok(undefined);
          break;
        case "conf": {
          const dir = `${base.event.charmDir}/ceph-conf`;
          a.conf = ok({ confPath: `${dir}/${CONF_FILE}`, user: step.input.user, keyringPath: `${dir}/${keyringName(step.input.user)}` });
          break;
        }
        case "ceph":
          a.ceph = { ...a.ceph, [step.command.key]: { kind: "ok", stdout: step.command.key === "fsid" ? `${o.fsid}\n` : (o.ceph?.(step.command.key) ?? "[]") } };
          break;
        case "kube-read":
          a.kube = { ...a.kube, reads: [...a.kube.reads, { ok: true, value: read }] };
          break;
        case "kube-get":
          a.kube = {
            ...a.kube,
            gets: [...a.kube.gets, { ok: true, value: { objects: step.refs.map((r) => fx.owned.find((x) => x.kind === r.kind && x.metadata.name === r.name)) } }],
          };
          break;
        case "kube-write":
          if (o.stopAtWrite) return { steps, wroteKube: true, reachedKube: true };
          a.kube = { ...a.kube, writes: [...a.kube.writes, { done: step.ops.length, results: {} }] };
          break;
        case "kube-list":
          a.kube = { ...a.kube, lists: [...a.kube.lists, { ok: true, value: [] }] };
          break;
        case "kube-wait":
          a.kube = { ...a.kube, waits: [...a.kube.waits, { ok: true, value: { objects: step.refs.map(() => undefined), reachedAfterMs: step.refs.map(() => undefined) } }] };
          break;
      }
    }
    answers = a;
  }
  throw new Error("the decision did not settle");
}
