/**
 * Installing the host Ceph CLI (ceph-common) with apt-get. The binary can be replaced for
 * tests with env CEPH_CSI_APT_GET. Showing maintenance while it runs is the caller's business.
 */
import { execa } from "execa";
import { summarize } from "./redact.ts";
import { fail, ok, type Result } from "./result.ts";

export const APT_FAILED_MESSAGE = "Failed to install ceph apt packages.";
export const CEPH_PACKAGES = ["ceph-common"] as const;

export interface AptOptions {
  /** apt-get binary; default env CEPH_CSI_APT_GET or "apt-get". */
  aptGet?: string;
  /** Per apt-get call; default 10 minutes. */
  timeoutMs?: number;
}

/** `apt-get install ceph-common`; on failure `apt-get update` once and retry. */
export async function installCephCommon(options: AptOptions = {}): Promise<Result<void>> {
  const bin = options.aptGet ?? process.env["CEPH_CSI_APT_GET"] ?? "apt-get";
  const timeout = options.timeoutMs ?? 600_000;
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  const run = (args: string[]) => execa(bin, args, { reject: false, timeout, env, stdin: "ignore", encoding: "utf8" });
  const install = ["install", "-y", "-q", "--no-install-recommends", "-o", "Dpkg::Options::=--force-confold", ...CEPH_PACKAGES];
  try {
    let r = await run(install);
    if (r.failed) {
      await run(["update", "-q"]);
      r = await run(install);
    }
    if (r.failed) {
      const detail = r.timedOut ? "apt-get timed out" : summarize(String(r.stderr ?? "")) || `exit code ${r.exitCode}`;
      return fail("blocked", APT_FAILED_MESSAGE, detail);
    }
    return ok(undefined);
  } catch (e) {
    return fail("blocked", APT_FAILED_MESSAGE, summarize(String((e as Error).message ?? e)));
  }
}
