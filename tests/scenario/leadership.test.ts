/** Several control-plane units: every unit talks to ceph-mon, only the leader writes to Kubernetes. */
import assert from "node:assert/strict";
import { charmDirOf } from "../harness/in-process/sim.ts";
import { assertAllOk, given, ready, storageClasses, tools } from "./states.ts";

describe("scenario: several units", () => {
  it("every unit sends its own broker request and shows Ready", async () => {
    const s = await given(ready({ units: 2 }));
    const bags = s.juju.relation("ceph-client").localUnitData;
    assert.equal(bags["ceph-csi/0"]?.["unit-name"], "ceph-csi/0");
    assert.equal(bags["ceph-csi/1"]?.["unit-name"], "ceph-csi/1");
    assert.deepEqual(s.status(0), { status: "active", message: "Ready" });
    assert.deepEqual(s.status(1), { status: "active", message: "Ready" });
  });

  it("a non-leader's config-changed neither reads nor writes Kubernetes, and runs no ceph command", async () => {
    const s = await given(ready({ units: 2 }));
    s.kube.cluster.remove({ kind: "StorageClass", metadata: { name: "ceph-ext4" } });
    s.ceph.calls.length = 0;
    assertAllOk([await s.hook("config-changed", { unit: "ceph-csi/1" })]);
    assert.deepEqual(s.kube.requests, []);
    assert.deepEqual(s.ceph.calls, []);
    assert.equal(storageClasses(s)["ceph-ext4"], undefined);
    assert.deepEqual(s.status(1), { status: "active", message: "Ready" });
  });

  it("a non-leader keeps its own private Ceph conf for when it leads", async () => {
    const s = await given(ready({ units: 2 }));
    s.host.dirs = {};
    assertAllOk([await s.hook("config-changed", { unit: "ceph-csi/1" })]);
    const conf = s.host.dirs[`${charmDirOf("ceph-csi/1")}/ceph-conf`];
    assert.ok(conf, Object.keys(s.host.dirs).join(", "));
    assert.match(conf["ceph.conf"]?.content ?? "", /^mon host = 10\.20\.0\.11$/m);
    assert.equal(conf["ceph.client.ceph-csi.keyring"]?.mode, 0o600);
  });

  it("a settled non-leader's update-status costs two hook-tool calls", async () => {
    const s = await given(ready({ units: 2 }));
    const o = await s.hook("update-status", { unit: "ceph-csi/1" });
    assert.deepEqual(tools(o).sort(), ["is-leader", "state-get"]);
  });

  it("a former leader refreshes its status once as a follower, then goes quiet", async () => {
    const s = await given(ready({ units: 2 }));
    const state = s.juju.state;
    state.leader = "ceph-csi/1";
    s.juju.setState(state);
    const first = await s.hook("update-status", { unit: "ceph-csi/0" });
    assert.ok(first.toolCalls.length > 2, `the full path once: ${tools(first).join(", ")}`);
    assert.deepEqual(s.status(0), { status: "active", message: "Ready" });
    const second = await s.hook("update-status", { unit: "ceph-csi/0" });
    assert.equal(second.toolCalls.length, 2);
  });

  it("a new leader converges on its first hook", async () => {
    const s = await given(ready({ units: 2 }));
    s.kube.cluster.remove({ kind: "StorageClass", metadata: { name: "ceph-ext4" } });
    assertAllOk(await s.juju.setLeader("ceph-csi/1"));
    assert.ok(storageClasses(s)["ceph-ext4"], "the new leader re-applied the missing class");
    assert.equal(s.juju.state.appStatus.message, "Versions: v3.16.0");
  });

  it("a new leader keeps the namespace fixed (leader settings)", async () => {
    const s = await given(ready({ units: 2 }));
    assertAllOk(await s.juju.setLeader("ceph-csi/1"));
    assertAllOk(await s.juju.setConfig({ namespace: "elsewhere" }));
    assert.deepEqual(s.status(1), { status: "blocked", message: "Namespace cannot be changed after deployment" });
    assert.equal(s.kube.writes().length, 0);
  });
});
