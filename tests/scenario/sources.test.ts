/**
 * Ceph from MicroCeph's ceph-csi relation and from a Juju user secret, in-process: the same
 * cluster model and objects as ceph-mon gives; one source at a time; key rotation updates the
 * CSI Secrets in place and writes nothing else.
 */
import assert from "node:assert/strict";
import { MicroCephProvider, simulatedMicroCeph } from "../harness/microceph-sim/index.ts";
import { MicroCephRelation } from "../harness/microceph-sim/relation.ts";
import type { Sim } from "../harness/in-process/sim.ts";
import { assertAllOk, cephCsiConfig, deployed, given, owned, ready, shownTexts, storageClasses } from "./states.ts";

const MC_FSID = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
const KEY_A = "ZXh0ZXJuYWxLZXlBAQEBAQEBAQEBAQEBAQEBAQ==";
const KEY_B = "ZXh0ZXJuYWxLZXlCAgICAgICAgICAgICAgICAg==";

function secretData(s: Sim, name: string): Record<string, string> {
  const sec = s.objects("Secret").find((o) => o.metadata.name === name);
  assert.ok(sec, `Secret ${name}`);
  return Object.fromEntries(Object.entries(sec["data"] as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, "base64").toString()]));
}

/** A deployed charm related to a simulated MicroCeph over `ceph`. */
async function withMicroCeph(o: { units?: number; cephfs?: boolean } = {}) {
  const s = await given(deployed({ units: o.units ?? 1, ...(o.cephfs ? { config: { "cephfs-enable": true } } : {}) }));
  const cluster = simulatedMicroCeph({ fsid: MC_FSID, monAddresses: ["10.40.0.1", "10.40.0.2"] });
  const mc = new MicroCephProvider(cluster);
  const rel = new MicroCephRelation(s.juju, mc, { endpoint: "ceph" });
  s.setFilesystems([{ name: "ceph-csi", dataPools: ["cephfs.ceph-csi.data"], dataPoolIds: [7] }]);
  return { s, mc, rel, cluster };
}

