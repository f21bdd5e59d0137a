/** Running Ceph tools the way CSI would: only the charm user's key + monitors, nothing else. */
import { execa } from "execa";

export interface UserCreds {
  user: string;
  key: string;
  monitors: readonly string[];
}

/** `<bin> -c /dev/null -m <monitors> --id <user> --key <key> ...args` (no /etc/ceph, no admin keyring). Throws on failure. */
export async function asUser(bin: "ceph" | "rbd", creds: UserCreds, args: readonly string[]): Promise<string> {
  const r = await execa(bin, ["-c", "/dev/null", "-m", creds.monitors.join(","), "--id", creds.user, "--key", creds.key, ...args], {
    reject: false,
    timeout: 60_000,
    stdin: "ignore",
    env: { CEPH_CONF: "/dev/null", CEPH_ARGS: "" },
    encoding: "utf8",
  });
  if (r.failed) throw new Error(`${bin} ${args.join(" ")} failed: ${String(r.stderr).trim().split("\n").pop()}`);
  return String(r.stdout);
}

/** Same, but with the charm-written ceph.conf and keyring (`-c <conf> --id <user> --keyring <path>`). */
export async function withCharmConf(
  bin: "ceph" | "rbd",
  conf: { confPath: string; keyringPath: string; user: string },
  args: readonly string[],
): Promise<string> {
  const r = await execa(bin, ["-c", conf.confPath, "--id", conf.user, "--keyring", conf.keyringPath, ...args], {
    reject: false,
    timeout: 60_000,
    stdin: "ignore",
    env: { CEPH_CONF: conf.confPath, CEPH_ARGS: "" },
    encoding: "utf8",
  });
  if (r.failed) throw new Error(`${bin} ${args.join(" ")} failed: ${String(r.stderr).trim().split("\n").pop()}`);
  return String(r.stdout);
}
