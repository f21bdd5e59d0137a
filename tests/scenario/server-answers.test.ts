/**
 * The server's answer decides, seen through whole hooks on a v1.26 API server (the Sim's default):
 * a steady state that writes nothing although the server drops a field the charm sends; names fixed
 * at the first apply, before the workloads are available; actions that keep to the fixed names;
 * a colliding second application that writes nothing; two applications side by side.
 */
import assert from "node:assert/strict";
import { Sim } from "../harness/in-process/sim.ts";
import { assertAllOk, deployed, given, owned, ready, readyCephfs, readyWithAdmin, SECOND_APP_NAMES } from "./states.ts";

/** What each namespaced object of the application says its namespace is. */
function namespacesOf(s: Sim, app = "ceph-csi"): string[] {
  const out = new Set<string>();
  for (const o of s.kube.cluster.all()) {
    const m = o["metadata"] as { namespace?: string; labels?: Record<string, string> };
    if (m.labels?.["juju.io/application"] === app && m.namespace !== undefined) out.add(m.namespace);
  }
  return [...out].sort();
}

describe("scenario: the server's answer decides (Kubernetes 1.26)", () => {
  const states: [string, () => ReturnType<typeof ready>][] = [
    ["RBD", () => ready()],
    ["RBD and CephFS", () => readyCephfs()],
    ["with ceph-admin", () => readyWithAdmin()],
    ["ext4 default, host networking, two replicas", () => ready({ config: { "default-storage": "ceph-ext4", "enable-host-networking": true, "provisioner-replicas": 2 } })],
    ["two units", () => ready({ units: 2 })],
  ];
  for (const [name, state] of states) {
    it(`${name}: steady update-status writes nothing, CSIDrivers included, though the server dropped spec.seLinuxMount`, async () => {
      const s = await given(state());
      const drivers = s.objects("CSIDriver");
      assert.ok(drivers.length > 0);
      for (const d of drivers) assert.equal((d["spec"] as Record<string, unknown>)["seLinuxMount"], undefined, "dropped by the 1.26 server");
      s.kube.clearRequests();
      for (let i = 0; i < 2; i++) assertAllOk([await s.hook("update-status")]);
      assert.deepEqual(s.kube.writes(), []);
      assert.deepEqual(s.kube.dryRuns(), [], "the record of the server's answers suffices");
      assert.ok(!s.juju.state.logs.some((l) => l.message.includes("re-created")), "nothing re-created");
      assert.equal(s.status().status, "active");
    });
  }

  it("a new leader has no record: it asks the server once (dry-run), writes nothing, and then needs no more", async () => {
    const s = await given(ready({ units: 2 }));
    s.kube.clearRequests();
    assertAllOk(await s.juju.setLeader("ceph-csi/1"));
    assertAllOk([await s.hook("update-status", { unit: "ceph-csi/1" })]);
    assert.deepEqual(s.kube.writes(), []);
    assert.ok(s.kube.dryRuns().length > 0, "the server was asked");
    s.kube.clearRequests();
    assertAllOk([await s.hook("update-status", { unit: "ceph-csi/1" })]);
    assert.deepEqual([s.kube.writes(), s.kube.dryRuns()], [[], []]);
  });

  it("an object edited behind the charm's back is restored on the next update-status, and only it", async () => {
    const s = await given(ready());
    const cm = s.objects("ConfigMap").find((o) => o.metadata.name === "ceph-csi-encryption-kms-config");
    assert.ok(cm);
    s.kube.cluster.seed({ ...cm, data: { "config.json": '{"edited":true}' } }, "kubectl-edit");
    s.kube.clearRequests();
    assertAllOk([await s.hook("update-status")]);
    assert.deepEqual(
      s.kube.writes().map((w) => `${w.method} ${w.path}`),
      ["PATCH /api/v1/namespaces/default/configmaps/ceph-csi-encryption-kms-config"],
    );
    const restored = s.objects("ConfigMap").find((o) => o.metadata.name === "ceph-csi-encryption-kms-config");
    assert.deepEqual(restored?.["data"], cm["data"], "the charm's content is back");
  });
});

