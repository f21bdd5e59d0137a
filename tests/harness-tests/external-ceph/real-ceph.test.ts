/**
 * An external Ceph cluster prepared by its operator (pools + a restricted user), handed over as
 * the content of a Juju user secret; what Ceph CSI and the charm can do with that content alone.
 * Fails (never skips) when Ceph is not installed.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { type ExternalSecretContent, prepareExternalCluster, splitMonitors } from "../../harness/external-ceph/external-cluster.ts";
import { asClient, type ClientCreds } from "../../harness/real-ceph/as-client.ts";
import { type RealCeph, startCeph } from "../../harness/real-ceph/cluster.ts";

function credsOf(c: ExternalSecretContent): ClientCreds {
  return { id: c.user, key: c.key, monitors: splitMonitors(c.monitors) };
}

/** Polls `rbd trash ls <pool>` (with `creds`) until it is empty; false when `timeoutMs` passes first. */
async function trashEmptied(creds: ClientCreds, pool: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await asClient("rbd", creds, ["trash", "ls", pool])).trim() === "") return true;
    if (Date.now() > deadline) return false;
    await sleep(500);
  }
}

describe("external-ceph against real Ceph: the secret's content is all Ceph CSI and the charm need", function () {
  this.timeout(240_000);
  let ceph: RealCeph;
  let content: ExternalSecretContent;

  before(async () => {
    ceph = await startCeph({ mds: true });
    content = await prepareExternalCluster(ceph, { cephfs: "ceph-fs" });
  });
  after(async () => ceph?.stop());

  it("hands over only fsid, monitors, user (no client. prefix), key and cephfs — no rbd-pool with the default pools", () => {
    assert.deepEqual(Object.keys(content).sort(), ["cephfs", "fsid", "key", "monitors", "user"]);
    assert.deepEqual([content.fsid, content.monitors, content.user, content.cephfs], [ceph.fsid, ceph.publicAddress, "ceph-csi-external", "ceph-fs"]);
    assert.ok(/^[A-Za-z0-9+/]{38}==$/.test(content.key), "key is a cephx secret");
  });

  it("lists the pools with only those credentials (`rados lspools`, `ceph osd pool ls`); `ceph fsid` matches", async () => {
    const creds = credsOf(content);
    const want = ["cephfs.ceph-fs.data", "cephfs.ceph-fs.meta", "ext4-pool", "xfs-pool"];
    assert.deepEqual((await asClient("rados", creds, ["lspools"])).trim().split("\n").sort(), want);
    assert.deepEqual((JSON.parse(await asClient("ceph", creds, ["osd", "pool", "ls", "--format", "json"])) as string[]).sort(), want);
    assert.equal((await asClient("ceph", creds, ["fsid"])).trim(), ceph.fsid);
  });

  it("RBD with only those credentials: create/list/remove in xfs-pool and ext4-pool, delete through the mgr trash task", async () => {
    const creds = credsOf(content);
    for (const pool of ["xfs-pool", "ext4-pool"]) {
      await asClient("rbd", creds, ["create", `${pool}/pvc-1`, "--size", "16M"]);
      assert.equal((await asClient("rbd", creds, ["ls", pool])).trim(), "pvc-1");
      await asClient("rbd", creds, ["rm", `${pool}/pvc-1`]);
      assert.equal((await asClient("rbd", creds, ["ls", pool])).trim(), "");
    }
    await asClient("rbd", creds, ["create", "xfs-pool/pvc-2", "--size", "16M"]);
    await asClient("rbd", creds, ["trash", "mv", "xfs-pool/pvc-2"]);
    const [id, name] = (await asClient("rbd", creds, ["trash", "ls", "xfs-pool"])).trim().split(/\s+/);
    assert.equal(name, "pvc-2", "the image is in the trash");
    await asClient("ceph", creds, ["rbd", "task", "add", "trash", "remove", `xfs-pool/${id}`]);
    assert.equal(await trashEmptied(creds, "xfs-pool", 60_000), true, "the mgr task removed the trashed image");
    await assert.rejects(asClient("ceph", creds, ["osd", "pool", "create", "forbidden"]), /EACCES|denied/i);
  });

  it("CephFS with only those credentials: `ceph fs ls` shows the data pool and its id; group csi and a subvolume can be made", async () => {
    const creds = credsOf(content);
    const [fs] = JSON.parse(await asClient("ceph", creds, ["fs", "ls", "--format", "json"])) as { name: string; data_pools: string[]; data_pool_ids: number[] }[];
    assert.deepEqual([fs?.name, fs?.data_pools], ["ceph-fs", ["cephfs.ceph-fs.data"]]);
    const detail = JSON.parse(await ceph.admin(["osd", "pool", "ls", "detail", "--format", "json"])) as { pool_name: string; pool_id: number }[];
    assert.deepEqual(fs?.data_pool_ids, [detail.find((p) => p.pool_name === "cephfs.ceph-fs.data")?.pool_id]);
    await asClient("ceph", creds, ["fs", "subvolumegroup", "create", "ceph-fs", "csi"]);
    await asClient("ceph", creds, ["fs", "subvolume", "create", "ceph-fs", "vol1", "--group_name", "csi", "--size", "33554432"]);
    assert.match((await asClient("ceph", creds, ["fs", "subvolume", "getpath", "ceph-fs", "vol1", "--group_name", "csi"])).trim(), /^\/volumes\/csi\/vol1\//);
    await asClient("ceph", creds, ["fs", "subvolume", "rm", "ceph-fs", "vol1", "--group_name", "csi"]);
  });

  it("a custom RBD pool is handed over as rbd-pool; that user reaches only its pool; space-separated monitors work too", async () => {
    const custom = await prepareExternalCluster(ceph, { rbdPool: "k8s-rbd", user: "csi-custom", monitors: [ceph.publicAddress, ceph.publicAddress], monitorSeparator: " " });
    assert.deepEqual([custom["rbd-pool"], custom.cephfs, custom.monitors], ["k8s-rbd", undefined, `${ceph.publicAddress} ${ceph.publicAddress}`]);
    const creds = credsOf(custom);
    await asClient("rbd", creds, ["create", "k8s-rbd/img", "--size", "16M"]);
    assert.equal((await asClient("rbd", creds, ["ls", "k8s-rbd"])).trim(), "img");
    await asClient("rbd", creds, ["rm", "k8s-rbd/img"]);
    // librbd words the refusal either way: EPERM itself, or the existence check it could not make.
    await assert.rejects(asClient("rbd", creds, ["create", "xfs-pool/img", "--size", "16M"]), /denied|not permitted|Could not tell if img already exists/i);
    assert.ok((await asClient("rados", creds, ["lspools"])).split("\n").includes("k8s-rbd"), "pool listing works with a pool-scoped user");
  });
});
