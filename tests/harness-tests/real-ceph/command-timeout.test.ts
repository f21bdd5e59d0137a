/**
 * The real-Ceph harness's command timeouts: the start's deadline bounds the start only. (It used
 * to bound every later command too: after two minutes each admin command had 1 s, and a test file
 * on a busy machine failed with "timed out" everywhere.)
 */
import assert from "node:assert/strict";
import { commandTimeout } from "../../harness/real-ceph/cluster.ts";
import { CEPH_REFUSED, clientTimeoutArgs } from "../../harness/real-ceph/as-client.ts";

describe("real-ceph harness: timeouts", () => {
  it("while starting, a command gets what is left of the start's deadline (at least 1 s)", () => {
    assert.equal(commandTimeout(60_000, 1_000_000 + 30_000, 1_000_000), 30_000);
    assert.equal(commandTimeout(10_000, 1_000_000 + 30_000, 1_000_000), 10_000);
    assert.equal(commandTimeout(60_000, 1_000_000 - 5_000, 1_000_000), 1000);
  });

  it("once started, a command has its own timeout, however long ago the start was", () => {
    assert.equal(commandTimeout(60_000, undefined, Number.MAX_SAFE_INTEGER), 60_000);
  });

  it("a client gets Ceph's own limits (connecting, mon and OSD operations), shorter than the kill", () => {
    assert.deepEqual(clientTimeoutArgs("ceph").slice(0, 2), ["--client_mount_timeout", "20"]);
    for (const bin of ["ceph", "rbd", "rados"] as const) {
      const args = clientTimeoutArgs(bin);
      for (const opt of ["--client_mount_timeout", "--rados_mon_op_timeout", "--rados_osd_op_timeout"]) assert.ok(args.includes(opt), `${bin} ${opt}`);
    }
    for (const bin of ["ceph", "rbd", "rados"] as const) assert.ok(!clientTimeoutArgs(bin).includes("--connect-timeout"), `${bin}: not --connect-timeout (its wording is a bare "timed out")`);
  });

  it("what counts as Ceph refusing the credentials: a permission denial or the client's own handshake limit (110), in either wording; not the kill, a bare timeout or another error", () => {
    for (const text of [
      "rbd ls rbd.k8s as client.csi-k8s failed: rbd: listing images failed: (13) Permission denied",
      "ceph osd pool ls as csi-web failed: [errno 13] RADOS permission denied (error connecting to the cluster)",
      "rbd ls rbd.k8s as client.csi-k8s failed: rbd: listing images failed: (110) Connection timed out",
      "ceph osd pool ls as csi-web failed: [errno 110] RADOS timed out (error connecting to the cluster)",
    ]) {
      assert.match(text, CEPH_REFUSED);
    }
    for (const text of ["ceph osd pool ls as csi-web failed: timed out", "ceph osd pool ls as csi-web failed: killed after 150000 ms", "rbd: error opening pool 'x': (2) No such file or directory"]) assert.doesNotMatch(text, CEPH_REFUSED);
  });
});
