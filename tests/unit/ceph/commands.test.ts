/** The ceph commands as data: their arguments, and how their outcomes are read. */
import assert from "node:assert/strict";
import {
  type CephOutcome,
  FS_LS,
  FSID,
  outputOf,
  parseDone,
  parseFsid,
  parseFsLs,
  parseSubvolumeGroups,
  subvolumeGroupCreate,
  subvolumeGroupLs,
} from "../../../src/ceph/commands.ts";
import type { Result } from "../../../src/result.ts";
import type { Problem } from "../../../src/status/problem.ts";

const KEY = "AQAIOTxnAAAAABAAa7S7GqybaYcmjRlglhO9Pg==";
const FSID_VALUE = "6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21";

const ok = (stdout: string): CephOutcome => ({ kind: "ok", stdout });
const failed = (stderr: string, exitCode?: number): CephOutcome => (exitCode === undefined ? { kind: "failed", stderr } : { kind: "failed", stderr, exitCode });

/** [id, status, text] of a failed result. */
function problemOf<T>(r: Result<T, Problem>): [string, string, string] {
  if (r.ok) assert.fail(`expected a problem, got ${JSON.stringify(r.value)}`);
  return [r.error.id, r.error.status, r.error.text];
}

/** `ceph fs ls --format json` as Ceph 16 prints it. */
const FS_LS_OUTPUT = JSON.stringify([
  { name: "ceph-fs", metadata_pool: "ceph-fs_metadata", metadata_pool_id: 2, data_pool_ids: [3, 4], data_pools: ["ceph-fs_data", "ec"] },
  { name: "other", metadata_pool: "m", metadata_pool_id: 5, data_pool_ids: [6], data_pools: ["d"] },
]);

describe("ceph commands", () => {
  it("are the arguments after the connection options, with the name an operator would type", () => {
    assert.deepEqual([FSID.name, FSID.args], ["ceph fsid", ["fsid"]]);
    assert.deepEqual([FS_LS.name, FS_LS.args], ["ceph fs ls", ["fs", "ls", "--format", "json"]]);
    const ls = subvolumeGroupLs("ceph-fs");
    assert.deepEqual([ls.name, ls.args], ["ceph fs subvolumegroup ls ceph-fs", ["fs", "subvolumegroup", "ls", "ceph-fs", "--format", "json"]]);
    const create = subvolumeGroupCreate("ceph-fs");
    assert.deepEqual([create.name, create.args], ["ceph fs subvolumegroup create ceph-fs csi", ["fs", "subvolumegroup", "create", "ceph-fs", "csi"]]);
    assert.deepEqual(subvolumeGroupCreate("a", "other").args, ["fs", "subvolumegroup", "create", "a", "other"]);
  });

  it("have a stable key per distinct command", () => {
    const keys = [FSID, FS_LS, subvolumeGroupLs("a"), subvolumeGroupLs("b"), subvolumeGroupCreate("a")].map((c) => c.key);
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(subvolumeGroupLs("a").key, subvolumeGroupLs("a").key);
  });
});

describe("outputOf", () => {
  it("gives the output of a command that succeeded", () => {
    assert.deepEqual(outputOf(FSID, ok("x\n")), { ok: true, value: "x\n" });
  });

  it("a timeout is waiting, naming the command and the time", () => {
    assert.deepEqual(problemOf(outputOf(FSID, { kind: "timeout", afterMs: 500 })), ["cephTimeout", "waiting", "ceph fsid timed out after 500ms"]);
    assert.deepEqual(problemOf(outputOf(FS_LS, { kind: "timeout", afterMs: 30_000 })), ["cephTimeout", "waiting", "ceph fs ls timed out after 30s"]);
  });

  it("a failure is blocked, with the first stderr line, keys redacted", () => {
    const r = outputOf(FS_LS, failed(`Error EACCES: access denied for key ${KEY}\nmore`, 13));
    assert.deepEqual(problemOf(r), ["cephCommand", "blocked", "ceph fs ls failed: Error EACCES: access denied for key <redacted>"]);
    assert.ok(!JSON.stringify(r).includes(KEY));
  });

  it("without stderr: the exit code, else 'unknown error'; a missing binary is named", () => {
    assert.equal(problemOf(outputOf(FSID, failed("  \n", 2)))[2], "ceph fsid failed: exit code 2");
    assert.equal(problemOf(outputOf(FSID, failed("")))[2], "ceph fsid failed: unknown error");
    assert.equal(problemOf(outputOf(FSID, { kind: "failed", stderr: "", missingBinary: "/nonexistent/ceph" }))[2], "ceph fsid failed: /nonexistent/ceph not found");
  });
});

