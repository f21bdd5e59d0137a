/**
 * The host `ceph` CLI: the only code that talks to the cluster. Every call goes through
 * execa with a timeout, `-c <private ceph.conf>` and an explicit keyring, so /etc/ceph is
 * never read. Failures come back as a problem naming the command (keys redacted), never as
 * an exception.
 *
 * Binary: `CEPH_CSI_CEPH_BIN` (tests) or `ceph`. Timeout: 30 s unless configured.
 */
import { defineValidator } from "../validation/validator.ts";
import { execa } from "execa";
import type { CephFilesystem } from "./cluster.ts";
import type { ConfFiles } from "./conf.ts";
import { summarize } from "./redact.ts";
import { fail, ok, type Result } from "./result.ts";

export const DEFAULT_CEPH_TIMEOUT_MS = 30_000;
export const CSI_SUBVOLUME_GROUP = "csi";

export interface CephCliOptions {
  conf: ConfFiles;
  /** Use client.admin (requires conf.adminKeyringPath); default: the charm's own user. */
  asAdmin?: boolean;
  timeoutMs?: number;
  /** Path of the ceph binary; default env CEPH_CSI_CEPH_BIN or "ceph". */
  bin?: string;
}

export interface CephCli {
  /** Raw call: `name` is how the command is shown in messages (e.g. "ceph fs ls"). */
  run(name: string, args: readonly string[]): Promise<Result<string>>;
  fsid(): Promise<Result<string>>;
  fsLs(): Promise<Result<CephFilesystem[]>>;
  subvolumeGroupLs(fs: string): Promise<Result<string[]>>;
  /** Create the group when missing; value = true when it was created. */
  ensureSubvolumeGroup(fs: string, group?: string): Promise<Result<boolean>>;
}

const validateFsLs = defineValidator<{ name: string; data_pools: string[] }[]>({
  name: "cephFsLs",
  schema: {
    type: "array",
    items: {
      type: "object",
      required: ["name", "data_pools"],
      properties: { name: { type: "string", minLength: 1 }, data_pools: { type: "array", items: { type: "string" } } },
    },
  },
});
const validateGroupLs = defineValidator<{ name: string }[]>({
  name: "cephSubvolumeGroupLs",
  schema: {
    type: "array",
    items: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
  },
});
const FSID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function parseJson(name: string, text: string): Result<unknown> {
  try {
    return ok(JSON.parse(text));
  } catch {
    return fail("blocked", `${name} failed: unreadable output`);
  }
}

export function cephCli(options: CephCliOptions): CephCli {
  const bin = options.bin ?? process.env["CEPH_CSI_CEPH_BIN"] ?? "ceph";
  const timeoutMs = options.timeoutMs ?? DEFAULT_CEPH_TIMEOUT_MS;
  const { conf } = options;
  const admin = options.asAdmin === true && conf.adminKeyringPath !== undefined;
  const identity = admin
    ? ["--id", "admin", "--keyring", conf.adminKeyringPath as string]
    : ["--id", conf.user, "--keyring", conf.keyringPath];

  const run = async (name: string, args: readonly string[]): Promise<Result<string>> => {
    let r: Awaited<ReturnType<typeof execa>>;
    // Its own process group: on timeout the whole group goes, so a child that kept the output
    // open cannot hold the hook past the timeout.
    let group: NodeJS.Timeout | undefined;
    try {
      const sub = execa(bin, ["-c", conf.confPath, ...identity, ...args], {
        reject: false,
        timeout: timeoutMs,
        forceKillAfterDelay: 2000,
        detached: true,
        stdin: "ignore",
        env: { CEPH_CONF: conf.confPath, CEPH_ARGS: "" },
        encoding: "utf8",
      });
      group = setTimeout(() => {
        try {
          if (sub.pid !== undefined) process.kill(-sub.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }, timeoutMs);
      r = await sub;
    } catch (e) {
      return fail("blocked", `${name} failed: ${summarize(String((e as Error).message ?? e))}`);
    } finally {
      clearTimeout(group);
    }
    if (r.timedOut) {
      return fail("waiting", `${name} timed out after ${timeoutMs < 1000 ? `${timeoutMs}ms` : `${Math.round(timeoutMs / 1000)}s`}`);
    }
    if (r.failed) {
      const stderr = typeof r.stderr === "string" ? r.stderr : "";
      const code = (r as { code?: string }).code;
      const why =
        code === "ENOENT"
          ? `${bin} not found`
          : summarize(stderr) || (r.exitCode !== undefined ? `exit code ${r.exitCode}` : summarize(r.shortMessage ?? ""));
      return fail("blocked", `${name} failed: ${why}`);
    }
    return ok(typeof r.stdout === "string" ? r.stdout : "");
  };

  const fsid = async (): Promise<Result<string>> => {
    const r = await run("ceph fsid", ["fsid"]);
    if (!r.ok) return r;
    const value = r.value.trim().toLowerCase();
    return FSID.test(value) ? ok(value) : fail("blocked", "ceph fsid failed: unreadable output");
  };

  const fsLs = async (): Promise<Result<CephFilesystem[]>> => {
    const name = "ceph fs ls";
    const r = await run(name, ["fs", "ls", "--format", "json"]);
    if (!r.ok) return r;
    const j = parseJson(name, r.value);
    if (!j.ok) return j;
    if (!validateFsLs(j.value)) return fail("blocked", `${name} failed: unreadable output`);
    return ok(j.value.map((f) => ({ name: f.name, dataPools: [...f.data_pools] })));
  };

  const subvolumeGroupLs = async (fs: string): Promise<Result<string[]>> => {
    const name = `ceph fs subvolumegroup ls ${fs}`;
    const r = await run(name, ["fs", "subvolumegroup", "ls", fs, "--format", "json"]);
    if (!r.ok) return r;
    const j = parseJson(name, r.value.trim() === "" ? "[]" : r.value);
    if (!j.ok) return j;
    if (!validateGroupLs(j.value)) return fail("blocked", `${name} failed: unreadable output`);
    return ok(j.value.map((g) => g.name));
  };

  const ensureSubvolumeGroup = async (fs: string, group = CSI_SUBVOLUME_GROUP): Promise<Result<boolean>> => {
    const groups = await subvolumeGroupLs(fs);
    if (!groups.ok) return groups;
    if (groups.value.includes(group)) return ok(false);
    const r = await run(`ceph fs subvolumegroup create ${fs} ${group}`, ["fs", "subvolumegroup", "create", fs, group]);
    return r.ok ? ok(true) : r;
  };

  return { run, fsid, fsLs, subvolumeGroupLs, ensureSubvolumeGroup };
}
