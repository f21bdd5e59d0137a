/**
 * Entry point: Juju runs `dispatch`, which runs this bundle. The event decides between an
 * action and the reconcile path that every hook takes.
 */
import { runAction } from "./actions/run.ts";
import { reconcile } from "./charm/reconcile.ts";
import { execaRunner, parseEvent } from "./juju/index.ts";
import { sanitizeMessage } from "./status.ts";

async function main(): Promise<void> {
  const event = parseEvent(process.env);
  const deps = { runner: execaRunner, event, kube: () => import("./kube/index.ts") };
  if (event.kind === "action") await runAction(deps);
  else await reconcile(deps);
}

main().catch((e: unknown) => {
  // An unexpected failure: exit non-zero so Juju retries the hook. Never print a key.
  process.stderr.write(`ceph-csi: ${sanitizeMessage(e instanceof Error ? (e.stack ?? e.message) : String(e), 4000)}\n`);
  process.exitCode = 1;
});
