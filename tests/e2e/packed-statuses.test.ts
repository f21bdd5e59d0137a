/**
 * Every status a hook can produce, through the packed charm (`npm run pack`, unpacked, its own
 * `dispatch` on its own Node) in the process-level fake Juju: the worlds of status-plan.ts, two
 * at a time (the Ceph-timeout world spends 30 s waiting). For each step: every hook exited 0,
 * each declared status was shown, and the unit ends on the declared one.
 */
import assert from "node:assert/strict";
import type { HookOutcome } from "../harness/fake-juju/fake-juju.ts";
import { PackedWorld } from "./packed-charm.ts";
import { type Step, WORLDS, type WorldPlan } from "./status-plan.ts";
import { idsOf, idsSetIn } from "./status-reach.ts";

const CONCURRENCY = 2;
/** `PACKED_STATUS_WORLDS=secret npx mocha …`: only the worlds whose title contains it (while working on one). */
const ONLY = process.env["PACKED_STATUS_WORLDS"];
const PLANS = ONLY ? WORLDS.filter((w) => w.title.includes(ONLY)) : WORLDS;

function assertExitZero(outcomes: readonly HookOutcome[]): void {
  const bad = outcomes.filter((o) => o.exitCode !== 0).map((o) => `${o.unit} ${o.name} exit ${o.exitCode}: ${o.stderr.slice(0, 1500)}`);
  assert.deepEqual(bad, [], "every hook exits 0");
}

async function runStep(p: PackedWorld, step: Step): Promise<void> {
  const unitName = `${p.w.juju.app}/0`;
  const units = p.w.juju.state.units.length;
  const before = { unit: units > 0 ? p.w.juju.unit(unitName).statusHistory.length : 0, app: p.w.juju.state.appStatusHistory.length };
  const outcomes = await step.run(p);
  assertExitZero(outcomes);
  step.check?.(p);
  if (step.refuses !== undefined) return;
  assert.ok(outcomes.length > 0, "the step ran hooks");
  const unit = p.w.juju.unit(unitName);
  const seen = idsSetIn([...unit.statusHistory.slice(before.unit), ...p.w.juju.state.appStatusHistory.slice(before.app)]);
  for (const id of step.reaches ?? []) assert.ok(seen.has(id), `${id} shown during the step (shown: ${[...seen].join(", ")})`);
  if (step.ends !== undefined) {
    assert.equal(unit.status.by, "charm");
    assert.deepEqual(idsOf(unit.status), [step.ends], `ends on ${step.ends}: ${unit.status.status} "${unit.status.message}"`);
  }
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(e: unknown): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // reported by the step's own test
  return { promise, resolve, reject };
}

/** Runs a world's steps in order; a failed step fails the steps after it (they depend on it). */
async function runWorld(plan: WorldPlan, verdicts: Deferred[]): Promise<void> {
  let p: PackedWorld | undefined;
  try {
    p = await PackedWorld.start(plan.options ?? {});
    for (const [i, step] of plan.steps.entries()) {
      try {
        await runStep(p, step);
        verdicts[i]?.resolve();
      } catch (e) {
        verdicts[i]?.reject(e);
        for (const v of verdicts.slice(i + 1)) v.reject(new Error(`not run: the step "${step.title}" failed`));
        return;
      }
    }
  } catch (e) {
    for (const v of verdicts) v.reject(e);
  } finally {
    await p?.stop();
  }
}

describe("packed charm: every status a hook can produce, with the hooks' exit codes", function () {
  this.timeout(900_000);
  const verdicts = PLANS.map((w) => w.steps.map(() => deferred()));

  before(() => {
    // Not awaited: the steps' tests wait for their own verdicts while the worlds run.
    const queue = PLANS.map((plan, i) => () => runWorld(plan, verdicts[i] as Deferred[]));
    const worker = async () => {
      for (let job = queue.shift(); job; job = queue.shift()) await job();
    };
    for (let i = 0; i < CONCURRENCY; i++) void worker();
  });

  for (const [wi, plan] of PLANS.entries()) {
    describe(plan.title, () => {
      for (const [si, step] of plan.steps.entries()) {
        it(step.title, () => verdicts[wi]?.[si]?.promise);
      }
    });
  }
});