describe("scenario: Ceph from MicroCeph (the ceph relation)", () => {
  it("the leader asks for the workloads the config enables; MicroCeph answers; Ready with its pool, user and fsid", async () => {
    const { s, rel } = await withMicroCeph();
    assertAllOk(await rel.relate());
    assert.equal(s.juju.relation("ceph").localUnitData["ceph-csi/0"]?.["workloads"], '["rbd"]');
    assert.deepEqual(s.juju.relation("ceph").localAppData, {}, "the app bag stays empty");
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
    const scs = storageClasses(s);
    assert.equal(scs["ceph-xfs"]?.parameters["pool"], "rbd.ceph-csi");
    assert.equal(scs["ceph-ext4"]?.parameters["pool"], "rbd.ceph-csi");
    assert.equal(scs["ceph-xfs"]?.parameters["clusterID"], MC_FSID);
    assert.deepEqual(cephCsiConfig(s)[0]?.monitors, ["10.40.0.1", "10.40.0.2"]);
    assert.equal(secretData(s, "csi-rbd-secret")["userID"], "csi-ceph-csi", "the id without client.");
    assert.deepEqual(s.ceph.calls, [], "no ceph command needed for RBD: the fsid comes with the answer");
  });

  it("CephFS enabled after relating: asked for, MicroCeph widens the user's caps (same key), waits for cephfs_fs_name, then one class per data pool of that filesystem (from ceph fs ls)", async () => {
    const { s, rel, cluster } = await withMicroCeph();
    assertAllOk(await rel.relate());
    const before = structuredClone(cluster.state.users.get("client.csi-ceph-csi"));
    assert.equal(before?.caps["mds"], undefined, "RBD only: no CephFS caps yet");
    s.setFilesystems([
      { name: "ceph-csi", dataPools: ["cephfs.ceph-csi.data"], dataPoolIds: [7] },
      { name: "other", dataPools: ["other-data"], dataPoolIds: [9] },
    ]);
    // The operator's change, before MicroCeph's next turn.
    const st = s.juju.state;
    st.config["cephfs-enable"] = true;
    s.juju.setState(st);
    assertAllOk([await s.hook("config-changed")]);
    assert.equal(s.juju.relation("ceph").localUnitData["ceph-csi/0"]?.["workloads"], '["rbd","cephfs"]');
    assert.deepEqual(s.status(), { status: "waiting", message: "Waiting for cephfs_fs_name on the ceph relation" });
    assertAllOk(await rel.settle());
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
    const after = cluster.state.users.get("client.csi-ceph-csi");
    assert.equal(after?.key, before?.key, "the same user and key");
    assert.deepEqual([after?.caps["mds"], after?.caps["mgr"]], ["allow rw", "allow rw"]);
    assert.match(after?.caps["osd"] ?? "", /allow rw tag cephfs data=ceph-csi/);
    assert.equal(secretData(s, "csi-cephfs-secret")["adminKey"], before?.key);
    const scs = storageClasses(s);
    assert.equal(scs["cephfs"]?.parameters["fsName"], "ceph-csi");
    assert.equal(scs["cephfs"]?.parameters["pool"], "cephfs.ceph-csi.data");
    assert.deepEqual(Object.keys(scs).sort(), ["ceph-ext4", "ceph-xfs", "cephfs"], "only the filesystem MicroCeph named");
    assert.ok(s.ceph.calls.includes("fs ls --format json"));
  });

  it("RBD and CephFS both off: the leader's unit bag has no workloads key (never '[]', on which MicroCeph defers every hook)", async () => {
    const { s, mc, rel } = await withMicroCeph();
    const st = s.juju.state;
    st.config["ceph-rbd-enable"] = false;
    s.juju.setState(st);
    assertAllOk(await rel.relate());
    const bag = () => s.juju.relation("ceph").localUnitData["ceph-csi/0"] ?? {};
    assert.ok(!("workloads" in bag()), JSON.stringify(bag()));
    assert.deepEqual(rel.last, { state: "deferred", reason: "no-workloads" });
    assert.deepEqual(mc.appBag("ceph-csi"), {});
    // RBD on: asked for; off again: the key is cleared, not set to '[]'.
    for (const [rbd, expected] of [[true, '["rbd"]'], [false, undefined]] as const) {
      const next = s.juju.state;
      next.config["ceph-rbd-enable"] = rbd;
      s.juju.setState(next);
      assertAllOk([await s.hook("config-changed")]);
      assert.equal(bag()["workloads"], expected, `ceph-rbd-enable=${rbd}`);
    }
    assert.ok(!("workloads" in bag()));
  });

  it("MicroCeph not ready: waiting with the names of the missing keys", async () => {
    const { s, mc, rel } = await withMicroCeph();
    mc.ready = false;
    assertAllOk(await rel.relate());
    assert.deepEqual(s.status(), { status: "waiting", message: "Waiting for fsid, mon_hosts, user_id, user_key, rbd_pool on the ceph relation" });
    assert.equal(s.kube.writes().length, 0);
  });

  it("a new key from MicroCeph (it re-creates the user): the CSI Secret is updated in place, nothing else written", async () => {
    const { s, rel } = await withMicroCeph();
    assertAllOk(await rel.relate());
    const before = secretData(s, "csi-rbd-secret")["userKey"] as string;
    s.kube.clearRequests();
    await rel.requirerUnitDeparted();
    assertAllOk(await rel.settle());
    const after = secretData(s, "csi-rbd-secret")["userKey"] as string;
    assert.notEqual(after, before);
    assert.deepEqual(s.kube.writes().map((w) => `${w.method} ${w.path}`), ["PATCH /api/v1/namespaces/default/secrets/csi-rbd-secret"]);
    const conf = Object.entries(s.host.dirs).find(([d]) => d.endsWith("/ceph-conf"))?.[1] ?? {};
    assert.ok(!JSON.stringify(conf).includes(before), "the old key is nowhere on the machine");
    assert.ok(!JSON.stringify(s.kube.cluster.all()).includes(Buffer.from(before).toString("base64")), "nor in Kubernetes");
  });

  it("ceph-client and ceph together: blocked naming both, nothing deleted", async () => {
    const s = await given(ready());
    const before = owned(s);
    const mc = new MicroCephProvider(simulatedMicroCeph({ fsid: MC_FSID }));
    assertAllOk(await new MicroCephRelation(s.juju, mc, { endpoint: "ceph" }).relate());
    assert.deepEqual(s.status(), { status: "blocked", message: "Ceph comes from ceph-client and ceph: keep one of them" });
    assert.deepEqual(owned(s), before);
  });

  it("no source at all: the message names every way to provide Ceph", async () => {
    const s = await given(deployed());
    assertAllOk([await s.hook("update-status")]);
    assert.deepEqual(s.status(), { status: "blocked", message: "Missing relation: ceph-client (or ceph, or the ceph-external secret)" });
  });

  it("breaking the ceph relation purges like breaking ceph-client", async () => {
    const { s, rel } = await withMicroCeph();
    assertAllOk(await rel.relate());
    assert.ok(owned(s).length > 10);
    assertAllOk(await s.juju.unrelate(rel.relationId as number));
    assert.deepEqual(owned(s), []);
  });

  it("a non-leader asks for nothing; a former leader takes its request back", async () => {
    const { s, rel } = await withMicroCeph({ units: 2 });
    assertAllOk(await rel.relate());
    const bags = () => s.juju.relation("ceph").localUnitData;
    assert.equal(bags()["ceph-csi/1"]?.["workloads"], undefined);
    assertAllOk(await s.juju.setLeader("ceph-csi/1"));
    assert.equal(bags()["ceph-csi/1"]?.["workloads"], '["rbd"]');
    assertAllOk([await s.hook("update-status", { unit: "ceph-csi/0" })]);
    assert.equal(bags()["ceph-csi/0"]?.["workloads"], undefined);
  });
});