describe("scenario: names are fixed at the first apply", () => {
  const pending = () => deployed({ workloads: "pending" });

  async function appliedNotAvailable(): Promise<Sim> {
    const s = await given(pending());
    assertAllOk(await s.relateClient());
    assert.equal(s.status().status, "waiting", "the workloads are not available yet");
    assert.match(s.status().message, /is not available/);
    assert.deepEqual(namespacesOf(s), ["default"]);
    return s;
  }

  it("a namespace change before the workloads are available is refused: blocked, nothing moved, nothing left behind", async () => {
    const s = await appliedNotAvailable();
    const before = owned(s);
    s.kube.clearRequests();
    assertAllOk(await s.juju.setConfig({ namespace: "elsewhere", "create-namespace": true }));
    assert.deepEqual(s.status(), { status: "blocked", message: "Namespace cannot be changed after deployment" });
    assert.deepEqual(s.kube.writes(), []);
    assert.deepEqual(owned(s), before);
    assert.deepEqual(namespacesOf(s), ["default"]);
    assert.equal(s.objects("Namespace").some((n) => n.metadata.name === "elsewhere"), false);
    // Back to the deployed value: the charm goes on, and Ready once the workloads are.
    assertAllOk(await s.juju.setConfig({ namespace: null, "create-namespace": null }));
    s.kube.markWorkloadsReady();
    assertAllOk([await s.hook("update-status")]);
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
  });

  it("a driver-name change before the workloads are available is refused the same way", async () => {
    const s = await appliedNotAvailable();
    const before = owned(s);
    s.kube.clearRequests();
    assertAllOk(await s.juju.setConfig({ "csidriver-name-formatter": "{app}.{name}" }));
    assert.deepEqual(s.status(), { status: "blocked", message: "csidriver-name-formatter cannot be changed after deployment" });
    assert.deepEqual(s.kube.writes(), []);
    assert.deepEqual(owned(s), before);
  });

  it("without the stored values (a charm that never recorded them), the deployment standing in the cluster still is not moved", async () => {
    const s = await appliedNotAvailable();
    const state = s.juju.state;
    assert.equal(state.units[0]?.storedState["namespace"], "default", "fixed at the first apply");
    for (const u of state.units) {
      delete u.storedState["namespace"];
      delete u.storedState["csidriver-name-formatter"];
    }
    state.leaderSettings = {};
    s.juju.setState(state);
    s.kube.clearRequests();
    assertAllOk(await s.juju.setConfig({ namespace: "elsewhere", "create-namespace": true }));
    assert.deepEqual(s.status(), { status: "blocked", message: "Namespace cannot be changed after deployment" });
    assert.deepEqual(s.kube.writes(), []);
    assert.deepEqual(namespacesOf(s), ["default"]);
    assert.notEqual(s.juju.unit(0).storedState["namespace"], "elsewhere", "the refused value is not fixed");
    // So an action cannot take the deployment for extra and delete it.
    const before = owned(s);
    const out = await s.juju.runAction("scrub-resources");
    assert.deepEqual(owned(s), before, out.message);
  });

  const refusedChanges: { change: string; config: Record<string, string | boolean>; message: string }[] = [
    { change: "namespace", config: { namespace: "elsewhere", "create-namespace": true }, message: "Namespace cannot be changed after deployment: nothing changed" },
    { change: "driver-name", config: { "csidriver-name-formatter": "{app}.{name}" }, message: "csidriver-name-formatter cannot be changed after deployment: nothing changed" },
  ];
  for (const action of ["scrub-resources", "sync-resources"] as const) {
    for (const { change, config, message } of refusedChanges) {
      it(`${action} after a refused ${change} change changes nothing and says why`, async () => {
        const s = await given(ready());
        assertAllOk(await s.juju.setConfig(config));
        const before = owned(s);
        s.kube.clearRequests();
        const out = await s.juju.runAction(action);
        assert.equal(out.status, "failed");
        assert.equal(out.message, message);
        assert.deepEqual(s.kube.writes(), []);
        assert.deepEqual(owned(s), before);
      });
    }
  }

  it("list-resources after a refused namespace change reports on the live deployment", async () => {
    const s = await given(ready());
    assertAllOk(await s.juju.setConfig({ namespace: "elsewhere", "create-namespace": true }));
    const out = await s.juju.runAction("list-resources");
    assert.equal(out.status, "completed", out.message);
    assert.deepEqual(Object.keys(out.results).sort(), ["config-correct", "rbd-correct"]);
    assert.ok(String(out.results["config-correct"]).includes("ConfigMap/default/ceph-config"));
  });
});

describe("scenario: two applications on one cluster", () => {
  /** A second ceph-csi application whose charm talks to `first`'s cluster. */
  async function second(first: Sim, config: Record<string, string | number | boolean> = {}): Promise<Sim> {
    const b = await Sim.create({ app: "ceph-csi-b", config });
    b.kube = first.kube;
    assertAllOk(await b.juju.deploy(1));
    return b;
  }

  it("a second application whose names collide writes nothing and names the holder and the options", async () => {
    const a = await given(ready());
    const b = await second(a, { namespace: "ceph-csi-b", "create-namespace": true });
    a.kube.clearRequests();
    assertAllOk(await b.relateClient());
    const status = b.status();
    assert.equal(status.status, "blocked");
    assert.match(status.message, /^\d+ Kubernetes resource collisions with application 'ceph-csi': nothing applied; set /);
    for (const option of ["csidriver-name-formatter", "ceph-rbac-name-formatter", "ceph-xfs-storage-class-name-formatter"]) assert.ok(status.message.includes(option), option);
    assert.deepEqual(a.kube.writes(), [], "not one object, not even the namespace");
    assert.deepEqual(owned(a, "ceph-csi-b"), []);
    assert.ok(b.juju.state.logs.some((l) => l.message.includes("collision: CSIDriver/rbd.csi.ceph.com exists for application 'ceph-csi'")));
  });

  it("two applications with distinct names work side by side; removing one removes only its own", async () => {
    const a = await given(ready());
    const mine = owned(a);
    const b = await second(a, SECOND_APP_NAMES);
    assertAllOk(await b.relateClient());
    assert.deepEqual(b.status(), { status: "active", message: "Ready" });
    assert.ok(owned(a, "ceph-csi-b").length > 0);
    a.kube.clearRequests();
    assertAllOk([await a.hook("update-status")]);
    assertAllOk([await b.hook("update-status")]);
    assert.deepEqual(a.kube.writes(), [], "neither prunes nor fights the other");
    assert.deepEqual(a.status(), { status: "active", message: "Ready" });
    assert.deepEqual(owned(a), mine);
    assertAllOk(await b.juju.removeApplication());
    assert.deepEqual(owned(a, "ceph-csi-b"), ["Namespace/ceph-csi-b"], "all but the namespace it made (never deleted: claims may live there)");
    assert.deepEqual(owned(a), mine, "the first application's objects stay");
    assertAllOk([await a.hook("update-status")]);
    assert.deepEqual(a.status(), { status: "active", message: "Ready" });
  });
});
