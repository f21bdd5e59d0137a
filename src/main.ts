/**
 * Entry point: Juju runs `dispatch`, which runs this bundle. It stays small: a non-leader's
 * update-status, the most frequent hook, ends here when nothing can have changed; everything else
 * loads the executor (src/charm/execute), and the Kubernetes client only where a hook needs the API.
 */
import { dispatchEvent } from "./charm/execute/entry.ts";
import { processRunner } from "./juju/runner.ts";

void dispatchEvent(processRunner, process.env, async () => (await import("./charm/execute/hook-entry.ts")).runHook).then((code) => {
  process.exitCode = code;
});
