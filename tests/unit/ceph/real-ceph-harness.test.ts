/** The real-Ceph launcher's safety rails (no cluster is started here). */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { missingCephBinaries, startCeph } from "../../harness/real-ceph/cluster.ts";
import { daemonPids, isOurDaemon } from "../../harness/real-ceph/daemons.ts";

describe("real-ceph launcher", () => {
  it("fails loudly (does not skip) when the ceph binaries are missing", async () => {
    const saved = process.env["PATH"];
    process.env["PATH"] = "/nonexistent";
    try {
      assert.ok(missingCephBinaries().includes("ceph-mon"));
      await assert.rejects(startCeph(), /Ceph binaries missing: ceph, rbd, ceph-mon/);
    } finally {
      process.env["PATH"] = saved;
    }
  });

  it("only ever signals ceph daemons started with this directory's ceph.conf", () => {
    const dir = mkdtempSync("/tmp/cc-");
    try {
      mkdirSync(join(dir, "run"));
      // a pid file pointing at a process that is not one of our daemons (this test process)
      writeFileSync(join(dir, "run", "ceph-mon.a.pid"), `${process.pid}\n`);
      writeFileSync(join(dir, "run", "ceph-osd.0.pid"), "999999999\n");
      assert.equal(isOurDaemon(process.pid, dir), false);
      assert.deepEqual(daemonPids(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
