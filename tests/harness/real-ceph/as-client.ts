/**
 * Run a Ceph tool the way Ceph CSI does, with nothing but credentials: `-c /dev/null -m <monitors>
 * --id <id> --keyfile <file>`, a clean environment (no CEPH_CONF, no CEPH_ARGS, no /etc/ceph conf
 * or admin keyring). The key goes through a 0600 file in a private temp dir, never argv, and
 * never into an error message.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";

export interface ClientCreds {
  /** The cephx id without the `client.` prefix, as Ceph CSI's userID/adminID. */
  id: string;
  key: string;
  /** Monitor addresses (`host`, `host:port`, `[v6]:port`), joined with commas for `-m`. */
  monitors: readonly string[];
}

/**
 * Ceph's own limits for a client (seconds): connecting and authenticating, and each mon and OSD
 * operation. Without them a client the monitor never lets in (an unknown or deleted user on a busy
 * machine) keeps hunting for 300 s (client_mount_timeout's default) and only the kill below ends
 * it, with none of Ceph's words.
 */
export const CLIENT_TIMEOUT_S = 20;
const OP_TIMEOUT_S = 60;
/** The kill, when even Ceph's own limits did not end the call. */
const KILL_AFTER_MS = 150_000;

/**
 * The same for the three tools. Not `ceph --connect-timeout`: at its limit the CLI says only
 * "timed out" (measured), where client_mount_timeout makes librados say `[errno 110] RADOS timed out`.
 */
export function clientTimeoutArgs(_bin: "ceph" | "rbd" | "rados"): string[] {
  return [
    "--client_mount_timeout",
    String(CLIENT_TIMEOUT_S),
    "--rados_mon_op_timeout",
    String(OP_TIMEOUT_S),
    "--rados_osd_op_timeout",
    String(OP_TIMEOUT_S),
  ];
}

/**
 * Ceph refusing credentials (an unknown or deleted cephx user), in either wording Ceph gives: the
 * monitor's EACCES (`(13) Permission denied` from rbd/rados, `[errno 13] RADOS permission
 * denied` from ceph), or, on a busy machine, the monitor never completing the handshake, so
 * the client's own limit ends it (`(110) Connection timed out` / `[errno 110] RADOS timed out`,
 * after `authenticate timed out`). Tests pair it with a call that the same monitor lets in.
 */
export const CEPH_REFUSED = /\(13\) Permission denied|\[errno 13\] RADOS permission denied|\(110\) Connection timed out|\[errno 110\] RADOS timed out/;

export async function asClient(bin: "ceph" | "rbd" | "rados", creds: ClientCreds, args: readonly string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "ceph-client-"));
  try {
    const keyfile = join(dir, "key");
    writeFileSync(keyfile, creds.key, { mode: 0o600 });
    const r = await execa(bin, ["-c", "/dev/null", "-m", creds.monitors.join(","), "--id", creds.id, "--keyfile", keyfile, ...clientTimeoutArgs(bin), ...args], {
      reject: false,
      timeout: KILL_AFTER_MS,
      stdin: "ignore",
      extendEnv: false,
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: dir },
      encoding: "utf8",
    });
    if (r.failed) {
      const why = r.timedOut ? `killed after ${KILL_AFTER_MS} ms` : String(r.stderr).trim().split("\n").pop();
      throw new Error(`${bin} ${args.join(" ")} as ${creds.id} failed: ${why}`);
    }
    return String(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
