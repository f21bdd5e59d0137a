import assert from "node:assert/strict";
import { APT_FAILED_MESSAGE, installCephCommon } from "../../../src/ceph/apt.ts";
import { fakeBin } from "./fake-bin.ts";

describe("installing ceph-common", () => {
  it("runs apt-get install non-interactively for ceph-common", async () => {
    const apt = fakeBin('[ "$DEBIAN_FRONTEND" = noninteractive ] || exit 9');
    try {
      assert.deepEqual(await installCephCommon({ aptGet: apt.path }), { ok: true, value: undefined });
      assert.deepEqual(apt.calls(), ["install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold ceph-common"]);
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

  it("blocks with the operator's known message when apt keeps failing (env override)", async () => {
    const apt = fakeBin('echo "E: Unable to locate package ceph-common" >&2; exit 100');
    const saved = process.env["CEPH_CSI_APT_GET"];
    process.env["CEPH_CSI_APT_GET"] = apt.path;
    try {
      assert.deepEqual(await installCephCommon(), {
        ok: false,
        problem: { status: "blocked", message: APT_FAILED_MESSAGE },
        detail: "E: Unable to locate package ceph-common",
      });
      assert.equal(APT_FAILED_MESSAGE, "Failed to install ceph apt packages.");
    } finally {
      if (saved === undefined) delete process.env["CEPH_CSI_APT_GET"];
      else process.env["CEPH_CSI_APT_GET"] = saved;
      apt.cleanup();
    }
  });

  it("blocks (does not throw) when apt-get is missing or times out", async () => {
    assert.equal((await installCephCommon({ aptGet: "/nonexistent/apt-get" })).ok, false);
    const slow = fakeBin("exec sleep 30");
    try {
      const r = await installCephCommon({ aptGet: slow.path, timeoutMs: 200 });
      assert.deepEqual(r, { ok: false, problem: { status: "blocked", message: APT_FAILED_MESSAGE }, detail: "apt-get timed out" });
    } finally {
      slow.cleanup();
    }
  });
});
