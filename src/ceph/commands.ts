/**
 * The `ceph` commands the charm runs, as data: the arguments to send, and how to read what came
 * back. Running them is the host seam's job (src/host/ceph-process.ts); everything here is pure.
 */
import { oneLine } from "../redact.ts";
import { err, ok, type Result } from "../result.ts";
import { type Problem, problem } from "../status/problem.ts";
import { defineValidator } from "../validation/validator.ts";
import type { CephFilesystem } from "./cluster.ts";
import { CSI_SUBVOLUME_GROUP } from "./names.ts";

/** One command: the Ceph tool, how it is shown in messages, and its arguments after the connection options. */
export interface CephCommand {
  /** `ceph`, or `rados` where it answers the same question much faster. */
  readonly tool: "ceph" | "rados";
  /** Stable identity of the command (tool and arguments), used as its observation key. */
  readonly key: string;
  /** How an operator would type it, e.g. "ceph fs ls". */
  readonly name: string;
  readonly args: readonly string[];
}

/** What running a command gave (the host seam's answer). */
export type CephOutcome =
  | { readonly kind: "ok"; readonly stdout: string }
  | { readonly kind: "failed"; readonly stderr: string; readonly exitCode?: number; readonly missingBinary?: string }
  | { readonly kind: "timeout"; readonly afterMs: number };

function command(name: string, args: string[], tool: CephCommand["tool"] = "ceph"): CephCommand {
  return { tool, key: tool === "ceph" ? args.join(" ") : `${tool} ${args.join(" ")}`, name, args };
}

export const FSID = command("ceph fsid", ["fsid"]);
/** The pool names, one per line (rados answers in a tenth of the time `ceph osd pool ls` takes). */
export const LSPOOLS = command("rados lspools", ["lspools"], "rados");
export const FS_LS = command("ceph fs ls", ["fs", "ls", "--format", "json"]);

export function subvolumeGroupLs(fs: string): CephCommand {
  return command(`ceph fs subvolumegroup ls ${fs}`, ["fs", "subvolumegroup", "ls", fs, "--format", "json"]);
}

export function subvolumeGroupCreate(fs: string, group = CSI_SUBVOLUME_GROUP): CephCommand {
  return command(`ceph fs subvolumegroup create ${fs} ${group}`, ["fs", "subvolumegroup", "create", fs, group]);
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Math.round(ms / 1000)}s`;
}

/** The command's output, or the problem naming it: blocked when it failed, waiting when it timed out. */
export function outputOf(cmd: CephCommand, outcome: CephOutcome): Result<string> {
  if (outcome.kind === "ok") return ok(outcome.stdout);
  if (outcome.kind === "timeout") return err(problem("cephTimeout", { command: cmd.name, duration: duration(outcome.afterMs) }));
  const reason =
    outcome.missingBinary !== undefined
      ? `${outcome.missingBinary} not found`
      : oneLine(outcome.stderr) || (outcome.exitCode !== undefined ? `exit code ${outcome.exitCode}` : "unknown error");
  return err(problem("cephCommand", { command: cmd.name, reason }));
}

function unreadable(cmd: CephCommand): Problem {
  return problem("cephCommand", { command: cmd.name, reason: "unreadable output" });
}

function json(cmd: CephCommand, outcome: CephOutcome, emptyAs?: unknown): Result<unknown> {
  const out = outputOf(cmd, outcome);
  if (!out.ok) return out;
  if (out.value.trim() === "" && emptyAs !== undefined) return ok(emptyAs);
  try {
    return ok(JSON.parse(out.value));
  } catch {
    return err(unreadable(cmd));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseFsid(outcome: CephOutcome): Result<string> {
  const out = outputOf(FSID, outcome);
  if (!out.ok) return out;
  const value = out.value.trim().toLowerCase();
  return UUID.test(value) ? ok(value) : err(unreadable(FSID));
}

const validateFsLs = defineValidator<{ name: string; data_pools: string[]; data_pool_ids: number[] }[]>({
  name: "cephFsLs",
  schema: {
    type: "array",
    items: {
      type: "object",
      required: ["name", "data_pools", "data_pool_ids"],
      properties: {
        name: { type: "string", minLength: 1 },
        data_pools: { type: "array", items: { type: "string" } },
        data_pool_ids: { type: "array", items: { type: "integer", minimum: 0 } },
      },
    },
  },
});

/** `ceph fs ls --format json`: names, data pools and their ids. */
export function parseFsLs(outcome: CephOutcome): Result<CephFilesystem[]> {
  const j = json(FS_LS, outcome);
  if (!j.ok) return j;
  if (!validateFsLs(j.value) || j.value.some((f) => f.data_pool_ids.length !== f.data_pools.length)) return err(unreadable(FS_LS));
  return ok(j.value.map((f) => ({ name: f.name, dataPools: [...f.data_pools], dataPoolIds: [...f.data_pool_ids] })));
}

const validateGroupLs = defineValidator<{ name: string }[]>({
  name: "cephSubvolumeGroupLs",
  schema: { type: "array", items: { type: "object", required: ["name"], properties: { name: { type: "string" } } } },
});

/** `ceph fs subvolumegroup ls <fs>`: the group names (Ceph prints nothing for none). */
export function parseSubvolumeGroups(fs: string, outcome: CephOutcome): Result<string[]> {
  const cmd = subvolumeGroupLs(fs);
  const j = json(cmd, outcome, []);
  if (!j.ok) return j;
  if (!validateGroupLs(j.value)) return err(unreadable(cmd));
  return ok(j.value.map((g) => g.name));
}

/** `rados lspools`: the pool names. */
export function parsePools(outcome: CephOutcome): Result<string[]> {
  const out = outputOf(LSPOOLS, outcome);
  if (!out.ok) return out;
  return ok(out.value.split("\n").map((l) => l.trim()).filter((l) => l !== ""));
}

/** Whether a create (or any command whose output does not matter) succeeded. */
export function parseDone(cmd: CephCommand, outcome: CephOutcome): Result<true> {
  const out = outputOf(cmd, outcome);
  return out.ok ? ok(true) : out;
}

