/** The Kubernetes side of a hook: drift, ownership, namespace, readiness and API failures. */
import assert from "node:assert/strict";
import { assertAllOk, deployed, given, owned, ready, storageClasses } from "./states.ts";

describe("scenario: Kubernetes", () => {
  it("drift: a deleted object comes back on update-status, with one write", async () => {
    const s = await given(ready());
    s.kube.cluster.remove({ kind: "StorageClass", metadata: { name: "ceph-ext4" } });
    assertAllOk([await s.hook("update-status")]);
    assert.ok(storageClasses(s)["ceph-ext4"]);
    assert.deepEqual(s.kube.writes().map((w) => `${w.method} ${w.path}`), ["PATCH /apis/storage.k8s.io/v1/storageclasses/ceph-ext4"]);
  });

  it("another application's object of the same name: untouched, blocked with the count, logged", async () => {
    const s = await given(deployed());
    s.kube.cluster.seed({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "ceph-xfs", labels: { "juju.io/application": "other-ceph-csi" } },
      provisioner: "rbd.csi.ceph.com",
      parameters: { pool: "theirs" },
    });
    assertAllOk(await s.relateClient());
    assert.deepEqual(s.status(), {
      status: "blocked",
      message: "1 Kubernetes resource collisions with application 'other-ceph-csi': nothing applied; set ceph-xfs-storage-class-name-formatter (action: list-resources)",
    });
    const sc = s.objects("StorageClass").find((o) => o.metadata.name === "ceph-xfs");
    assert.ok(sc);
    assert.equal((sc["parameters"] as Record<string, string>)["pool"], "theirs");
    assert.ok(s.juju.state.logs.some((l) => l.message.includes("collision: StorageClass/ceph-xfs exists for application 'other-ceph-csi'; nothing written (set ceph-xfs-storage-class-name-formatter")));
  });

  it("a missing namespace blocks until create-namespace=true creates it", async () => {
    const s = await given(ready({ config: { namespace: "ceph-csi-ns" } }));
    assert.deepEqual(s.status(), { status: "blocked", message: "Missing namespace 'ceph-csi-ns'" });
    assertAllOk(await s.juju.setConfig({ "create-namespace": true }));
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
    assert.ok(s.objects("Deployment").every((d) => d.metadata.namespace === "ceph-csi-ns"));
    assert.ok(s.objects("Namespace").some((n) => n.metadata.name === "ceph-csi-ns"));
  });

  it("more provisioner replicas than nodes: waiting naming the Deployment, cleared by fewer replicas", async () => {
    const s = await given(ready({ nodes: 1 }));
    assert.equal(s.status().status, "waiting");
    assert.match(s.status().message, /^Deployment\/default\/csi-rbdplugin-provisioner is not available: 1\/3 replicas available$/);
    assertAllOk(await s.juju.setConfig({ "provisioner-replicas": 1 }));
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
  });

  it("two workloads not available: both named", async () => {
    const s = await given(ready());
    s.kube.cluster.setNotReady("DaemonSet", "default", "csi-rbdplugin");
    s.kube.cluster.setNotReady("Deployment", "default", "csi-rbdplugin-provisioner");
    assertAllOk([await s.hook("update-status")]);
    assert.equal(s.status().status, "waiting");
    assert.match(s.status().message, /csi-rbdplugin-provisioner is not available: .*, DaemonSet\/default\/csi-rbdplugin is not available: /);
  });

  it("no kubeconfig: waiting for it, no request; converges once it is there", async () => {
    const s = await given(deployed());
    s.kube.configured = false;
    assertAllOk(await s.relateClient());
    assert.deepEqual(s.status(), { status: "waiting", message: "Waiting for kubeconfig" });
    assert.equal(s.kube.requests.length, 0);
    s.kube.configured = true;
    assertAllOk([await s.hook("update-status")]);
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
  });

  it("the API refusing connections: waiting with the reason, nothing deleted; recovers on the next hook", async () => {
    const s = await given(ready());
    const before = owned(s);
    s.kube.down = "refused";
    assertAllOk([await s.hook("update-status")]);
    assert.deepEqual(s.status(), { status: "waiting", message: "Waiting for Kubernetes API: list ServiceAccount: connection refused" });
    assert.deepEqual(owned(s), before, "nothing deleted while the API refuses");
    s.kube.down = undefined;
    s.kube.clearRequests();
    assertAllOk([await s.hook("update-status")]);
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
    assert.deepEqual(owned(s), before, "nothing deleted on recovery");
    assert.deepEqual(s.kube.writes(), [], "nothing to write on recovery");
  });

  it("a LIST failing with 500: waiting, not a single write", async () => {
    const s = await given(ready());
    s.kube.cluster.remove({ kind: "StorageClass", metadata: { name: "ceph-ext4" } });
    s.kube.addFault({ method: "GET", path: "/storageclasses", status: 500 });
    assertAllOk([await s.hook("update-status")]);
    assert.equal(s.status().status, "waiting");
    assert.match(s.status().message, /^Waiting for Kubernetes API: list StorageClass: injected fault \(500\) \(HTTP 500\)$/);
    assert.equal(s.kube.writes().length, 0);
  });

  it("a write failing halfway: waiting, the next hook finishes without pruning anything desired", async () => {
    const s = await given(ready());
    const before = owned(s);
    s.kube.addFault({ method: "PATCH", path: "/storageclasses", times: 1 });
    assertAllOk(await s.juju.setConfig({ "default-storage": "ceph-ext4" }));
    assert.equal(s.status().status, "waiting");
    assertAllOk([await s.hook("update-status")]);
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
    assert.equal(storageClasses(s)["ceph-ext4"]?.default, true);
    assert.deepEqual(owned(s), before);
  });

  it("the server refusing an in-place update as immutable: the class is re-created in the same hook", async () => {
    const s = await given(ready());
    // The charm thinks an annotation change is enough; the server says a field is immutable.
    s.kube.addFault({ method: "PATCH", path: "/storageclasses/ceph-ext4", times: 1, status: 422, message: 'StorageClass.storage.k8s.io "ceph-ext4" is invalid: parameters: Forbidden: updates to parameters are forbidden.' });
    const uid = storageClasses(s)["ceph-ext4"]?.uid;
    assertAllOk(await s.juju.setConfig({ "default-storage": "ceph-ext4" }));
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
    assert.notEqual(storageClasses(s)["ceph-ext4"]?.uid, uid);
    assert.equal(storageClasses(s)["ceph-ext4"]?.default, true);
  });

  it("a re-creation cut between delete and create is finished by the next hook", async () => {
    const s = await given(ready());
    // The in-place update is refused (immutable parameters), the DELETE goes through, the create fails.
    s.kube.addFault({ method: "PATCH", path: "/storageclasses/ceph-xfs", after: 1, times: 1 });
    assertAllOk(await s.juju.setConfig({ "ceph-xfs-storage-class-parameters": "imageFeatures=layering,exclusive-lock" }));
    assert.equal(storageClasses(s)["ceph-xfs"], undefined, "deleted, not yet created");
    assert.equal(s.status().status, "waiting");
    assertAllOk([await s.hook("update-status")]);
    assert.equal(storageClasses(s)["ceph-xfs"]?.parameters["imageFeatures"], "layering,exclusive-lock");
  });

  it("the Python charm's objects (same labels) are adopted: re-created where the server refuses the update, no collision", async () => {
    const s = await given(deployed());
    s.kube.cluster.seed(
      {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: {
          name: "ceph-ext4",
          labels: { "juju.io/application": "ceph-csi", "juju.io/manifest": "rbd", "juju.io/manifest-version": "rbd-v3.9.0" },
          annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
        },
        provisioner: "rbd.csi.ceph.com",
        parameters: { pool: "ext4-pool" },
      },
      "python-ceph-csi",
    );
    const uid = storageClasses(s)["ceph-ext4"]?.uid;
    assert.ok(uid, "the Python charm's class is there, with a uid");
    assertAllOk(await s.relateClient());
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
    assert.equal(storageClasses(s)["ceph-ext4"]?.default, false, "the old default annotation is removed");
    assert.notEqual(storageClasses(s)["ceph-ext4"]?.uid, uid, "re-created: a new object");
    assert.equal(storageClasses(s)["ceph-ext4"]?.parameters["pool"], "ext4-pool");
    const logs = s.juju.state.logs.map((l) => l.message);
    assert.ok(
      logs.some((m) => m.startsWith("Kubernetes: ") && m.includes("re-created StorageClass/ceph-ext4: the API server refused to update it in place (")),
      logs.join("\n"),
    );
    assert.ok(!logs.some((m) => m.includes("collision")), "no collision logged");
  });
});
