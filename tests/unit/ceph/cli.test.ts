import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cephCli } from "../../../src/ceph/cli.ts";
import { type ConfFiles, writeConf } from "../../../src/ceph/conf.ts";
import { fakeBin } from "./fake-bin.ts";

const KEY = "AQAIOTxnAAAAABAAa7S7GqybaYcmjRlglhO9Pg==";
const ADMIN = "AQAFOTxnAAAAABAAjGl25bVBBBW96Qi9Te4V3w==";
const FSID = "6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21";

describe("ceph CLI seam", () => {
  let charmDir: string;
  let conf: ConfFiles;
  before(async () => {
    charmDir = mkdtempSync(join(tmpdir(), "charm-"));
    const r = await writeConf(charmDir, { monitors: ["10.0.0.1"], auth: "cephx", user: "ceph-csi", key: KEY, adminKey: ADMIN });
    assert.ok(r.ok);
    conf = r.value;
  });
  after(() => rmSync(charmDir, { recursive: true, force: true }));

  it("runs ceph with the private conf and the charm's own user, never /etc/ceph", async () => {
    const bin = fakeBin(`echo ${FSID.toUpperCase()}`);
    try {
      const r = await cephCli({ conf, bin: bin.path }).fsid();
      assert.deepEqual(r, { ok: true, value: FSID });
      assert.deepEqual(bin.calls(), [`-c ${conf.confPath} --id ceph-csi --keyring ${conf.keyringPath} fsid`]);
    } finally {
      bin.cleanup();
    }
  });

  it("uses client.admin's private keyring when asked and available", async () => {
    const bin = fakeBin("echo '[]'");
    try {
      await cephCli({ conf, bin: bin.path, asAdmin: true }).fsLs();
      assert.deepEqual(bin.calls(), [`-c ${conf.confPath} --id admin --keyring ${conf.adminKeyringPath} fs ls --format json`]);
    } finally {
      bin.cleanup();
    }
  });

  it("takes the binary from CEPH_CSI_CEPH_BIN", async () => {
    const bin = fakeBin(`echo ${FSID}`);
    const saved = process.env["CEPH_CSI_CEPH_BIN"];
    process.env["CEPH_CSI_CEPH_BIN"] = bin.path;
    try {
      assert.deepEqual(await cephCli({ conf }).fsid(), { ok: true, value: FSID });
    } finally {
      if (saved === undefined) delete process.env["CEPH_CSI_CEPH_BIN"];
      else process.env["CEPH_CSI_CEPH_BIN"] = saved;
      bin.cleanup();
    }
  });

  it("parses ceph fs ls into names and data pools", async () => {
    const out = JSON.stringify([
      { name: "ceph-fs", metadata_pool: "ceph-fs_metadata", metadata_pool_id: 2, data_pool_ids: [3, 4], data_pools: ["ceph-fs_data", "ec"] },
      { name: "other", metadata_pool: "m", metadata_pool_id: 5, data_pool_ids: [6], data_pools: ["d"] },
    ]);
    const bin = fakeBin(`echo '${out}'`);
    try {
      assert.deepEqual(await cephCli({ conf, bin: bin.path }).fsLs(), {
        ok: true,
        value: [
          { name: "ceph-fs", dataPools: ["ceph-fs_data", "ec"] },
          { name: "other", dataPools: ["d"] },
        ],
      });
    } finally {
      bin.cleanup();
    }
  });

  it("creates subvolume group csi only where it is missing", async () => {
    const bin = fakeBin(`case "$*" in
  *"subvolumegroup ls a "*) echo '[{"name": "csi"}]' ;;
  *"subvolumegroup ls b "*) echo '[]' ;;
  *) : ;;
esac`);
    try {
      const cli = cephCli({ conf, bin: bin.path });
      assert.deepEqual(await cli.ensureSubvolumeGroup("a"), { ok: true, value: false });
      assert.deepEqual(await cli.ensureSubvolumeGroup("b"), { ok: true, value: true });
      assert.deepEqual(
        bin.calls().map((c) => c.split(" ").slice(6).join(" ")),
        ["fs subvolumegroup ls a --format json", "fs subvolumegroup ls b --format json", "fs subvolumegroup create b csi"],
      );
    } finally {
      bin.cleanup();
    }
  });

  it("turns a failure into a blocked problem naming the command, first stderr line, keys redacted", async () => {
    const bin = fakeBin(`echo "Error EACCES: access denied for key ${KEY}" >&2; echo "more" >&2; exit 13`);
    try {
      assert.deepEqual(await cephCli({ conf, bin: bin.path }).fsLs(), {
        ok: false,
        problem: { status: "blocked", message: "ceph fs ls failed: Error EACCES: access denied for key <redacted>" },
      });
    } finally {
      bin.cleanup();
    }
  });

  it("reports unreadable output rather than throwing", async () => {
    const bin = fakeBin("echo 'not json'");
    try {
      const cli = cephCli({ conf, bin: bin.path });
      assert.deepEqual(await cli.fsLs(), { ok: false, problem: { status: "blocked", message: "ceph fs ls failed: unreadable output" } });
      assert.deepEqual(await cli.fsid(), { ok: false, problem: { status: "blocked", message: "ceph fsid failed: unreadable output" } });
    } finally {
      bin.cleanup();
    }
  });

  it("times out every call: waiting, naming the command", async () => {
    const bin = fakeBin("exec sleep 30");
    try {
      const r = await cephCli({ conf, bin: bin.path, timeoutMs: 300 }).fsid();
      assert.deepEqual(r, { ok: false, problem: { status: "waiting", message: "ceph fsid timed out after 300ms" } });
    } finally {
      bin.cleanup();
    }
  });

  it("reports a missing binary", async () => {
    const r = await cephCli({ conf, bin: "/nonexistent/ceph" }).fsid();
    assert.deepEqual(r, { ok: false, problem: { status: "blocked", message: "ceph fsid failed: /nonexistent/ceph not found" } });
  });
});
