/** VolumeSnapshotClasses: made only where the cluster serves snapshot.storage.k8s.io/v1, owned like every other object. */
import assert from "node:assert/strict";
import { assertAllOk, given, owned, ready, readyCephfs } from "./states.ts";
import type { Sim } from "../harness/in-process/sim.ts";

interface SnapClass {
  uid: string;
  driver: string;
  deletionPolicy: string;
  parameters: Record<string, string>;
  default: boolean;
}

function snapshotClasses(s: Sim): Record<string, SnapClass> {
  const out: Record<string, SnapClass> = {};
  for (const o of s.objects("VolumeSnapshotClass")) {
    out[o.metadata.name] = {
      uid: o.metadata.uid ?? "",
      driver: o["driver"] as string,
      deletionPolicy: o["deletionPolicy"] as string,
      parameters: o["parameters"] as Record<string, string>,
      default: o.metadata.annotations?.["snapshot.storage.kubernetes.io/is-default-class"] === "true",
    };
  }
  return out;
}

const NO_API = /^The cluster has no snapshot\.storage\.k8s\.io\/v1 API/;

describe("scenario: VolumeSnapshotClasses", () => {
  it("no snapshot API: nothing attempted, the log says why once, Ready", async () => {
    const s = await given(ready());
    assertAllOk([await s.hook("update-status")]);
    assertAllOk([await s.hook("update-status")]);
    assert.deepEqual(snapshotClasses(s), {});
    assert.equal(s.juju.state.logs.filter((l) => NO_API.test(l.message)).length, 1, "said once");
    assert.ok(!s.kube.writes().some((w) => w.path.includes("volumesnapshotclasses")));
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
  });

  it("the API appears: the next hook creates the RBD class with upstream's parameters, marked default", async () => {
    const s = await given(ready());
    s.kube.enableSnapshotApi();
    assertAllOk([await s.hook("update-status")]);
    const rbd = snapshotClasses(s)["ceph-rbd-snapshot"];
    assert.deepEqual(rbd, {
      uid: rbd?.uid,
      driver: "rbd.csi.ceph.com",
      deletionPolicy: "Delete",
      parameters: {
        clusterID: s.backend.fsid,
        "csi.storage.k8s.io/snapshotter-secret-name": "csi-rbd-secret",
        "csi.storage.k8s.io/snapshotter-secret-namespace": "default",
      },
      default: true,
    });
    assert.ok(owned(s).includes("VolumeSnapshotClass/ceph-rbd-snapshot"));
    assert.ok(s.juju.state.logs.some((l) => l.message.startsWith("The cluster serves snapshot.storage.k8s.io/v1 now")));
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
  });

  it("with CephFS: one class per filesystem with the CephFS secret; steady state then writes nothing", async () => {
    const s = await given(readyCephfs());
    s.kube.enableSnapshotApi();
    assertAllOk([await s.hook("update-status")]);
    const fs = snapshotClasses(s)["ceph-fs-snapshot"];
    assert.equal(fs?.driver, "cephfs.csi.ceph.com");
    assert.equal(fs?.parameters["csi.storage.k8s.io/snapshotter-secret-name"], "csi-cephfs-secret");
    assert.equal(fs?.default, false, "one default per driver, and default-snapshot-class names the RBD class");
    s.kube.clearRequests();
    assertAllOk([await s.hook("update-status")]);
    assert.equal(s.kube.writes().length, 0);
    assert.equal(s.kube.reads().length, 13, "one LIST per managed kind, the VolumeSnapshotClasses included (no namespace GET)");
  });

  it("snapshot-deletion-policy Retain: updated in place (one write)", async () => {
    const s = await given(ready());
    s.kube.enableSnapshotApi();
    assertAllOk([await s.hook("update-status")]);
    const uid = snapshotClasses(s)["ceph-rbd-snapshot"]?.uid;
    s.kube.clearRequests();
    assertAllOk(await s.juju.setConfig({ "snapshot-deletion-policy": "Retain" }));
    assert.equal(snapshotClasses(s)["ceph-rbd-snapshot"]?.deletionPolicy, "Retain");
    assert.equal(snapshotClasses(s)["ceph-rbd-snapshot"]?.uid, uid);
    assert.deepEqual(s.kube.writes().map((w) => w.method), ["PATCH"]);
  });

  it("parameters changed behind the charm's back: restored in place (the snapshot CRD lets driver and parameters change)", async () => {
    const s = await given(ready());
    s.kube.enableSnapshotApi();
    assertAllOk([await s.hook("update-status")]);
    const before = s.objects("VolumeSnapshotClass")[0];
    assert.ok(before);
    s.kube.cluster.seed({ ...before, parameters: { ...(before["parameters"] as object), clusterID: "elsewhere" } }, "kubectl-edit");
    assertAllOk([await s.hook("update-status")]);
    const after = snapshotClasses(s)["ceph-rbd-snapshot"];
    assert.equal(after?.parameters["clusterID"], s.backend.fsid);
    assert.equal(after?.uid, before.metadata.uid, "the same object");
  });

  it("a renamed class: the old one pruned, the new one made", async () => {
    const s = await given(ready());
    s.kube.enableSnapshotApi();
    assertAllOk([await s.hook("update-status")]);
    assertAllOk(await s.juju.setConfig({ "rbd-snapshot-class-name-formatter": "{app}-rbd", "default-snapshot-class": "{app}-rbd" }));
    assert.deepEqual(Object.keys(snapshotClasses(s)), ["ceph-csi-rbd"]);
    assert.equal(snapshotClasses(s)["ceph-csi-rbd"]?.default, true);
  });

  it("CephFS disabled: its class goes, RBD's stays; removing the application removes them all", async () => {
    const s = await given(readyCephfs());
    s.kube.enableSnapshotApi();
    assertAllOk([await s.hook("update-status")]);
    const both = s.snapshot();
    assert.deepEqual(Object.keys(snapshotClasses(s)).sort(), ["ceph-fs-snapshot", "ceph-rbd-snapshot"]);
    assertAllOk(await s.juju.setConfig({ "cephfs-enable": false }));
    assert.deepEqual(Object.keys(snapshotClasses(s)), ["ceph-rbd-snapshot"]);
    const rbdOnly = s.snapshot();
    assertAllOk(await s.juju.unrelate(s.clientRel as number));
    assert.deepEqual(snapshotClasses(s), {});
    // `juju remove-application`, with both classes there and with RBD's only.
    for (const state of [both, rbdOnly]) {
      const r = await given(state);
      assert.notDeepEqual(r.objects("VolumeSnapshotClass"), [], "classes there before the removal");
      assertAllOk(await r.juju.removeApplication());
      assert.deepEqual(r.objects("VolumeSnapshotClass"), [], "no VolumeSnapshotClass remains");
      assert.deepEqual(owned(r), [], "nothing of the application remains");
    }
  });

  it("the API going away again: the charm carries on, nothing to prune", async () => {
    const s = await given(ready());
    s.kube.enableSnapshotApi();
    assertAllOk([await s.hook("update-status")]);
    s.kube.cluster.disableApi("snapshot");
    s.kube.clearRequests();
    assertAllOk([await s.hook("update-status")]);
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
    assert.deepEqual(s.kube.writes(), [], "nothing written, nothing pruned");
  });
});
