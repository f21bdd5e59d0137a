import assert from "node:assert/strict";
import sinon from "sinon";
import type { AdminRelationData } from "../../../src/ceph/admin-relation.ts";
import type { ClientRelationData } from "../../../src/ceph/client-relation.ts";
import { buildCluster, ensureCsiSubvolumeGroups } from "../../../src/ceph/cluster.ts";
import { fail, ok } from "../../../src/ceph/result.ts";

const KEY = "AQAIOTxnAAAAABAAa7S7GqybaYcmjRlglhO9Pg==";
const FSID = "6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21";
const client: ClientRelationData = { monitors: ["10.0.0.1", "10.0.0.2"], auth: "cephx", key: KEY, rbdFeatures: 61 };
const admin: AdminRelationData = { fsid: "11111111-2222-3333-4444-555555555555", monHosts: ["10.0.0.1"], auth: "cephx", key: "x" };

function stubCli() {
  return {
    fsid: sinon.stub().resolves(ok(FSID)),
    fsLs: sinon.stub().resolves(ok([{ name: "zeta", dataPools: ["z"] }, { name: "alpha", dataPools: ["a1", "a2"] }])),
  };
}

describe("cluster model", () => {
  it("combines client relation data with ceph fsid and ceph fs ls", async () => {
    const cli = stubCli();
    const r = await buildCluster({ user: "ceph-csi", client, cli, listFilesystems: true });
    assert.deepEqual(r, {
      ok: true,
      value: {
        fsid: FSID,
        monitors: ["10.0.0.1", "10.0.0.2"],
        auth: "cephx",
        user: "ceph-csi",
        key: KEY,
        filesystems: [
          { name: "alpha", dataPools: ["a1", "a2"] },
          { name: "zeta", dataPools: ["z"] },
        ],
        rbdFeatures: 61,
      },
    });
  });

  it("takes the fsid from ceph-admin when present (no ceph fsid call), and skips fs ls when cephfs is off", async () => {
    const cli = stubCli();
    const r = await buildCluster({ user: "ceph-csi", client, admin, cli, listFilesystems: false });
    assert.equal(r.ok && r.value.fsid, admin.fsid);
    assert.deepEqual(r.ok && r.value.filesystems, []);
    assert.equal(cli.fsid.callCount, 0);
    assert.equal(cli.fsLs.callCount, 0);
  });

  it("passes a CLI problem through (naming the command)", async () => {
    const cli = stubCli();
    cli.fsLs.resolves(fail("blocked", "ceph fs ls failed: Error EACCES"));
    const r = await buildCluster({ user: "ceph-csi", client, cli, listFilesystems: true });
    assert.deepEqual(r, { ok: false, problem: { status: "blocked", message: "ceph fs ls failed: Error EACCES" } });
  });

  it("ensures subvolume group csi on every filesystem, stopping at the first failure", async () => {
    const ensure = sinon.stub();
    ensure.withArgs("a").resolves(ok(true));
    ensure.withArgs("b").resolves(ok(false));
    ensure.withArgs("c").resolves(fail("waiting", "ceph fs subvolumegroup ls c timed out after 30s"));
    const cli = { ensureSubvolumeGroup: ensure };
    assert.deepEqual(await ensureCsiSubvolumeGroups(cli, [{ name: "a", dataPools: [] }, { name: "b", dataPools: [] }]), ok(["a"]));
    const r = await ensureCsiSubvolumeGroups(cli, [{ name: "c", dataPools: [] }, { name: "a", dataPools: [] }]);
    assert.equal(r.ok, false);
  });
});
