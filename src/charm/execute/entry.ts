/**
 * What `dispatch` runs, whatever runs it: parse the event, end a settled non-leader's
 * update-status after two reads, else load the executor and run the event. An unexpected error
 * becomes exit code 1 (Juju then retries the hook), with any key redacted.
 */

import { type JujuEvent, parseEvent } from "../../juju/event.ts";
import { isLeader } from "../../juju/leader.ts";
import type { HookToolRunner } from "../../juju/runner.ts";
import { stateGet } from "../../juju/state.ts";
import { oneLine } from "../../redact.ts";
import { isUpdateStatus } from "../events.ts";
import { settledFollower } from "../stored.ts";
import type { Prefetched } from "./observe.ts";

export type EventRunner = (runner: HookToolRunner, event: JujuEvent, prefetched?: Prefetched) => Promise<void>;

export async function dispatchEvent(runner: HookToolRunner, env: Record<string, string | undefined>, load: () => Promise<EventRunner>): Promise<number> {
  try {
    const event = parseEvent(env);
    let prefetched: Prefetched | undefined;
    if (isUpdateStatus(event)) {
      const [leader, stored] = await Promise.all([isLeader(runner), stateGet(runner)]);
      if (settledFollower(leader, stored)) return 0;
      prefetched = { leader, stored };
    }
    await (await load())(runner, event, prefetched);
    return 0;
  } catch (e) {
    const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
    process.stderr.write(`ceph-csi: ${text.split("\n").map((l) => oneLine(l, 4000)).join("\n")}\n`);
    return 1;
  }
}
