/**
 * The charm run inside the test process: the same entry, executor and decision as `dispatch`,
 * with the hook tools answered by the fake hook environment and the other seams in memory.
 */
import { dispatchEvent } from "../../../src/charm/execute/entry.ts";
import { runEvent } from "../../../src/charm/execute/run.ts";
import type { Seams } from "../../../src/charm/execute/seams.ts";
import { HookToolError, type HookToolRunner } from "../../../src/juju/runner.ts";
import type { InProcessCharm, ToolCaller } from "../fake-juju/fake-juju.ts";

export function toolRunner(tool: ToolCaller): HookToolRunner {
  return {
    async run(name, args, opts = {}) {
      const r = tool(name, args, opts.stdin);
      if (r.code === 0) return r.stdout;
      throw new HookToolError(name, args, r.code, r.stderr);
    },
  };
}

/** `seams()` is asked for the current Kubernetes, Ceph and host fakes at each hook. */
export function inProcessCharm(seams: () => Omit<Seams, "juju">): InProcessCharm {
  return async (env, tool) => {
    const stderr: string[] = [];
    const write = process.stderr.write;
    // The entry reports unexpected errors on stderr, as the process would.
    process.stderr.write = ((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      const code = await dispatchEvent(toolRunner(tool), env, async () => (runner, event, prefetched) => runEvent({ ...seams(), juju: runner }, event, prefetched));
      return { exitCode: code, stdout: "", stderr: stderr.join("") };
    } finally {
      process.stderr.write = write;
    }
  };
}
