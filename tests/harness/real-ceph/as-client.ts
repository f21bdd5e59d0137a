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

export async function asClient(bin: "ceph" | "rbd" | "rados", creds: ClientCreds, args: readonly string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "ceph-client-"));
  try {
    const keyfile = join(dir, "key");
    writeFileSync(keyfile, creds.key, { mode: 0o600 });
    const r = await execa(bin, ["-c", "/dev/null", "-m", creds.monitors.join(","), "--id", creds.id, "--keyfile", keyfile, ...args], {
      reject: false,
      timeout: 60_000,
      stdin: "ignore",
      extendEnv: false,
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: dir },
      encoding: "utf8",
    });
    if (r.failed) {
      const why = r.timedOut ? "timed out" : String(r.stderr).trim().split("\n").pop();
      throw new Error(`${bin} ${args.join(" ")} as ${creds.id} failed: ${why}`);
    }
    return String(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
