/** Everything a hook or action does once it has work to do (loaded by src/main.ts on demand). */
import { runAction } from "./actions/run.ts";
import { type HookDeps, reconcile } from "./charm/reconcile.ts";

export async function runHook(deps: HookDeps): Promise<void> {
  if (deps.event.kind === "action") await runAction(deps);
  else await reconcile(deps);
}
