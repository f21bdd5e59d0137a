/**
 * The charm as Juju runs it: real dispatch, fake hook tools, fake Kubernetes API, simulated
 * ceph-mon. One world walks through an operator's day; each step checks what Juju and
 * Kubernetes would show.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { World } from "../harness/world.ts";
import { assertAllOk, cephCsiConfig, readyWorld, storageClasses, toolCallsSince, unitStatus } from "./helpers.ts";

describe("scenario: deploy, relate, operate", function () {
  this.timeout(240_000);
  let w: World;

  before(async () => {
    w = await readyWorld({ relate: false });
  });
  after(async () => {
    await w?.stop();
  });

  it("blocks on the missing ceph-client relation after deploy, writing nothing to Kubernetes", () => {
    assert.deepEqual(unitStatus(w), { status: "blocked", message: "Missing relation: ceph-client" });
    assert.equal(w.kube.writes().length, 0);
    assert.equal(w.juju.state.appStatus.message, "Missing relation: ceph-client");
  });

  it("waits while ceph-mon has published nothing (no OSDs yet)", async () => {
    w.monReady = false;
    assertAllOk(await w.relateClient());
    assert.deepEqual(unitStatus(w), { status: "waiting", message: "Ceph relation is missing data." });
    const bag = w.juju.relation("ceph-client").localUnitData["ceph-csi/0"] ?? {};
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
    assert.deepEqual(w.juju.relation("ceph-client").localAppData, {}, "the app bag stays empty on ceph-client");
    assert.equal(w.kube.writes().length, 0);
  });

  it("becomes Ready once ceph-mon answers: CSI applied, pools requested, versions shown", async () => {
    w.monReady = true;
    assertAllOk(await w.settle());
    assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
    assert.equal(w.juju.unit(0).workloadVersion, "v3.16.0");
    assert.equal(w.juju.state.appStatus.status, "active");
    assert.match(w.juju.state.appStatus.message, /v3\.16\.0/);
    const scs = storageClasses(w);
    assert.deepEqual(Object.keys(scs).sort(), ["ceph-ext4", "ceph-xfs"]);
    assert.equal(scs["ceph-xfs"]?.default, true);
    assert.equal(scs["ceph-ext4"]?.default, false);
    assert.equal(scs["ceph-xfs"]?.parameters["clusterID"], w.backend.fsid);
    assert.deepEqual(cephCsiConfig(w)[0]?.monitors, ["10.20.0.11"]);
    const pools = [...((w.backend as unknown as { state: { pools: Map<string, { applications: string[] }> } }).state.pools.entries())];
    assert.deepEqual(
      pools.map(([n, p]) => [n, p.applications]),
      [
        ["xfs-pool", ["rbd"]],
        ["ext4-pool", ["rbd"]],
      ],
    );
  });

  it("costs no Kubernetes write and few hook-tool calls in steady state", async () => {
    w.kube.clearRequests();
    const before = w.juju.state.toolCalls.length;
    assertAllOk(await w.juju.updateStatus());
    assert.equal(w.kube.writes().length, 0, "no write request");
    const calls = toolCallsSince(w, before);
    assert.ok(calls.length <= 15, `${calls.length} hook-tool calls: ${calls.map((c) => c.tool).join(", ")}`);
    assert.ok(!calls.some((c) => c.tool === "juju-log"), "nothing to log");
    assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
  });

  it("moves the default-class annotation when default-storage changes, writing only StorageClasses", async () => {
    w.kube.clearRequests();
    assertAllOk(await w.juju.setConfig({ "default-storage": "ceph-ext4" }));
    const scs = storageClasses(w);
    assert.equal(scs["ceph-ext4"]?.default, true);
    assert.equal(scs["ceph-xfs"]?.default, false);
    const written = new Set(w.kube.writes().map((r) => r.path.split("/").slice(-2, -1)[0]));
    assert.deepEqual([...written], ["storageclasses"]);
  });

  it("re-creates a StorageClass whose immutable parameters changed", async () => {
    const uidBefore = w.objects("StorageClass").find((s) => s.metadata.name === "ceph-xfs")?.metadata.uid;
    assertAllOk(await w.juju.setConfig({ "ceph-xfs-storage-class-parameters": "imageFeatures=layering,exclusive-lock" }));
    const sc = w.objects("StorageClass").find((s) => s.metadata.name === "ceph-xfs");
    assert.ok(sc);
    assert.equal((sc["parameters"] as Record<string, string>)["imageFeatures"], "layering,exclusive-lock");
    assert.notEqual(sc.metadata.uid, uidBefore, "a new object");
    assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
    assert.ok(w.juju.state.logs.some((l) => /re-creating StorageClass\/ceph-xfs/.test(l.message) && l.message.includes("ceph-xfs")), "the re-creation is logged");
  });

  it("blocks on an invalid option, names it, and deletes nothing", async () => {
    const before = w.kube.cluster.all().length;
    w.kube.clearRequests();
    assertAllOk(await w.juju.setConfig({ "default-reclaim-policy": "Keep" }));
    assert.equal(unitStatus(w).status, "blocked");
    assert.match(unitStatus(w).message, /default-reclaim-policy 'Keep'/);
    assert.equal(w.kube.writes().length, 0);
    assert.equal(w.kube.cluster.all().length, before);
    assertAllOk(await w.juju.setConfig({ "default-reclaim-policy": "Delete" }));
    assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
  });

  it("deploys CephFS with one class per data pool and removes it again when disabled", async () => {
    w.setFilesystems([{ name: "ceph-fs", dataPools: ["ceph-fs_data"] }]);
    assertAllOk(await w.juju.setConfig({ "cephfs-enable": true }));
    assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
    const scs = storageClasses(w);
    assert.equal(scs["cephfs"]?.provisioner, "cephfs.csi.ceph.com");
    assert.equal(scs["cephfs"]?.parameters["fsName"], "ceph-fs");
    assert.ok(w.objects("Deployment").some((d) => d.metadata.name === "csi-cephfsplugin-provisioner"));
    assert.deepEqual(cephCsiConfig(w)[0] && (cephCsiConfig(w)[0] as unknown as { cephFS: unknown }).cephFS, { subvolumeGroup: "csi" });

    assertAllOk(await w.juju.setConfig({ "cephfs-enable": false }));
    assert.equal(storageClasses(w)["cephfs"], undefined);
    assert.ok(!w.objects("Deployment").some((d) => d.metadata.name === "csi-cephfsplugin-provisioner"));
    assert.ok(!w.objects("CSIDriver").some((d) => d.metadata.name === "cephfs.csi.ceph.com"));
    assert.ok(w.objects("CSIDriver").some((d) => d.metadata.name === "rbd.csi.ceph.com"), "RBD stays");
  });

  it("gives a filesystem created later its own class on the next update-status", async () => {
    w.setFilesystems([{ name: "ceph-fs", dataPools: ["ceph-fs_data"] }]);
    assertAllOk(await w.juju.setConfig({ "cephfs-enable": true, "cephfs-storage-class-name-formatter": "cephfs-{name}" }));
    assert.deepEqual(Object.keys(storageClasses(w)).filter((n) => n.startsWith("cephfs")), ["cephfs-ceph-fs"]);
    w.setFilesystems([
      { name: "ceph-fs", dataPools: ["ceph-fs_data"] },
      { name: "archive", dataPools: ["archive_data"] },
    ]);
    assertAllOk(await w.juju.updateStatus());
    const names = Object.keys(storageClasses(w)).filter((n) => n.startsWith("cephfs")).sort();
    assert.deepEqual(names, ["cephfs-archive", "cephfs-ceph-fs"]);
    assert.equal(storageClasses(w)["cephfs-archive"]?.parameters["pool"], "archive_data");
    assert.ok(
      readFileSync(`${w.fakeCephDir}/calls`, "utf8").includes("fs subvolumegroup create archive csi"),
      "subvolume group csi created on the new filesystem",
    );
    assertAllOk(await w.juju.setConfig({ "cephfs-enable": false, "cephfs-storage-class-name-formatter": "cephfs" }));
    assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
  });

  it("follows ceph-mon scale-out and scale-in in the CSI monitor list", async () => {
    const rel = w.clientRel as number;
    assertAllOk(await w.addMon("ceph-mon/3"));
    // The new mon publishes its own public address.
    assertAllOk(await w.juju.changeRemoteData(rel, { unit: "ceph-mon/3", data: { "ceph-public-address": "10.20.0.14" } }));
    assert.deepEqual(cephCsiConfig(w)[0]?.monitors, ["10.20.0.11", "10.20.0.14"]);
    assertAllOk(await w.removeMon("ceph-mon/3"));
    assert.deepEqual(cephCsiConfig(w)[0]?.monitors, ["10.20.0.11"]);
  });

  it("takes the kubelet root dir from kubernetes-info", async () => {
    const dir = "/var/snap/k8s/common/var/lib/kubelet";
    assertAllOk(
      (
        await w.juju.relate("kubernetes-info", "kubernetes-control-plane", {
          app: { "kubelet-root-dir": dir },
          units: { "kubernetes-control-plane/0": {} },
        })
      ).outcomes,
    );
    const ds = w.objects("DaemonSet").find((d) => d.metadata.name === "csi-rbdplugin");
    const text = JSON.stringify(ds);
    assert.ok(text.includes(`${dir}/plugins/rbd.csi.ceph.com`), "hostPaths and args use the kubelet dir");
    assert.ok(!text.includes('"/var/lib/kubelet'), "no default kubelet path left");
    assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
  });

  it("repairs drift on update-status: a deleted object comes back", async () => {
    const sc = w.objects("StorageClass").find((s) => s.metadata.name === "ceph-ext4");
    assert.ok(sc);
    w.kube.cluster.remove({ kind: "StorageClass", metadata: { name: "ceph-ext4" } });
    assertAllOk(await w.juju.updateStatus());
    assert.ok(storageClasses(w)["ceph-ext4"], "ceph-ext4 is back");
  });
});
