/**
 * The MicroCeph stand-in over a real single-node Ceph (Pacific, one MDS), and what Ceph CSI can
 * do with nothing but MicroCeph's answer: user id (without `client.`), key, monitors.
 * Fails (never skips) when Ceph is not installed.
 */
import assert from "node:assert/strict";
import { MicroCephProvider, realMicroCeph } from "../../harness/microceph-sim/index.ts";
import { asClient, CEPH_REFUSED, type ClientCreds } from "../../harness/real-ceph/as-client.ts";
import { type RealCeph, startCeph } from "../../harness/real-ceph/cluster.ts";

/** What Ceph CSI gets from the provider's app bag: the id without `client.`, the key, the monitor list. */
function csiCreds(bag: Record<string, string>): ClientCreds {
  const userId = bag["user_id"] ?? "";
  assert.ok(userId.startsWith("client."), "MicroCeph sends user_id with the client. prefix");
  return { id: userId.slice("client.".length), key: bag["user_key"] ?? "", monitors: JSON.parse(bag["mon_hosts"] ?? "[]") as string[] };
}

interface FsLs {
  name: string;
  data_pools: string[];
  data_pool_ids: number[];
}

describe("microceph-sim against real Ceph: MicroCeph's ceph-csi answer is enough for Ceph CSI", function () {
  this.timeout(240_000);
  let ceph: RealCeph;
  let mc: MicroCephProvider;

  before(async () => {
    ceph = await startCeph({ mds: true });
    mc = new MicroCephProvider(realMicroCeph(ceph));
  });
  after(async () => ceph?.stop());

  it("rbd, then rbd + cephfs: creates rbd.<app>, volume <app> (cephfs.<app>.meta/.data); client.csi-<app> keeps its key and gets MicroCeph's cephfs caps (ceph auth caps)", async () => {
    assert.equal((await mc.relationChanged("k8s", { "k8s/0": { workloads: '["rbd"]' } })).state, "served");
    const rbdOnly = mc.appBag("k8s");
    const r = await mc.relationChanged("k8s", { "k8s/0": { workloads: '["rbd", "cephfs"]' } });
    assert.equal(mc.appBag("k8s")["user_key"], rbdOnly["user_key"], "the same user and key");
    assert.equal(r.state, "served");
    const bag = mc.appBag("k8s");
    assert.deepEqual([bag["fsid"], bag["rbd_pool"], bag["cephfs_fs_name"], bag["user_id"]], [ceph.fsid, "rbd.k8s", "k8s", "client.csi-k8s"]);
    const pools = JSON.parse(await ceph.admin(["osd", "pool", "ls", "--format", "json"])) as string[];
    assert.deepEqual(pools.filter((p) => p.includes("k8s")).sort(), ["cephfs.k8s.data", "cephfs.k8s.meta", "rbd.k8s"]);
    const [entity] = JSON.parse(await ceph.admin(["auth", "get", "client.csi-k8s", "--format", "json"])) as { caps: Record<string, string> }[];
    assert.deepEqual(entity?.caps, {
      mds: "allow rw",
      mgr: "allow rw",
      mon: 'allow r; allow command "osd blacklist"; allow command "osd blocklist"',
      osd: "allow rwx pool=rbd.k8s; allow rw tag cephfs data=k8s; allow rw tag cephfs metadata=k8s",
    });
  });

  it("with only those credentials (id without client.): RBD image create/list/remove in rbd.<app>; the prefixed id is refused", async () => {
    const creds = csiCreds(mc.appBag("k8s"));
    await asClient("rbd", creds, ["create", "rbd.k8s/pvc-1", "--size", "16M"]);
    assert.equal((await asClient("rbd", creds, ["ls", "rbd.k8s"])).trim(), "pvc-1");
    await asClient("rbd", creds, ["rm", "rbd.k8s/pvc-1"]);
    assert.equal((await asClient("rbd", creds, ["ls", "rbd.k8s"])).trim(), "");
    // user_id passed verbatim names client.client.csi-k8s, which does not exist: cephx refuses it
    // (in either of Ceph's wordings), while the same monitor lets the bare id in
    await assert.rejects(asClient("rbd", { ...creds, id: mc.appBag("k8s")["user_id"] ?? "" }, ["ls", "rbd.k8s"]), (e: Error) => /^rbd ls rbd\.k8s as client\.csi-k8s failed: /.test(e.message) && CEPH_REFUSED.test(e.message));
    assert.equal((await asClient("rbd", creds, ["ls", "rbd.k8s"])).trim(), "");
  });

  it("with only those credentials: `ceph fs ls` shows the data pool and its id; subvolume group csi and a subvolume can be made", async () => {
    const creds = csiCreds(mc.appBag("k8s"));
    const fs = JSON.parse(await asClient("ceph", creds, ["fs", "ls", "--format", "json"])) as FsLs[];
    const mine = fs.find((f) => f.name === "k8s");
    assert.deepEqual(mine?.data_pools, ["cephfs.k8s.data"]);
    const detail = JSON.parse(await ceph.admin(["osd", "pool", "ls", "detail", "--format", "json"])) as { pool_name: string; pool_id: number }[];
    assert.deepEqual(mine?.data_pool_ids, [detail.find((p) => p.pool_name === "cephfs.k8s.data")?.pool_id]);
    await asClient("ceph", creds, ["fs", "subvolumegroup", "create", "k8s", "csi"]);
    await asClient("ceph", creds, ["fs", "subvolume", "create", "k8s", "vol1", "--group_name", "csi", "--size", "33554432"]);
    assert.match((await asClient("ceph", creds, ["fs", "subvolume", "getpath", "k8s", "vol1", "--group_name", "csi"])).trim(), /^\/volumes\/csi\/vol1\//);
    await asClient("ceph", creds, ["fs", "subvolume", "rm", "k8s", "vol1", "--group_name", "csi"]);
    await assert.rejects(asClient("ceph", creds, ["osd", "pool", "create", "forbidden"]), /EACCES|denied/i);
  });

  it("rbd only: no mgr caps, so mgr commands (`ceph rbd task …`, which CSI uses to delete images) are refused", async () => {
    const r = await mc.relationChanged("web", { "web/0": { workloads: "rbd" } });
    assert.equal(r.state === "served" && "cephfs_fs_name" in r.appBag, false);
    const creds = csiCreds(mc.appBag("web"));
    await asClient("rbd", creds, ["create", "rbd.web/img", "--size", "16M"]);
    await asClient("rbd", creds, ["trash", "mv", "rbd.web/img"]);
    const [trashed] = (await asClient("rbd", creds, ["trash", "ls", "rbd.web"])).trim().split(/\s+/);
    await assert.rejects(asClient("ceph", creds, ["rbd", "task", "add", "trash", "remove", `rbd.web/${trashed}`]), /EACCES|denied/i);
    await asClient("rbd", creds, ["trash", "rm", `rbd.web/${trashed}`]);
  });

  it("a second cephfs volume needs a second MDS: Blocked with MicroCeph's text, nothing answered", async () => {
    const r = await mc.relationChanged("other", { "other/0": { workloads: '["cephfs"]' } });
    assert.deepEqual(r, { state: "blocked", message: "Insufficient MDS daemons for cephfs workload" });
    assert.deepEqual(mc.appBag("other"), {});
  });

  it("relation-departed deletes client.csi-<app>: its credentials stop working", async () => {
    const creds = csiCreds(mc.appBag("web"));
    await asClient("ceph", creds, ["osd", "pool", "ls"]);
    await mc.relationDeparted("web");
    await assert.rejects(ceph.admin(["auth", "get", "client.csi-web"]));
    await assert.rejects(asClient("ceph", creds, ["osd", "pool", "ls"]), (e: Error) => /^ceph osd pool ls as csi-web failed: /.test(e.message) && CEPH_REFUSED.test(e.message));
    // The refusal is the user's: the monitor still lets a live user in.
    assert.ok((await asClient("ceph", csiCreds(mc.appBag("k8s")), ["osd", "pool", "ls"])).includes("rbd.k8s"));
  });
});
