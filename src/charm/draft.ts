/** What one run of the decision gathers on its way: problems, notes, steps wanted, effects. */
import type { Note, Problem } from "../status/problem.ts";
import type { Observation } from "./observation.ts";
import { type Effects, type LogLine, noEffects, type Step } from "./plan.ts";
import type { Stored } from "./stored.ts";

export class Draft {
  readonly obs: Observation;
  readonly problems: Problem[] = [];
  readonly notes: Note[] = [];
  readonly steps: Step[] = [];
  announce: string | undefined;
  readonly effects: Effects = noEffects();

  constructor(obs: Observation) {
    this.obs = obs;
  }

  /** Stored state as this run has changed it so far. */
  stored(key: string): string | undefined {
    return key in this.effects.stored ? this.effects.stored[key] : (this.obs.stored as Stored)[key];
  }

  store(key: string, value: string | undefined): void {
    if ((this.obs.stored as Stored)[key] === value) delete this.effects.stored[key];
    else this.effects.stored[key] = value;
  }

  need(step: Step, announce?: string): void {
    this.steps.push(step);
    if (announce !== undefined && this.announce === undefined) this.announce = announce;
  }

  log(message: string, level: LogLine["level"] = "INFO"): void {
    this.effects.logs.push({ level, message });
  }
}
