/**
 * The Ceph seam: runs the host `ceph` CLI. Every call gets a timeout, `-c <private ceph.conf>`
 * and an explicit keyring, so /etc/ceph is never read. What came back is returned as data
 * (src/ceph/commands.ts reads it); nothing here throws.
 *
 * Binary: `CEPH_CSI_CEPH_BIN` (tests) or `ceph`. Timeout: 30 s unless given.
 */
import type { CephOutcome } from "../ceph/commands.ts";
import type { ConfPaths } from "../ceph/conf-files.ts";

export const DEFAULT_CEPH_TIMEOUT_MS = 30_000;

export interface CephRun {
  /** Default `ceph`. */
  tool?: "ceph" | "rados";
  paths: ConfPaths;
  /** Run as client.admin (needs paths.adminKeyringPath); default: the charm's own user. */
  asAdmin?: boolean;
  args: readonly string[];
  timeoutMs?: number;
  /** Path of the binary; default env CEPH_CSI_CEPH_BIN or "ceph" (CEPH_CSI_RADOS_BIN or "rados" for rados). */
  bin?: string;
}

/**
 * Ceph's own limits, well inside the kill (Python's start-up counts too): connecting and
 * authenticating (client_mount_timeout), each monitor and OSD operation. A cluster that does not
 * answer then ends the call with Ceph's own words, not a kill. Passed in CEPH_ARGS, which the
 * `ceph` and `rados` tools read, so the arguments stay the command's own.
 */
export function cephTimeoutArgs(timeoutMs: number): string {
  const s = Math.max(1, Math.floor((timeoutMs * 0.6) / 1000));
  return `--client_mount_timeout=${s} --rados_mon_op_timeout=${s} --rados_osd_op_timeout=${s}`;
}

/** Ceph saying its own limit ran out (ETIMEDOUT), in the `ceph` and the `rados` wording. */
function cephTimedOut(stderr: string, elapsedMs: number, timeoutMs: number): boolean {
  if (/\[errno 110\]|\(110\) Connection timed out|RADOS timed out/.test(stderr)) return true;
  // rados says only this when it could not reach a monitor; a refusal comes long before the limit.
  return /failed to fetch mon config/.test(stderr) && elapsedMs >= timeoutMs * 0.6;
}

export async function runCeph(o: CephRun): Promise<CephOutcome> {
  const bin = o.bin ?? (o.tool === "rados" ? (process.env["CEPH_CSI_RADOS_BIN"] ?? "rados") : (process.env["CEPH_CSI_CEPH_BIN"] ?? "ceph"));
  const timeoutMs = o.timeoutMs ?? DEFAULT_CEPH_TIMEOUT_MS;
  const { paths } = o;
  const identity =
    o.asAdmin === true && paths.adminKeyringPath !== undefined
      ? ["--id", "admin", "--keyring", paths.adminKeyringPath]
      : ["--id", paths.user, "--keyring", paths.keyringPath];
  // Its own process group: on timeout the whole group goes, so a child that kept the output
  // open cannot hold the hook past the timeout.
  let group: NodeJS.Timeout | undefined;
  // execa is loaded here, not at start-up: most hooks run no Ceph command.
  const { execa } = await import("execa");
  const started = Date.now();
  try {
    const sub = execa(bin, ["-c", paths.confPath, ...identity, ...o.args], {
      reject: false,
      timeout: timeoutMs,
      forceKillAfterDelay: 2000,
      detached: true,
      stdin: "ignore",
      env: { CEPH_CONF: paths.confPath, CEPH_ARGS: cephTimeoutArgs(timeoutMs) },
      encoding: "utf8",
    });
    group = setTimeout(() => {
      try {
        if (sub.pid !== undefined) process.kill(-sub.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, timeoutMs);
    const r = await sub;
    if (r.timedOut) return { kind: "timeout", afterMs: timeoutMs };
    if (!r.failed) return { kind: "ok", stdout: typeof r.stdout === "string" ? r.stdout : "" };
    if ((r as { code?: string }).code === "ENOENT") return { kind: "failed", stderr: "", missingBinary: bin };
    const stderr = typeof r.stderr === "string" && r.stderr.trim() !== "" ? r.stderr : (r.shortMessage ?? "");
    if (cephTimedOut(stderr, Date.now() - started, timeoutMs)) return { kind: "timeout", afterMs: timeoutMs };
    return r.exitCode === undefined ? { kind: "failed", stderr } : { kind: "failed", stderr, exitCode: r.exitCode };
  } catch (e) {
    return { kind: "failed", stderr: String((e as Error).message ?? e) };
  } finally {
    clearTimeout(group);
  }
}
