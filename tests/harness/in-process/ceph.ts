/** The Ceph seam over the in-memory `ceph` CLI (glue: binds the fake to the charm's seam type). */
import type { CephOutcome } from "../../../src/ceph/commands.ts";
import type { CephRun } from "../../../src/host/ceph-process.ts";
import { type FakeCephState, runFakeCeph } from "../fake-ceph/memory.ts";

export function cephSeam(state: () => FakeCephState, o: { timeoutMs?: number } = {}): (run: CephRun) => Promise<CephOutcome> {
  return async (run) => {
    const identity = run.asAdmin && run.paths.adminKeyringPath ? ["--id", "admin", "--keyring", run.paths.adminKeyringPath] : ["--id", run.paths.user, "--keyring", run.paths.keyringPath];
    const a = runFakeCeph(state(), ["-c", run.paths.confPath, ...identity, ...run.args], run.tool ?? "ceph");
    if (a.hang) return { kind: "timeout", afterMs: run.timeoutMs ?? o.timeoutMs ?? 30_000 };
    if (a.exitCode === 0) return { kind: "ok", stdout: a.stdout };
    return { kind: "failed", stderr: a.stderr, exitCode: a.exitCode };
  };
}
