/** The package seam: apt-get install ceph-common, retried once after an update; failures as a one-line detail. */
import assert from "node:assert/strict";
import { CEPH_PACKAGES, installCephCommon } from "../../../src/host/apt.ts";
import { fakeBin } from "./fake-bin.ts";

describe("installing ceph-common", () => {
  it("runs apt-get install non-interactively for ceph-common", async () => {
    const apt = fakeBin('[ "$DEBIAN_FRONTEND" = noninteractive ] || exit 9');
    try {
      assert.deepEqual(await installCephCommon({ aptGet: apt.path }), { ok: true, value: undefined });
      assert.deepEqual(apt.calls(), ["install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold ceph-common"]);
      assert.deepEqual(CEPH_PACKAGES, ["ceph-common"]);
    } finally {
      apt.cleanup();
    }
  });

  it("updates the package lists and retries once when install fails", async () => {
    const apt = fakeBin(`case "$1" in update) touch "$LOG.updated" ;; install) [ -e "$LOG.updated" ] || exit 100 ;; esac`);
    try {
      assert.equal((await installCephCommon({ aptGet: apt.path })).ok, true);
      assert.deepEqual(apt.calls().map((c) => c.split(" ")[0]), ["install", "update", "install"]);
    } finally {
      apt.cleanup();
    }
  });

  it("gives apt's first error line when it keeps failing (binary from CEPH_CSI_APT_GET), after one retry only", async () => {
    const apt = fakeBin('echo "E: Unable to locate package ceph-common" >&2; echo "second line" >&2; exit 100');
    const saved = process.env["CEPH_CSI_APT_GET"];
    process.env["CEPH_CSI_APT_GET"] = apt.path;
    try {
      assert.deepEqual(await installCephCommon(), { ok: false, error: "E: Unable to locate package ceph-common" });
      assert.deepEqual(apt.calls().map((c) => c.split(" ")[0]), ["install", "update", "install"]);
    } finally {
      if (saved === undefined) delete process.env["CEPH_CSI_APT_GET"];
      else process.env["CEPH_CSI_APT_GET"] = saved;
      apt.cleanup();
    }
  });

  it("a silent failure gives the exit code", async () => {
    const apt = fakeBin("exit 42");
    try {
      assert.deepEqual(await installCephCommon({ aptGet: apt.path }), { ok: false, error: "exit code 42" });
    } finally {
      apt.cleanup();
    }
  });

  it("fails (does not throw) when apt-get is missing or times out", async () => {
    const missing = await installCephCommon({ aptGet: "/nonexistent/apt-get" });
    assert.equal(missing.ok, false);
    assert.ok(!missing.ok && missing.error !== "" && !missing.error.includes("\n"));
    const slow = fakeBin("exec sleep 30");
    try {
      assert.deepEqual(await installCephCommon({ aptGet: slow.path, timeoutMs: 200 }), { ok: false, error: "apt-get timed out" });
    } finally {
      slow.cleanup();
    }
  });
});
