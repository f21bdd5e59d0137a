/**
 * Running Ceph tools with the charm-written ceph.conf and keyring. (With nothing but the charm
 * user's key and monitors, the way CSI does: `asClient` in ../harness/real-ceph/as-client.ts.)
 */
import { execa } from "execa";

/** `<bin>` with the charm-written ceph.conf and keyring (`-c <conf> --id <user> --keyring <path>`). Throws on failure. */
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
