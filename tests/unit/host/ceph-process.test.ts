/** The Ceph seam: runs `ceph` with the private conf and an explicit identity; outcomes as data, never a throw. */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FS_LS, FSID, outputOf } from "../../../src/ceph/commands.ts";
import type { ConfPaths } from "../../../src/ceph/conf-files.ts";
import { DEFAULT_CEPH_TIMEOUT_MS, runCeph } from "../../../src/host/ceph-process.ts";
import { fakeBin } from "./fake-bin.ts";

const KEY = "AQAIOTxnAAAAABAAa7S7GqybaYcmjRlglhO9Pg==";
const FSID_VALUE = "6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21";

const PATHS: ConfPaths = {
  confPath: "/charm/ceph-conf/ceph.conf",
  user: "ceph-csi",
  keyringPath: "/charm/ceph-conf/ceph.client.ceph-csi.keyring",
  adminKeyringPath: "/charm/ceph-conf/ceph.client.admin.keyring",
};
const { adminKeyringPath: _admin, ...USER_ONLY } = PATHS;

/** True when the process is gone (or a zombie waiting to be reaped). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

describe("ceph process seam", () => {
  it("runs ceph with the private conf and the charm's own user, never /etc/ceph", async () => {
    const bin = fakeBin(`echo ${FSID_VALUE}`);
    try {
      const r = await runCeph({ paths: PATHS, args: FSID.args, bin: bin.path });
      assert.deepEqual(r, { kind: "ok", stdout: FSID_VALUE });
      assert.deepEqual(bin.calls(), [`-c ${PATHS.confPath} --id ceph-csi --keyring ${PATHS.keyringPath} fsid`]);
    } finally {
      bin.cleanup();
    }
  });

  it("passes CEPH_CONF as the private conf and CEPH_ARGS as Ceph's own time limits only (never the caller's)", async () => {
    const bin = fakeBin(`echo "CEPH_CONF=$CEPH_CONF CEPH_ARGS=[$CEPH_ARGS]"`);
    const saved = process.env["CEPH_ARGS"];
    process.env["CEPH_ARGS"] = "--id admin";
    try {
      const r = await runCeph({ paths: PATHS, args: ["x"], bin: bin.path });
      const limits = "--client_mount_timeout=18 --rados_mon_op_timeout=18 --rados_osd_op_timeout=18";
      assert.equal(DEFAULT_CEPH_TIMEOUT_MS, 30_000);
      assert.deepEqual(r, { kind: "ok", stdout: `CEPH_CONF=${PATHS.confPath} CEPH_ARGS=[${limits}]` });
    } finally {
      if (saved === undefined) delete process.env["CEPH_ARGS"];
      else process.env["CEPH_ARGS"] = saved;
      bin.cleanup();
    }
  });

  it("uses client.admin's private keyring when asked and available, else the charm's user", async () => {
    const bin = fakeBin("echo '[]'");
    try {
      await runCeph({ paths: PATHS, asAdmin: true, args: FS_LS.args, bin: bin.path });
      await runCeph({ paths: USER_ONLY, asAdmin: true, args: FS_LS.args, bin: bin.path });
      assert.deepEqual(bin.calls(), [
        `-c ${PATHS.confPath} --id admin --keyring ${PATHS.adminKeyringPath} fs ls --format json`,
        `-c ${PATHS.confPath} --id ceph-csi --keyring ${PATHS.keyringPath} fs ls --format json`,
      ]);
    } finally {
      bin.cleanup();
    }
  });

  it("takes the binary from CEPH_CSI_CEPH_BIN", async () => {
    const bin = fakeBin(`echo ${FSID_VALUE}`);
    const saved = process.env["CEPH_CSI_CEPH_BIN"];
    process.env["CEPH_CSI_CEPH_BIN"] = bin.path;
    try {
      assert.deepEqual(await runCeph({ paths: PATHS, args: FSID.args }), { kind: "ok", stdout: FSID_VALUE });
      assert.equal(bin.calls().length, 1);
    } finally {
      if (saved === undefined) delete process.env["CEPH_CSI_CEPH_BIN"];
      else process.env["CEPH_CSI_CEPH_BIN"] = saved;
      bin.cleanup();
    }
  });

  it("a failure comes back with stderr and the exit code; the command's problem names it, keys redacted", async () => {
    const bin = fakeBin(`echo "Error EACCES: access denied for key ${KEY}" >&2; echo "more" >&2; exit 13`);
    try {
      const outcome = await runCeph({ paths: PATHS, args: FS_LS.args, bin: bin.path });
      assert.equal(outcome.kind, "failed");
      assert.equal(outcome.kind === "failed" && outcome.exitCode, 13);
      assert.match(outcome.kind === "failed" ? outcome.stderr : "", /^Error EACCES: access denied/);
      const r = outputOf(FS_LS, outcome);
      assert.equal(r.ok ? "" : r.error.text, "ceph fs ls failed: Error EACCES: access denied for key <redacted>");
    } finally {
      bin.cleanup();
    }
  });

  it("a failure without stderr still says something (exit code)", async () => {
    const bin = fakeBin("exit 3");
    try {
      const outcome = await runCeph({ paths: PATHS, args: FSID.args, bin: bin.path });
      assert.equal(outcome.kind === "failed" && outcome.exitCode, 3);
      const r = outputOf(FSID, outcome);
      assert.match(r.ok ? "" : r.error.text, /^ceph fsid failed: .*\S/);
    } finally {
      bin.cleanup();
    }
  });

  it("reports a missing binary", async () => {
    const outcome = await runCeph({ paths: PATHS, args: FSID.args, bin: "/nonexistent/ceph" });
    assert.deepEqual(outcome, { kind: "failed", stderr: "", missingBinary: "/nonexistent/ceph" });
    const r = outputOf(FSID, outcome);
    assert.equal(r.ok ? "" : r.error.text, "ceph fsid failed: /nonexistent/ceph not found");
  });

  it("Ceph ending the call at its own limit ([errno 110], or rados's mon config at the limit) is a timeout too; a quick refusal is not", async () => {
    const cases: [string, number, string][] = [
      ['echo "[errno 110] RADOS timed out (error connecting to the cluster)" >&2; exit 1', 1000, "timeout"],
      ['echo "rbd: listing images failed: (110) Connection timed out" >&2; exit 110', 1000, "timeout"],
      ['sleep 0.7; echo "failed to fetch mon config (--no-mon-config to skip)" >&2; exit 1', 1000, "timeout"],
      ['echo "failed to fetch mon config (--no-mon-config to skip)" >&2; exit 1', 5000, "failed"],
      ['echo "[errno 13] RADOS permission denied (error connecting to the cluster)" >&2; exit 13', 1000, "failed"],
    ];
    for (const [body, timeoutMs, kind] of cases) {
      const bin = fakeBin(body);
      try {
        const outcome = await runCeph({ paths: PATHS, args: FSID.args, bin: bin.path, timeoutMs });
        assert.equal(outcome.kind, kind, body);
        if (kind === "timeout") assert.deepEqual(outcome, { kind: "timeout", afterMs: timeoutMs });
      } finally {
        bin.cleanup();
      }
    }
  });

  it("times out every call: a timeout outcome, waiting naming the command", async () => {
    const bin = fakeBin("exec sleep 30");
    try {
      const outcome = await runCeph({ paths: PATHS, args: FSID.args, bin: bin.path, timeoutMs: 300 });
      assert.deepEqual(outcome, { kind: "timeout", afterMs: 300 });
      const r = outputOf(FSID, outcome);
      assert.deepEqual(r.ok ? undefined : [r.error.status, r.error.text], ["waiting", "ceph fsid timed out after 300ms"]);
      assert.equal(DEFAULT_CEPH_TIMEOUT_MS, 30_000);
    } finally {
      bin.cleanup();
    }
  });

  it("on timeout kills the whole process group: a child holding the output open cannot hold the hook", async function () {
    // Without the process-group kill this would wait for the 60 s children: the limit fails it.
    this.timeout(15_000);
    const bin = fakeBin(`sleep 60 & echo $! > "$LOG.child"\nsleep 60`);
    try {
      const started = Date.now();
      const outcome = await runCeph({ paths: PATHS, args: FSID.args, bin: bin.path, timeoutMs: 500 });
      assert.deepEqual(outcome, { kind: "timeout", afterMs: 500 });
      assert.ok(Date.now() - started < 5000, `returned after ${Date.now() - started} ms`);
      const childFile = join(bin.path, "..", "calls.log.child");
      assert.ok(existsSync(childFile));
      const child = Number(readFileSync(childFile, "utf8").trim());
      for (let i = 0; i < 40 && !gone(child); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(gone(child), `background child ${child} was killed`);
    } finally {
      bin.cleanup();
    }
  });
});
