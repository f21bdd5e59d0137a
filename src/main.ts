/**
 * Entry point: Juju runs `dispatch`, which runs this bundle. It stays small: a non-leader's
 * update-status, the most frequent hook, ends here when nothing can have changed; everything else
 * loads the executor (src/charm/execute), and the Kubernetes client only where a hook needs the API.
 */
import { isUpdateStatus } from "./charm/events.ts";
import type { Prefetched } from "./charm/execute/observe.ts";
import { settledFollower } from "./charm/stored.ts";
import { execaRunner, isLeader, parseEvent, stateGet } from "./juju/index.ts";
import { oneLine } from "./redact.ts";

async function main(): Promise<void> {
  const event = parseEvent(process.env);
  const runner = execaRunner;
  let prefetched: Prefetched | undefined;
  if (isUpdateStatus(event)) {
    const [leader, stored] = await Promise.all([isLeader(runner), stateGet(runner)]);
    if (settledFollower(leader, stored)) return;
    prefetched = { leader, stored };
  }
  const { runHook } = await import("./charm/execute/hook-entry.ts");
  await runHook(runner, event, prefetched);
}

main().catch((e: unknown) => {
  // An unexpected failure: exit non-zero so Juju retries the hook. Never print a key.
  const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.stderr.write(`ceph-csi: ${text.split("\n").map((l) => oneLine(l, 4000)).join("\n")}\n`);
  process.exitCode = 1;
});
