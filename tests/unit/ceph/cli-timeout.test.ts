/** A hung `ceph` is cut off at the timeout, together with any child that keeps its output open. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cephCli } from "../../../src/ceph/cli.ts";

describe("ceph CLI timeout", function () {
  // Without the process-group kill this would wait for the 60 s children: mocha's limit fails it.
  this.timeout(15_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "ceph-timeout-"));
    // A ceph that hangs, with a background child holding stdout and stderr open.
    writeFileSync(join(dir, "ceph"), "#!/bin/sh\nsleep 60 &\nsleep 60\n", { mode: 0o755 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("returns waiting '<command> timed out' and does not wait for the children", async () => {
    const cli = cephCli({
      conf: { dir, confPath: join(dir, "ceph.conf"), user: "ceph-csi", keyringPath: join(dir, "k") },
      bin: join(dir, "ceph"),
      timeoutMs: 500,
    });
    const r = await cli.fsid();
    assert.equal(r.ok, false);
    if (!r.ok) assert.deepEqual(r.problem, { status: "waiting", message: "ceph fsid timed out after 500ms" });
  });
});
