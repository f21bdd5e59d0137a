/**
 * Statuses an operator meets along the way, each produced by the real charm through its hooks:
 * what the unit shows, and that the hook still exits 0.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { World } from "../harness/world.ts";
import { assertAllOk, ensureBuilt, readyWorld, unitStatus } from "./helpers.ts";

function history(w: World, unit = 0): string[] {
  return w.juju.unit(unit).statusHistory.map((s) => `${s.status} ${s.message}`);
}

describe("scenario: statuses along the way", function () {
  this.timeout(240_000);

  it("install shows maintenance while apt runs; first apply shows Deploying CephCSI; the leader's app status lists the version", async () => {
    const w = await readyWorld();
    try {
      assert.ok(history(w).includes("maintenance Ensuring ceph-common package"));
      assert.ok(history(w).includes("maintenance Deploying CephCSI"));
      assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
      assert.equal(w.juju.state.appStatus.message, "Versions: v3.16.0");
    } finally {
      await w.stop();
    }
  });

  it("blocks when apt fails on install, and recovers on the next upgrade-charm", async () => {
    await ensureBuilt();
    const w = await World.start({ env: { CEPH_CSI_APT_GET: "/bin/false" } });
    try {
      assertAllOk(await w.juju.deploy(1));
      const h = history(w);
      assert.ok(h.includes("blocked Failed to install ceph apt packages."), h.join(" | "));
      assertAllOk(await w.relateClient());
      // Still blocked by apt after the relation: the CLI is not installed, and nothing is applied.
      assert.equal(unitStatus(w).message, "Failed to install ceph apt packages.");
      assert.equal(w.kube.writes().length, 0);
      assertAllOk([await w.juju.runHook("upgrade-charm", { env: { CEPH_CSI_APT_GET: "/bin/true" } })]);
      assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
    } finally {
      await w.stop();
    }
  });

  it("waits for ceph-mon's broker answer, keeping the pools' request pending", async () => {
    await ensureBuilt();
    const w = await World.start({});
    try {
      await w.juju.deploy(1);
      w.brokerAnswers = false;
      assertAllOk(await w.relateClient());
      assert.deepEqual(unitStatus(w), { status: "waiting", message: "Waiting for ceph-mon to process the broker request" });
      assert.equal(w.kube.writes().length, 0, "nothing applied before the pools exist");
      w.brokerAnswers = true;
      assertAllOk(await w.settle());
      assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
      // The answering mon leaves: the completion is remembered.
      assertAllOk(await w.juju.changeRemoteData(w.clientRel as number, { unit: "ceph-mon/0", data: { "broker-rsp-ceph-csi-0": null, broker_rsp: null } }));
      assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
    } finally {
      await w.stop();
    }
  });

  it("waits for a kubeconfig, then converges once it exists", async () => {
    await ensureBuilt();
    const later = join(mkdtempSync(join(tmpdir(), "kubeconfig-")), "config");
    const w = await World.start({ env: { KUBECONFIG: later } });
    try {
      await w.juju.deploy(1);
      assertAllOk(await w.relateClient());
      assert.deepEqual(unitStatus(w), { status: "waiting", message: "Waiting for kubeconfig" });
      assert.equal(w.kube.requests.length, 0);
      // The principal writes its kubeconfig; the next update-status applies everything.
      copyFileSync(w.kube.kubeconfigPath, later);
      assertAllOk(await w.juju.updateStatus());
      assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
      assert.ok(w.objects("StorageClass").some((s) => s.metadata.name === "ceph-xfs"));
    } finally {
      await w.stop();
      rmSync(dirname(later), { recursive: true, force: true });
    }
  });

  it("blocks on a missing namespace until create-namespace=true", async () => {
    const w = await readyWorld({ config: { namespace: "ceph-csi-ns" } });
    try {
      assert.deepEqual(unitStatus(w), { status: "blocked", message: "Missing namespace 'ceph-csi-ns'" });
      assertAllOk(await w.juju.setConfig({ "create-namespace": true }));
      assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
      assert.ok(w.objects("Deployment").every((d) => d.metadata.namespace === "ceph-csi-ns"));
    } finally {
      await w.stop();
    }
  });

  it("reports provisioner replicas that cannot be placed, and clears when replicas fit", async () => {
    const w = await readyWorld({ nodes: 1 });
    try {
      assert.equal(unitStatus(w).status, "waiting");
      assert.match(unitStatus(w).message, /^Deployment\/default\/csi-rbdplugin-provisioner is not available: 1\/3 replicas available/);
      assertAllOk(await w.juju.setConfig({ "provisioner-replicas": 1 }));
      assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
    } finally {
      await w.stop();
    }
  });

  it("does not overwrite another application's objects: blocked with the collision count", async () => {
    await ensureBuilt();
    const w = await World.start({});
    try {
      w.kube.cluster.seed({
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name: "ceph-xfs", labels: { "juju.io/application": "other-ceph-csi" } },
        provisioner: "rbd.csi.ceph.com",
        parameters: { pool: "theirs" },
      });
      await w.juju.deploy(1);
      assertAllOk(await w.relateClient());
      assert.deepEqual(unitStatus(w), { status: "blocked", message: "1 Kubernetes resource collisions (action: list-resources)" });
      const sc = w.objects("StorageClass").find((s) => s.metadata.name === "ceph-xfs");
      assert.ok(sc);
      assert.equal((sc["parameters"] as Record<string, string>)["pool"], "theirs", "their object is untouched");
      const out = await w.juju.runAction("list-resources", { manifest: "rbd" });
      assert.equal(out.status, "completed");
      assert.match(String(out.results["rbd-conflicting"]), /StorageClass\/ceph-xfs/);
    } finally {
      await w.stop();
    }
  });

  it("keeps csidriver-name-formatter fixed once deployed", async () => {
    const w = await readyWorld();
    try {
      assertAllOk(await w.juju.setConfig({ "csidriver-name-formatter": "alt.{name}" }));
      assert.deepEqual(unitStatus(w), { status: "blocked", message: "csidriver-name-formatter cannot be changed after deployment" });
      assert.ok(w.objects("CSIDriver").some((d) => d.metadata.name === "rbd.csi.ceph.com"), "nothing renamed or deleted");
    } finally {
      await w.stop();
    }
  });

  it("shows Removing Kubernetes resources while the application goes away", async () => {
    const w = await readyWorld();
    try {
      assertAllOk(await w.juju.unrelate(w.clientRel as number));
      assert.ok(history(w).includes("maintenance Removing Kubernetes resources"));
      assert.equal(w.objects("StorageClass").length, 0);
    } finally {
      await w.stop();
    }
  });
});
