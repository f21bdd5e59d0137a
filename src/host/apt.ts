/**
 * The host seam for packages: installs the Ceph CLI (ceph-common) with apt-get. The binary can
 * be replaced for tests with env CEPH_CSI_APT_GET.
 */
import { oneLine } from "../redact.ts";
import { err, ok, type Result } from "../result.ts";

export const CEPH_PACKAGES = ["ceph-common"] as const;

export interface AptOptions {
  /** apt-get binary; default env CEPH_CSI_APT_GET or "apt-get". */
  aptGet?: string;
  /** Per apt-get call; default 10 minutes. */
  timeoutMs?: number;
}

/** `apt-get install ceph-common`; on failure `apt-get update` once and retry. The error is a one-line detail. */
export async function installCephCommon(options: AptOptions = {}): Promise<Result<void, string>> {
  const bin = options.aptGet ?? process.env["CEPH_CSI_APT_GET"] ?? "apt-get";
  const timeout = options.timeoutMs ?? 600_000;
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  const { execa } = await import("execa");
  const run = (args: string[]) => execa(bin, args, { reject: false, timeout, env, stdin: "ignore", encoding: "utf8" });
  const install = ["install", "-y", "-q", "--no-install-recommends", "-o", "Dpkg::Options::=--force-confold", ...CEPH_PACKAGES];
  try {
    let r = await run(install);
    if (r.failed) {
      await run(["update", "-q"]);
      r = await run(install);
    }
    if (r.failed) return err(r.timedOut ? "apt-get timed out" : oneLine(String(r.stderr ?? "")) || `exit code ${r.exitCode}`);
    return ok(undefined);
  } catch (e) {
    return err(oneLine(String((e as Error).message ?? e)));
  }
}
