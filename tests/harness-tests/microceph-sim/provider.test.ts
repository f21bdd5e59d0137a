/** MicroCeph's ceph-csi provider stand-in over the in-memory cluster: one test per rule of src/ceph_csi.py. */
import assert from "node:assert/strict";
import { INSUFFICIENT_MDS, MicroCephProvider, parseWorkloads, simulatedMicroCeph } from "../../harness/microceph-sim/index.ts";

const BOTH = { workloads: '["rbd", "cephfs"]' };

describe("microceph-sim: the ceph-csi provider (simulated cluster)", () => {
  it("parses workloads like MicroCeph: JSON list, JSON string (not split), comma/semicolon list; lower-cased", () => {
    assert.deepEqual([...parseWorkloads('["RBD", " cephfs ", ""]')], ["rbd", "cephfs"]);
    assert.deepEqual([...parseWorkloads('"rbd,cephfs"')], ["rbd,cephfs"]);
    assert.deepEqual([...parseWorkloads("rbd; CephFS,")], ["rbd", "cephfs"]);
    assert.deepEqual([...parseWorkloads("{}")], []);
    assert.deepEqual([...parseWorkloads(undefined)], []);
  });

  it("answers in its app bag: fsid, mon_hosts (JSON list), user_id with client., user_key, rbd_pool, cephfs_fs_name", async () => {
    const cluster = simulatedMicroCeph({ fsid: "11111111-2222-3333-4444-555555555555", monAddresses: ["10.40.0.11", "fd00::11"] });
    const mc = new MicroCephProvider(cluster);
    const r = await mc.relationChanged("ceph-csi", { "ceph-csi/0": BOTH });
    assert.equal(r.state, "served");
    const { user_key: userKey, ...bag } = mc.appBag("ceph-csi");
    assert.ok(userKey !== undefined && userKey === cluster.state.users.get("client.csi-ceph-csi")?.key, "user_key is the user's key");
    assert.deepEqual(bag, {
      fsid: "11111111-2222-3333-4444-555555555555",
      mon_hosts: '["10.40.0.11", "fd00::11"]', // Python's json.dumps
      user_id: "client.csi-ceph-csi",
      rbd_pool: "rbd.ceph-csi",
      cephfs_fs_name: "ceph-csi",
    });
    assert.deepEqual([...cluster.state.pools.keys()].sort(), ["cephfs.ceph-csi.data", "cephfs.ceph-csi.meta", "rbd.ceph-csi"]);
  });

  it("gives client.csi-<app> MicroCeph's caps (grants joined with '; '); mds and mgr only with cephfs", async () => {
    const cluster = simulatedMicroCeph();
    const mc = new MicroCephProvider(cluster);
    await mc.relationChanged("a", { "a/0": BOTH });
    await mc.relationChanged("b", { "b/0": { workloads: '["rbd"]' } });
    const mon = 'allow r; allow command "osd blacklist"; allow command "osd blocklist"';
    assert.deepEqual(cluster.state.users.get("client.csi-a")?.caps, {
      mon,
      osd: "allow rwx pool=rbd.a; allow rw tag cephfs data=a; allow rw tag cephfs metadata=a",
      mds: "allow rw",
      mgr: "allow rw",
    });
    assert.deepEqual(cluster.state.users.get("client.csi-b")?.caps, { mon, osd: "allow rwx pool=rbd.b" });
    assert.equal("cephfs_fs_name" in mc.appBag("b"), false);
  });

  it("defers, writing nothing, when not the leader, not ready, without OSDs or without workloads", async () => {
    const cases: Array<[string, (mc: MicroCephProvider) => void, number, Record<string, string>]> = [
      ["not-leader", (mc) => { mc.leader = false; }, 3, BOTH],
      ["not-ready", (mc) => { mc.ready = false; }, 3, BOTH],
      ["no-osds", () => {}, 0, BOTH],
      ["no-workloads", () => {}, 3, { workloads: "[]" }],
    ];
    for (const [reason, tweak, osds, bag] of cases) {
      const cluster = simulatedMicroCeph({ osds });
      const mc = new MicroCephProvider(cluster);
      tweak(mc);
      assert.deepEqual(await mc.relationChanged("x", { "x/0": bag }), { state: "deferred", reason });
      assert.deepEqual(mc.appBag("x"), {}, reason);
      assert.equal(cluster.state.users.size, 0, reason);
    }
  });

  it("reads workloads from the first requirer unit bag that has some (unit bags only)", async () => {
    const mc = new MicroCephProvider(simulatedMicroCeph());
    const r = await mc.relationChanged("x", { "x/1": { workloads: '["cephfs"]' }, "x/0": { workloads: "" }, "x/2": { workloads: '["rbd"]' } });
    assert.equal(r.state === "served" && r.appBag["cephfs_fs_name"], "x");
    assert.equal(r.state === "served" && "rbd_pool" in r.appBag, false);
  });

  it("cephfs with too few MDS daemons: Blocked, no answer, no user — but the rbd pool is already made", async () => {
    const cluster = simulatedMicroCeph({ mds: 1 });
    const mc = new MicroCephProvider(cluster);
    await mc.relationChanged("first", { "first/0": { workloads: '["cephfs"]' } });
    const r = await mc.relationChanged("second", { "second/0": BOTH });
    assert.deepEqual(r, { state: "blocked", message: INSUFFICIENT_MDS });
    assert.deepEqual(mc.appBag("second"), {});
    assert.equal(cluster.state.users.has("client.csi-second"), false);
    assert.ok(cluster.state.pools.has("rbd.second"));
  });

  it("an existing user keeps its key and gets the caps of the workloads asked for now; the bag keeps keys of earlier answers", async () => {
    const cluster = simulatedMicroCeph();
    const mc = new MicroCephProvider(cluster);
    await mc.relationChanged("x", { "x/0": { workloads: '["rbd"]' } });
    const first = structuredClone(cluster.state.users.get("client.csi-x"));
    assert.deepEqual(Object.keys(first?.caps ?? {}).sort(), ["mon", "osd"], "rbd only: no mds or mgr caps");
    await mc.relationChanged("x", { "x/0": { workloads: '["rbd","cephfs"]' } });
    const widened = cluster.state.users.get("client.csi-x");
    assert.equal(widened?.key, first?.key, "same key");
    assert.deepEqual(widened?.caps, {
      mon: 'allow r; allow command "osd blacklist"; allow command "osd blocklist"',
      osd: "allow rwx pool=rbd.x; allow rw tag cephfs data=x; allow rw tag cephfs metadata=x",
      mds: "allow rw",
      mgr: "allow rw",
    });
    await mc.relationChanged("x", { "x/0": { workloads: '["cephfs"]' } });
    assert.equal(cluster.state.users.get("client.csi-x")?.caps["osd"], "allow rw tag cephfs data=x; allow rw tag cephfs metadata=x", "rbd dropped: its pool cap goes");
    assert.equal(mc.appBag("x")["rbd_pool"], "rbd.x", "stale rbd_pool stays");
    assert.equal(mc.appBag("x")["cephfs_fs_name"], "x");
  });

  it("relation-departed (any requirer unit leaving) deletes the user; the next answer carries a new key", async () => {
    const cluster = simulatedMicroCeph();
    const mc = new MicroCephProvider(cluster);
    const first = await mc.relationChanged("x", { "x/0": BOTH, "x/1": BOTH });
    await mc.relationDeparted("x");
    assert.equal(cluster.state.users.has("client.csi-x"), false);
    await mc.relationDeparted("x"); // a second departure finds no user: only logged
    const again = await mc.relationChanged("x", { "x/0": BOTH });
    assert.ok(first.state === "served" && again.state === "served");
    assert.ok(again.appBag["user_key"] !== first.appBag["user_key"], "a new user, a new key");
  });
});