describe("reading command output", () => {
  it("parseFsid: trims and lower-cases; anything else is unreadable", () => {
    assert.deepEqual(parseFsid(ok(`${FSID_VALUE.toUpperCase()}\n`)), { ok: true, value: FSID_VALUE });
    for (const junk of ["", "not-a-uuid", `${FSID_VALUE} extra`]) {
      assert.deepEqual(problemOf(parseFsid(ok(junk))), ["cephCommand", "blocked", "ceph fsid failed: unreadable output"], junk);
    }
    assert.deepEqual(problemOf(parseFsid({ kind: "timeout", afterMs: 2000 })), ["cephTimeout", "waiting", "ceph fsid timed out after 2s"]);
  });

  it("parseFsLs: names, data pools and their ids (from data_pool_ids), in Ceph's order", () => {
    assert.deepEqual(parseFsLs(ok(FS_LS_OUTPUT)), {
      ok: true,
      value: [
        { name: "ceph-fs", dataPools: ["ceph-fs_data", "ec"], dataPoolIds: [3, 4] },
        { name: "other", dataPools: ["d"], dataPoolIds: [6] },
      ],
    });
    assert.deepEqual(parseFsLs(ok("[]")), { ok: true, value: [] });
  });

  it("parseFsLs: unreadable when not JSON, not the shape, or ids not matching the pools", () => {
    const bad = [
      "not json",
      "",
      "{}",
      JSON.stringify([{ name: "a", data_pools: ["d"] }]),
      JSON.stringify([{ name: "a", data_pools: ["d", "e"], data_pool_ids: [1] }]),
      JSON.stringify([{ name: "a", data_pools: ["d"], data_pool_ids: ["1"] }]),
      JSON.stringify([{ name: "", data_pools: [], data_pool_ids: [] }]),
    ];
    for (const out of bad) assert.deepEqual(problemOf(parseFsLs(ok(out))), ["cephCommand", "blocked", "ceph fs ls failed: unreadable output"], out);
    assert.equal(problemOf(parseFsLs(failed("Error EPERM", 1)))[2], "ceph fs ls failed: Error EPERM");
  });

  it("parseSubvolumeGroups: the names; Ceph prints nothing for none", () => {
    assert.deepEqual(parseSubvolumeGroups("a", ok('[{"name": "csi"}, {"name": "_nogroup"}]')), { ok: true, value: ["csi", "_nogroup"] });
    assert.deepEqual(parseSubvolumeGroups("a", ok("\n")), { ok: true, value: [] });
    assert.deepEqual(problemOf(parseSubvolumeGroups("a", ok('[{"nom": 1}]'))), ["cephCommand", "blocked", "ceph fs subvolumegroup ls a failed: unreadable output"]);
    assert.equal(problemOf(parseSubvolumeGroups("b", { kind: "timeout", afterMs: 100 }))[2], "ceph fs subvolumegroup ls b timed out after 100ms");
  });

  it("parseDone: success whatever the output, else the command's problem", () => {
    const create = subvolumeGroupCreate("a");
    assert.deepEqual(parseDone(create, ok("")), { ok: true, value: true });
    assert.deepEqual(problemOf(parseDone(create, failed("Error ENOENT: filesystem a does not exist", 2))), [
      "cephCommand",
      "blocked",
      "ceph fs subvolumegroup create a csi failed: Error ENOENT: filesystem a does not exist",
    ]);
  });
});