describe("scenario: Ceph no Juju manages (the ceph-external secret)", () => {
  const CONTENT = { fsid: "11111111-2222-4333-8444-555555555555", monitors: "10.50.0.1,10.50.0.2", user: "client.k8s", key: KEY_A };

  async function external(content: Record<string, string> = CONTENT, o: { grant?: boolean } = {}) {
    const s = await given(deployed());
    s.ceph.pools = ["xfs-pool", "ext4-pool", "rbd-fast"];
    const uri = s.juju.addSecret(content);
    if (o.grant !== false) s.juju.grantSecret(uri, "ceph-csi");
    return { s, uri };
  }

  it("granted and set: Ready with its pools, user and fsid; the pools are checked with the user's key", async () => {
    const { s, uri } = await external();
    assertAllOk(await s.juju.setConfig({ "ceph-external": uri }));
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
    assert.equal(storageClasses(s)["ceph-xfs"]?.parameters["clusterID"], CONTENT.fsid);
    assert.deepEqual(cephCsiConfig(s)[0]?.monitors, ["10.50.0.1", "10.50.0.2"]);
    assert.equal(secretData(s, "csi-rbd-secret")["userID"], "k8s");
    assert.ok(s.ceph.calls.includes("rados lspools"));
  });

  it("rbd-pool names one pool for both RBD classes", async () => {
    const { s, uri } = await external({ ...CONTENT, "rbd-pool": "rbd-fast" });
    assertAllOk(await s.juju.setConfig({ "ceph-external": uri }));
    assert.equal(storageClasses(s)["ceph-xfs"]?.parameters["pool"], "rbd-fast");
    assert.equal(storageClasses(s)["ceph-ext4"]?.parameters["pool"], "rbd-fast");
  });

  it("a pool missing in Ceph: blocked naming it", async () => {
    const { s, uri } = await external();
    s.ceph.pools = ["xfs-pool"];
    assertAllOk(await s.juju.setConfig({ "ceph-external": uri }));
    assert.deepEqual(s.status(), { status: "blocked", message: "Missing Ceph pools: ext4-pool (as client.k8s sees them)" });
    assert.equal(s.kube.writes().length, 0);
  });

  it("not granted: blocked with Juju's reason, never the key", async () => {
    const { s, uri } = await external(CONTENT, { grant: false });
    assertAllOk(await s.juju.setConfig({ "ceph-external": uri }));
    assert.deepEqual(s.status(), { status: "blocked", message: `Cannot read the ceph-external secret: permission denied (juju grant-secret ${uri} ceph-csi)` });
    const shown = shownTexts(s);
    assert.ok(shown.length > 0);
    assert.deepEqual(
      shown.filter((m) => m.includes(KEY_A)),
      [],
      "the key is in no log line or status",
    );
    assert.ok(!JSON.stringify(s.kube.cluster.all()).includes(KEY_A), "nor in Kubernetes");
  });

  it("an unknown secret: blocked saying it is not found", async () => {
    const s = await given(deployed());
    assertAllOk(await s.juju.setConfig({ "ceph-external": "secret:d4lbj2v7rvc4ib9slmc0" }));
    assert.deepEqual(s.status(), { status: "blocked", message: 'Cannot read the ceph-external secret: secret "secret:d4lbj2v7rvc4ib9slmc0" not found' });
  });

  it("missing fields: blocked naming them", async () => {
    const { s, uri } = await external({ fsid: CONTENT.fsid, user: "k8s" });
    assertAllOk(await s.juju.setConfig({ "ceph-external": uri }));
    assert.deepEqual(s.status(), { status: "blocked", message: "Invalid ceph-external secret: missing monitors, key" });
  });

  it("with a Ceph relation at the same time: blocked naming both", async () => {
    const s = await given(ready());
    const uri = s.juju.addSecret(CONTENT);
    s.juju.grantSecret(uri, "ceph-csi");
    assertAllOk(await s.juju.setConfig({ "ceph-external": uri }));
    assert.deepEqual(s.status(), { status: "blocked", message: "Ceph comes from ceph-client and ceph-external: keep one of them" });
  });

  it("a new revision with a new key: secret-changed updates the CSI Secret in place, nothing else written, the old key gone", async () => {
    const { s, uri } = await external();
    assertAllOk(await s.juju.setConfig({ "ceph-external": uri }));
    s.kube.clearRequests();
    const { outcomes } = await s.juju.updateSecret(uri, { ...CONTENT, key: KEY_B });
    assertAllOk(outcomes);
    assert.deepEqual(outcomes.map((o) => o.name), ["secret-changed"]);
    assert.ok(outcomes[0]?.toolCalls.some((c) => c.tool === "secret-get" && c.args.includes("--refresh")));
    assert.equal(secretData(s, "csi-rbd-secret")["userKey"], KEY_B);
    assert.deepEqual(s.kube.writes().map((w) => `${w.method} ${w.path}`), ["PATCH /api/v1/namespaces/default/secrets/csi-rbd-secret"]);
    assert.ok(!JSON.stringify(s.host.dirs).includes(KEY_A));
  });
});

describe("scenario: key rotation on ceph-mon's relation", () => {
  it("a new key in ceph-mon's bags: both CSI Secrets updated in place, nothing else written", async () => {
    const s = await given(ready({ filesystems: [{ name: "ceph-fs", dataPools: ["ceph-fs-data"] }], config: { "cephfs-enable": true } }));
    s.kube.clearRequests();
    for (const m of s.mons) assertAllOk(await s.juju.changeRemoteData(s.clientRel as number, { unit: m, data: { key: KEY_B } }));
    assert.equal(secretData(s, "csi-rbd-secret")["userKey"], KEY_B);
    assert.equal(secretData(s, "csi-cephfs-secret")["adminKey"], KEY_B);
    const writes = s.kube.writes().map((w) => `${w.method} ${w.path}`);
    assert.deepEqual([...new Set(writes)].sort(), ["PATCH /api/v1/namespaces/default/secrets/csi-cephfs-secret", "PATCH /api/v1/namespaces/default/secrets/csi-rbd-secret"]);
    assert.equal(writes.length, 2, "one update per Secret");
  });
});
