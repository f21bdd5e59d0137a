/**
 * The executor: observe, decide, act. It reads the hook's inputs, asks the decision what to do,
 * performs the steps it wants and asks again with the answers, then carries out the effects.
 * It is the only code that calls the seams.
 */
import type { JujuEvent } from "../../juju/event.ts";
import { leftText } from "../../actions/verify-storage.ts";
import { jujuLog, statusSet } from "../../juju/index.ts";
import { decide } from "../decide.ts";
import { decideAction } from "../decide-action.ts";
import { cachedInputs, inputsEntry, inputsMark, inputsOf, reusesInputs, storesInputs } from "../inputs-cache.ts";
import { emptyAnswers, type Observation } from "../observation.ts";
import { performEffects } from "./effects.ts";
import { observeBase, type Prefetched } from "./observe.ts";
import type { Seams } from "./seams.ts";
import { performSteps, removeTemporary, type StepContext, withLeftObjects } from "./steps.ts";

/** A decision never needs more rounds than this (a guard against a decision that never settles). */
const MAX_ROUNDS = 16;

export async function runEvent(seams: Seams, event: JujuEvent, prefetched?: Prefetched): Promise<void> {
  const mark = inputsMark(event);
  const cached = reusesInputs(event) && prefetched !== undefined ? cachedInputs(await seams.host.readFile(mark)) : undefined;
  // From here until this hook's inputs are stored, nothing stored counts as current.
  if (event.kind === "hook" && cached === undefined) await seams.host.writeFile(mark, undefined);
  const base = await observeBase(seams.juju, event, prefetched, cached);
  const stores = cached === undefined && storesInputs(event);
  const entry = stores ? inputsEntry(inputsOf(base)) : undefined;
  const decideFn = event.kind === "action" ? decideAction : decide;
  let obs: Observation = { ...base, answers: emptyAnswers() };
  const ctx: StepContext = { seams, base, tempDirs: [], temporary: [] };
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const plan = decideFn(obs);
      if (plan.done) {
        // Temporary objects go before the effects: what could not be deleted is part of the answer.
        await performEffects(seams, base, withLeftObjects(plan.effects, await removeTemporary(ctx)));
        if (entry !== undefined) await seams.host.writeFile(mark, entry.value);
        return;
      }
      let announced = obs.answers.announced;
      if (plan.announce !== undefined && !announced.includes(plan.announce)) {
        await statusSet(seams.juju, "maintenance", plan.announce);
        announced = [...announced, plan.announce];
      }
      obs = { ...obs, answers: await performSteps(ctx, plan.steps, { ...obs.answers, announced }) };
    }
    throw new Error(`the decision did not settle after ${MAX_ROUNDS} rounds`);
  } finally {
    const left = await removeTemporary(ctx);
    if (left.length > 0) await jujuLog(seams.juju, "WARNING", leftText(left));
    for (const dir of ctx.tempDirs) await seams.host.removeDir(dir);
  }
}
