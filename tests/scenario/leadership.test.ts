/** Several units: only the leader writes; a new leader converges at once; removal rules. */
import assert from "node:assert/strict";
import type { World } from "../harness/world.ts";
import { assertAllOk, readyWorld, storageClasses, unitStatus } from "./helpers.ts";

describe("scenario: several control-plane units", function () {
  this.timeout(240_000);
  let w: World;

  before(async () => {
    w = await readyWorld({ units: 2 });
  });
  after(async () => {
    await w?.stop();
  });

  it("every unit sends its own broker request and shows Ready", () => {
    const bags = w.juju.relation("ceph-client").localUnitData;
    assert.equal(bags["ceph-csi/0"]?.["unit-name"], "ceph-csi/0");
    assert.equal(bags["ceph-csi/1"]?.["unit-name"], "ceph-csi/1");
    assert.deepEqual(unitStatus(w, 0), { status: "active", message: "Ready" });
    assert.deepEqual(unitStatus(w, 1), { status: "active", message: "Ready" });
  });

  it("a non-leader never writes to Kubernetes", async () => {
    w.kube.cluster.remove({ kind: "StorageClass", metadata: { name: "ceph-ext4" } });
    w.kube.clearRequests();
    assertAllOk([await w.juju.runHook("update-status", { unit: "ceph-csi/1" })]);
    assert.equal(w.kube.requests.length, 0, "the non-leader does not even read the API");
    assert.equal(storageClasses(w)["ceph-ext4"], undefined);
  });

  it("a non-leader's update-status costs two hook-tool calls (nothing can have changed)", async () => {
    const before = w.juju.state.toolCalls.length;
    assertAllOk([await w.juju.runHook("update-status", { unit: "ceph-csi/1" })]);
    const calls = w.juju.state.toolCalls.slice(before).map((c) => c.tool).sort();
    assert.deepEqual(calls, ["is-leader", "state-get"]);
    assert.deepEqual(unitStatus(w, 1), { status: "active", message: "Ready" });
  });

  it("a former leader refreshes its status on its next update-status, then goes quiet", async () => {
    // Leadership moves away from ceph-csi/0 with no hook on it (Juju does not promise one).
    const state = w.juju.state;
    state.leader = "ceph-csi/1";
    w.juju.setState(state);
    const before = w.juju.state.toolCalls.length;
    assertAllOk([await w.juju.runHook("update-status", { unit: "ceph-csi/0" })]);
    const first = w.juju.state.toolCalls.length - before;
    assert.ok(first > 2, `full path once: ${first} calls`);
    assert.deepEqual(unitStatus(w, 0), { status: "active", message: "Ready" });
    const mid = w.juju.state.toolCalls.length;
    assertAllOk([await w.juju.runHook("update-status", { unit: "ceph-csi/0" })]);
    assert.equal(w.juju.state.toolCalls.length - mid, 2);
    const back = w.juju.state;
    back.leader = "ceph-csi/0";
    w.juju.setState(back);
  });

  it("a new leader converges on its first hook", async () => {
    assertAllOk(await w.juju.setLeader("ceph-csi/1"));
    assert.ok(storageClasses(w)["ceph-ext4"], "the new leader re-applied the missing class");
    assert.equal(w.juju.state.appStatus.status, "active");
  });

  it("keeps the namespace fixed once deployed, across leaders", async () => {
    assertAllOk(await w.juju.setConfig({ namespace: "elsewhere" }));
    assert.deepEqual(unitStatus(w, 1), { status: "blocked", message: "Namespace cannot be changed after deployment" });
    assert.ok(w.objects("Deployment").every((d) => d.metadata.namespace === "default"), "nothing moved or deleted");
    assertAllOk(await w.juju.setConfig({ namespace: null }));
    assert.deepEqual(unitStatus(w, 1), { status: "active", message: "Ready" });
  });

  it("removing one unit (the leader) leaves the cluster's CSI in place", async () => {
    const before = w.kube.cluster.all().length;
    w.kube.clearRequests();
    assertAllOk(await w.juju.removeUnit("ceph-csi/1"));
    assert.deepEqual(
      w.kube.requests.filter((r) => r.method === "DELETE").map((r) => r.path),
      [],
      "not a single delete request",
    );
    assert.equal(w.kube.cluster.all().length, before, "nothing deleted");
    assert.ok(storageClasses(w)["ceph-xfs"]);
    assert.deepEqual(unitStatus(w, 0), { status: "active", message: "Ready" });
  });

  it("removing the ceph-client relation purges everything the charm applied, ConfigMaps included", async () => {
    const pv = { apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "pvc-1", labels: { "juju.io/application": "ceph-csi" } }, spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], csi: { driver: "rbd.csi.ceph.com", volumeHandle: "x" } } };
    w.kube.cluster.seed(pv);
    assertAllOk(await w.juju.unrelate(w.clientRel as number));
    const left = w.kube.cluster.all().filter((o) => (o["metadata"] as { labels?: Record<string, string> }).labels?.["juju.io/application"] === "ceph-csi");
    assert.deepEqual(
      left.map((o) => `${o["kind"]}/${(o["metadata"] as { name: string }).name}`),
      ["PersistentVolume/pvc-1"],
      "only the PersistentVolume stays",
    );
    assert.deepEqual(unitStatus(w, 0), { status: "blocked", message: "Missing relation: ceph-client" });
  });
});

describe("scenario: removing the whole application", function () {
  this.timeout(240_000);

  it("purges what the charm applied once every unit is going, and never PersistentVolumes", async () => {
    const w = await readyWorld({ units: 3 });
    try {
      w.kube.cluster.seed({
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: { name: "pvc-2", labels: { "juju.io/application": "ceph-csi" } },
        spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], csi: { driver: "rbd.csi.ceph.com", volumeHandle: "y" } },
      });
      assertAllOk(await w.juju.removeApplication());
      const left = w.kube.cluster
        .all()
        .filter((o) => (o["metadata"] as { labels?: Record<string, string> }).labels?.["juju.io/application"] === "ceph-csi")
        .map((o) => `${o["kind"]}/${(o["metadata"] as { name: string }).name}`);
      assert.deepEqual(left, ["PersistentVolume/pvc-2"]);
      assert.equal(w.juju.state.units.length, 0);
    } finally {
      await w.stop();
    }
  });
});
