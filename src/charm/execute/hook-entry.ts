/** Everything a hook or action does once it has work to do (loaded by src/main.ts on demand). */
import type { JujuEvent } from "../../juju/event.ts";
import type { HookToolRunner } from "../../juju/runner.ts";
import type { Prefetched } from "./observe.ts";
import { realSeams } from "./real-seams.ts";
import { runEvent } from "./run.ts";

export async function runHook(runner: HookToolRunner, event: JujuEvent, prefetched?: Prefetched): Promise<void> {
  await runEvent(realSeams(runner), event, prefetched);
}
