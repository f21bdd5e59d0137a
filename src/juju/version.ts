/** application-version-set. */
import type { HookToolRunner } from "./runner.ts";

/** The workload version shown in `juju status`. */
export async function applicationVersionSet(r: HookToolRunner, version: string): Promise<void> {
  await r.run("application-version-set", ["--", version]);
}
