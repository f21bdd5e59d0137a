/**
 * Entry point: Juju runs `dispatch`, which runs this bundle. It stays small: a non-leader's
 * update-status, the most frequent hook, is answered from here; everything else loads the
 * reconcile path (src/hook.ts), and the Kubernetes client only where a hook needs the API.
 */
import { KEYS } from "./charm/stored.ts";
import { execaRunner, isLeader, parseEvent, stateGet } from "./juju/index.ts";
import { sanitizeMessage } from "./status.ts";

async function main(): Promise<void> {
  const event = parseEvent(process.env);
  const runner = execaRunner;
  let prefetched: { leader: boolean; stored: Record<string, string> } | undefined;
  if (event.kind === "hook" && event.name === "update-status") {
    // A non-leader neither runs the Ceph CLI nor talks to Kubernetes, and every input it uses
    // (config, relation data, leadership) comes with its own hook: nothing can have changed
    // since its last hook, unless a retry is pending or it decided that status as the leader.
    const [leader, stored] = await Promise.all([isLeader(runner), stateGet(runner)]);
    const settled = stored[KEYS.unitStatus] !== undefined && stored[KEYS.retry] === undefined && stored[KEYS.asLeader] === undefined;
    if (!leader && settled) return;
    prefetched = { leader, stored };
  }
  const { runHook } = await import("./hook.ts");
  await runHook({ runner, event, kube: () => import("./kube/index.ts"), ...(prefetched ? { prefetched } : {}) });
}

main().catch((e: unknown) => {
  // An unexpected failure: exit non-zero so Juju retries the hook. Never print a key.
  process.stderr.write(`ceph-csi: ${sanitizeMessage(e instanceof Error ? (e.stack ?? e.message) : String(e), 4000)}\n`);
  process.exitCode = 1;
});
