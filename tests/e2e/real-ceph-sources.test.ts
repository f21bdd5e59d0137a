/**
 * The two new Ceph sources against a real single-node Ceph, through the charm's real dispatch:
 * a MicroCeph stand-in on the `ceph` relation, and a cluster no Juju manages handed over as a
 * Juju user secret. In both, what the charm puts into Kubernetes (and only that) works: an RBD
 * image in the pool each RBD StorageClass names, a CephFS subvolume in the `csi` group of the
 * filesystem the CephFS class names. Each case starts its own cluster.
 */
import assert from "node:assert/strict";
import { prepareExternalCluster } from "../harness/external-ceph/external-cluster.ts";
import { MicroCephProvider, realMicroCeph } from "../harness/microceph-sim/index.ts";
import { MicroCephRelation } from "../harness/microceph-sim/relation.ts";
import { type RealCeph, startCeph } from "../harness/real-ceph/cluster.ts";
import type { World } from "../harness/world.ts";
import { cephCsiConfig, storageClasses } from "../scenario/states.ts";
import { assertHooksOk, processWorld, unitStatus } from "./process-world.ts";
import { asCsi, type Creds, secretData } from "./real-ceph-creds.ts";

/** Every StorageClass the charm made works with the credentials of its Secret alone. */
async function usableWithTheSecretsAlone(w: World, expect: { rbdPools: string[]; fsName: string }): Promise<void> {
  const monitors = cephCsiConfig(w)[0]?.monitors ?? [];
  const scs = storageClasses(w);
  const rbd = secretData(w, "csi-rbd-secret");
  const rbdCreds: Creds = { id: rbd["userID"] as string, key: rbd["userKey"] as string, monitors };
  assert.ok(!rbdCreds.id.startsWith("client."), "Ceph CSI takes the id without client.");
  assert.deepEqual([scs["ceph-xfs"]?.parameters["pool"], scs["ceph-ext4"]?.parameters["pool"]], expect.rbdPools);
  for (const pool of new Set(expect.rbdPools)) {
    await asCsi("rbd", rbdCreds, ["create", `${pool}/e2e-img`, "--size", "16"]);
    assert.match(await asCsi("rbd", rbdCreds, ["ls", pool]), /^e2e-img$/m);
    await asCsi("rbd", rbdCreds, ["rm", `${pool}/e2e-img`]);
  }
  const cephfs = scs["cephfs"];
  assert.ok(cephfs, Object.keys(scs).join(", "));
  assert.equal(cephfs.parameters["fsName"], expect.fsName);
  const fs = secretData(w, "csi-cephfs-secret");
  const fsCreds: Creds = { id: fs["adminID"] as string, key: fs["adminKey"] as string, monitors };
  await asCsi("ceph", fsCreds, ["fs", "subvolume", "create", expect.fsName, "e2e-vol", "--group_name", "csi", "--size", "33554432"]);
  assert.match((await asCsi("ceph", fsCreds, ["fs", "subvolume", "getpath", expect.fsName, "e2e-vol", "--group_name", "csi"])).trim(), /^\/volumes\/csi\/e2e-vol\//);
  await asCsi("ceph", fsCreds, ["fs", "subvolume", "rm", expect.fsName, "e2e-vol", "--group_name", "csi"]);
}

describe("e2e (real Ceph): MicroCeph on the ceph relation, and Ceph outside Juju", function () {
  this.timeout(300_000);
  let ceph: RealCeph | undefined;
  let w: World | undefined;

  beforeEach(() => {
    delete process.env["CEPH_CONF"];
    delete process.env["CEPH_ARGS"];
  });
  afterEach(async () => {
    await w?.stop();
    await ceph?.stop();
    w = undefined;
    ceph = undefined;
  });

  it("juju integrate ceph-csi:ceph microceph:ceph-csi, then cephfs-enable=true → MicroCeph widens the user's caps; Ready with the three classes; they work with the applied Secrets alone", async () => {
    ceph = await startCeph({ mds: true });
    w = await processWorld({ ceph, relate: false });
    const mc = new MicroCephProvider(realMicroCeph(ceph));
    const rel = new MicroCephRelation(w.juju, mc, { endpoint: "ceph" });
    assertHooksOk(await rel.relate());
    assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
    const caps = async () => (JSON.parse(await ceph!.admin(["auth", "get", "client.csi-ceph-csi", "--format", "json"])) as { caps: Record<string, string> }[])[0]?.caps;
    assert.equal((await caps())?.["mds"], undefined, "RBD only: no CephFS caps");
    // CephFS after relating: the charm asks again, MicroCeph's next turn widens the same user's caps.
    assertHooksOk(await w.juju.setConfig({ "cephfs-enable": true }));
    assertHooksOk(await rel.settle());
    assert.deepEqual([(await caps())?.["mds"], (await caps())?.["mgr"]], ["allow rw", "allow rw"]);
    assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
    assert.equal(storageClasses(w)["ceph-xfs"]?.parameters["clusterID"], ceph.fsid);
    await usableWithTheSecretsAlone(w, { rbdPools: ["rbd.ceph-csi", "rbd.ceph-csi"], fsName: "ceph-csi" });
  });

  it("ceph-external secret (juju add-secret → grant-secret → config) → Ready with the three classes; they work with the applied Secrets alone", async () => {
    ceph = await startCeph({ mds: true });
    const content = await prepareExternalCluster(ceph, { cephfs: "ext-fs" });
    w = await processWorld({ ceph, relate: false, config: { "cephfs-enable": true } });
    const uri = w.juju.addSecret({ ...content });
    w.juju.grantSecret(uri, "ceph-csi");
    assertHooksOk(await w.juju.setConfig({ "ceph-external": uri }));
    assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
    assert.equal(storageClasses(w)["ceph-xfs"]?.parameters["clusterID"], ceph.fsid);
    await usableWithTheSecretsAlone(w, { rbdPools: ["xfs-pool", "ext4-pool"], fsName: "ext-fs" });
    // A pool the secret names that does not exist: blocked naming it, with the user's own key.
    const bad = w.juju.addSecret({ ...content, "rbd-pool": "no-such-pool" });
    w.juju.grantSecret(bad, "ceph-csi");
    assertHooksOk(await w.juju.setConfig({ "ceph-external": bad }));
    assert.deepEqual(unitStatus(w), { status: "blocked", message: `Missing Ceph pools: no-such-pool (as client.${content.user} sees them)` });
  });
});
