/**
 * Relating ceph-mon: from "Missing relation" to Ready. Each case starts from a state, runs one
 * event through the charm's real entry, executor and decision (in-process), and checks the state out.
 */
import assert from "node:assert/strict";
import { given, assertAllOk, cephCsiConfig, deployed, history, ready, storageClasses, tools } from "./states.ts";

describe("scenario: relating ceph-mon", () => {
  it("deployed alone: blocked on the missing relation, nothing written anywhere", async () => {
    const s = await given(deployed());
    const o = await s.hook("update-status");
    assert.equal(o.exitCode, 0);
    assert.deepEqual(s.status(), { status: "blocked", message: "Missing relation: ceph-client (or ceph, or the ceph-external secret)" });
    assert.equal(s.juju.state.appStatus.message, "Missing relation: ceph-client (or ceph, or the ceph-external secret)");
    assert.deepEqual(s.kube.requests, []);
    assert.ok(!tools(o).includes("relation-set"));
  });

  it("relation joined, ceph-mon not ready: waits for data, sends the broker request from the unit bag", async () => {
    const s = await given(deployed());
    s.monReady = false;
    assertAllOk(await s.relateClient());
    assert.deepEqual(s.status(), { status: "waiting", message: "Ceph relation is missing data." });
    const rel = s.juju.relation("ceph-client");
    const bag = rel.localUnitData["ceph-csi/0"] ?? {};
    assert.equal(bag["application-name"], "ceph-csi");
    assert.equal(bag["unit-name"], "ceph-csi/0");
    const req = JSON.parse(bag["broker_req"] ?? "{}");
    assert.deepEqual(
      req.ops.map((o: { op: string; name?: string; "app-name"?: string }) => [o.op, o.name ?? null, o["app-name"] ?? null]),
      [
        ["create-pool", "xfs-pool", "rbd"],
        ["create-pool", "ext4-pool", "rbd"],
        ["set-key-permissions", null, null],
      ],
    );
    assert.deepEqual(rel.localAppData, {}, "the app bag stays empty on ceph-client");
    assert.equal(s.kube.writes().length, 0);
  });

  it("data but no broker answer yet: waits for ceph-mon, applies nothing", async () => {
    const s = await given(deployed());
    s.brokerAnswers = false;
    assertAllOk(await s.relateClient());
    assert.deepEqual(s.status(), { status: "waiting", message: "Waiting for ceph-mon to process the broker request" });
    assert.equal(s.kube.writes().length, 0, "nothing applied before the pools exist");
  });

  it("ceph-mon answers: CSI applied, pools created with application rbd, versions shown", async () => {
    const s = await given(deployed());
    assertAllOk(await s.relateClient());
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
    assert.equal(s.juju.unit(0).workloadVersion, "v3.16.0");
    assert.deepEqual(s.juju.state.appStatus.message, "Versions: v3.16.0");
    const scs = storageClasses(s);
    assert.deepEqual(Object.keys(scs).sort(), ["ceph-ext4", "ceph-xfs"]);
    assert.equal(scs["ceph-xfs"]?.default, true);
    assert.equal(scs["ceph-xfs"]?.parameters["clusterID"], s.backend.fsid);
    assert.equal(scs["ceph-xfs"]?.parameters["pool"], "xfs-pool");
    assert.equal(scs["ceph-ext4"]?.parameters["pool"], "ext4-pool");
    assert.deepEqual(cephCsiConfig(s)[0]?.monitors, ["10.20.0.11"]);
    assert.deepEqual(
      [...s.backend.state.pools.entries()].map(([n, p]) => [n, p.applications]),
      [
        ["xfs-pool", ["rbd"]],
        ["ext4-pool", ["rbd"]],
      ],
    );
    assert.ok(history(s).includes("maintenance Deploying CephCSI"), "the first apply is announced");
  });

  it("the answering mon leaves its answer out later: the completion is remembered", async () => {
    const s = await given(ready());
    assertAllOk(await s.juju.changeRemoteData(s.clientRel as number, { unit: "ceph-mon/0", data: { "broker-rsp-ceph-csi-0": null, broker_rsp: null } }));
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
  });

  it("steady state: update-status reads the API, writes nothing, calls few hook tools", async () => {
    const s = await given(ready());
    const o = await s.hook("update-status");
    assert.equal(s.kube.writes().length, 0, "no write request");
    assert.equal(s.kube.reads().length, 13, "one LIST per managed kind (13, VolumeSnapshotClass included); no namespace GET, objects are listed in it");
    assert.ok(o.toolCalls.length <= 4, `${o.toolCalls.length} hook-tool calls: ${tools(o).join(", ")}`);
    assert.ok(!tools(o).some((t) => t === "juju-log" || t === "status-set" || t === "state-set"), tools(o).join(", "));
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
  });

  it("steady state: the ceph CLI is not run again (the fsid is remembered for these monitors)", async () => {
    const s = await given(ready());
    s.ceph.calls.length = 0;
    assertAllOk([await s.hook("update-status")]);
    assert.deepEqual(s.ceph.calls, []);
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
  });

  it("a new monitor address: the fsid is asked again, the ConfigMap follows", async () => {
    const s = await given(ready());
    s.ceph.calls.length = 0;
    assertAllOk(await s.juju.changeRemoteData(s.clientRel as number, { unit: "ceph-mon/1", data: { "ceph-public-address": "10.20.0.12" } }));
    assert.deepEqual(s.ceph.calls, ["fsid"]);
    assert.deepEqual(cephCsiConfig(s)[0]?.monitors, ["10.20.0.11", "10.20.0.12"]);
    assert.deepEqual(
      s.kube.writes().map((w) => w.path),
      ["/api/v1/namespaces/default/configmaps/ceph-csi-config"],
      "one write: the ConfigMap",
    );
  });

  it("ceph-mon scale-in drops the monitor from the CSI config", async () => {
    const s = await given(ready({ mons: ["ceph-mon/0", "ceph-mon/1"] }));
    assertAllOk(await s.juju.changeRemoteData(s.clientRel as number, { unit: "ceph-mon/1", data: { "ceph-public-address": "10.20.0.12" } }));
    assertAllOk(await s.removeMon("ceph-mon/1"));
    assert.deepEqual(cephCsiConfig(s)[0]?.monitors, ["10.20.0.11"]);
  });

  it("MicroCeph's ceph-mon-public-addresses are added, IPv6 bracketed; bad JSON blocks and keeps the last good list", async () => {
    const s = await given(ready());
    const rel = s.clientRel as number;
    assertAllOk(await s.juju.changeRemoteData(rel, { data: { "ceph-mon-public-addresses": JSON.stringify(["10.30.0.1", "2001:db8::7"]) } }));
    assert.deepEqual(cephCsiConfig(s)[0]?.monitors, ["10.20.0.11", "10.30.0.1", "[2001:db8::7]"]);
    assertAllOk(await s.juju.changeRemoteData(rel, { data: { "ceph-mon-public-addresses": "not json" } }));
    assert.deepEqual(s.status(), { status: "blocked", message: "Invalid ceph-mon-public-addresses from ceph-mon: 'not JSON'" });
    assert.ok(cephCsiConfig(s)[0]?.monitors.includes("10.30.0.1"), "the last good monitor list stays applied");
  });

  it("ceph-admin: its fsid is used (no `ceph fsid`), management commands run as client.admin, the admin key stays on the machine", async () => {
    const s = await given(ready({ filesystems: [{ name: "ceph-fs", dataPools: ["ceph-fs_data"] }] }));
    assertAllOk(await s.relateAdmin());
    s.ceph.calls.length = 0;
    assertAllOk(await s.juju.setConfig({ "cephfs-enable": true }));
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
    assert.ok(!s.ceph.calls.includes("fsid"));
    // The management command ran (the in-memory CLI drops the connection options, so which
    // id ran it is not visible here).
    assert.ok(s.ceph.calls.includes("fs subvolumegroup create ceph-fs csi"), JSON.stringify(s.ceph.calls));
    assert.deepEqual(s.ceph.groups, { "ceph-fs": ["csi"] });
    const conf = Object.entries(s.host.dirs).find(([d]) => d.endsWith("/ceph-conf"));
    assert.ok(conf, "the private conf dir");
    assert.ok(conf[1]["ceph.client.admin.keyring"]?.content.includes(s.backend.adminKey));
    assert.equal(conf[1]["ceph.client.admin.keyring"]?.mode, 0o600);
    const all = JSON.stringify(s.kube.cluster.all());
    assert.ok(!all.includes(s.backend.adminKey), "the admin key is not in Kubernetes");
  });

  it("ceph-admin removed: its keyring goes", async () => {
    const s = await given(ready());
    assertAllOk(await s.relateAdmin());
    const before = Object.entries(s.host.dirs).find(([d]) => d.endsWith("/ceph-conf"));
    assert.ok(before, "the private conf dir");
    assert.ok(before[1]["ceph.client.admin.keyring"]?.content.includes(s.backend.adminKey), "the admin keyring is there before the removal");
    assertAllOk(await s.juju.unrelate(s.adminRel as number));
    const conf = Object.entries(s.host.dirs).find(([d]) => d.endsWith("/ceph-conf"));
    assert.ok(conf);
    assert.equal(conf[1]["ceph.client.admin.keyring"], undefined);
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
  });
});
