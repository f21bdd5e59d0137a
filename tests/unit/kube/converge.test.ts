import assert from "node:assert/strict";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import { connect, converge, type ConvergeOptions, type KubeClient, purge } from "../../../src/kube/index.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";
import { APP, configMap, desiredSet, labels, NS, SECRET_KEY, storageClass } from "./fixtures.ts";

function clientOf(fk: FakeKube, timeoutMs?: number): KubeClient {
  const r = connect({ env: { KUBECONFIG: fk.kubeconfigPath }, ...(timeoutMs ? { timeoutMs } : {}) });
  assert.ok(r.ok);
  return r.client;
}

const OPTS: ConvergeOptions = { app: APP, namespace: NS, createNamespace: false };

function sc(fk: FakeKube, name: string): Record<string, unknown> {
  const found = fk.cluster.all().find((o) => o["kind"] === "StorageClass" && (o["metadata"] as { name: string }).name === name);
  assert.ok(found, `StorageClass ${name} exists`);
  return found as Record<string, unknown>;
}

function annotationsOf(o: Record<string, unknown>): Record<string, string> {
  return (o["metadata"] as { annotations?: Record<string, string> }).annotations ?? {};
}

function writeSummary(fk: FakeKube): string[] {
  return fk.writes().map((w) => `${w.method} ${w.path}`);
}

describe("converge (real client over HTTP against fake-kube)", () => {
  let fk: FakeKube;
  let logs: string[];
  let opts: ConvergeOptions;
  beforeEach(async () => {
    fk = await FakeKube.start({ nodes: 3 });
    logs = [];
    opts = { ...OPTS, log: (m) => logs.push(m) };
  });
  afterEach(async () => {
    await fk.stop();
  });

  it("first apply writes every object once, by server-side apply with the app's field manager", async () => {
    const desired = desiredSet();
    const report = await converge(clientOf(fk), desired, opts);
    assert.equal(report.problem, undefined);
    assert.equal(report.created.length, desired.length);
    assert.deepEqual(report.created.slice(0, 3), ["ServiceAccount/default/rbd-csi-provisioner", "ClusterRole/rbd-external-provisioner-runner", "ConfigMap/default/ceph-config"]);
    const writes = fk.writes();
    assert.equal(writes.length, desired.length);
    for (const w of writes) {
      assert.equal(w.method, "PATCH");
      assert.equal(w.contentType, "application/apply-patch+yaml");
      assert.equal(w.query["fieldManager"], APP);
      assert.equal(w.query["force"], "true");
    }
    assert.deepEqual(
      writes.map((w) => (w.body as KubeObject).metadata.name),
      desired.map((d) => d.metadata.name),
      "applied in the given order",
    );
  });

  it("steady state sends no write, even from a fresh client (a new hook)", async () => {
    await converge(clientOf(fk), desiredSet(), opts);
    fk.clearRequests();
    const report = await converge(clientOf(fk), desiredSet(), opts);
    assert.equal(report.problem, undefined);
    assert.deepEqual(fk.writes(), []);
    assert.equal(report.unchanged.length, desiredSet().length);
    // One namespace GET plus one LIST per managed kind; no per-object GETs.
    assert.equal(fk.reads().length, 1 + 12);
    assert.ok(fk.reads().every((r) => r.path === `/api/v1/namespaces/${NS}` || r.query["labelSelector"] === `juju.io/application=${APP}`));
  });

  it("a changed input writes only the object that changed", async () => {
    await converge(clientOf(fk), desiredSet(), opts);
    fk.clearRequests();
    const report = await converge(clientOf(fk), desiredSet({ cephConf: "[global]\nauth_cluster_required = none\n" }), opts);
    assert.deepEqual(report.updated, ["ConfigMap/default/ceph-config"]);
    assert.deepEqual(writeSummary(fk), ["PATCH /api/v1/namespaces/default/configmaps/ceph-config"]);
  });

  it("a field the charm stopped setting is removed (hostNetwork)", async () => {
    await converge(clientOf(fk), desiredSet({ hostNetwork: true }), opts);
    const report = await converge(clientOf(fk), desiredSet({ hostNetwork: false }), opts);
    assert.deepEqual(report.updated, ["Deployment/default/csi-rbdplugin-provisioner"]);
    const dep = fk.cluster.all().find((o) => o["kind"] === "Deployment") as { spec: { template: { spec: Record<string, unknown> } } };
    assert.equal(dep.spec.template.spec["hostNetwork"], undefined);
  });

  it("re-creates a StorageClass whose parameters changed (delete, then apply) and logs it", async () => {
    await converge(clientOf(fk), desiredSet(), opts);
    const before = sc(fk, "ceph-xfs");
    fk.clearRequests();
    const report = await converge(clientOf(fk), desiredSet({ xfsParams: { imageFeatures: "layering,exclusive-lock" } }), opts);
    assert.equal(report.problem, undefined);
    assert.deepEqual(report.recreated, ["StorageClass/ceph-xfs"]);
    assert.deepEqual(writeSummary(fk), ["DELETE /apis/storage.k8s.io/v1/storageclasses/ceph-xfs", "PATCH /apis/storage.k8s.io/v1/storageclasses/ceph-xfs"]);
    const after = sc(fk, "ceph-xfs");
    assert.equal((after["parameters"] as Record<string, string>)["imageFeatures"], "layering,exclusive-lock");
    assert.notEqual((after["metadata"] as { uid: string }).uid, (before["metadata"] as { uid: string }).uid);
    assert.ok(logs.some((l) => /re-creating StorageClass\/ceph-xfs: immutable fields changed \(parameters\)/.test(l)));
  });

  it("re-creates a CSIDriver whose spec changed", async () => {
    const desired = desiredSet();
    await converge(clientOf(fk), desired, opts);
    const drv = desired.find((d) => d.kind === "CSIDriver")!;
    (drv["spec"] as Record<string, unknown>)["podInfoOnMount"] = true;
    const report = await converge(clientOf(fk), desired, opts);
    assert.deepEqual(report.recreated, ["CSIDriver/rbd.csi.ceph.com"]);
  });

  it("moves the default-class annotation from one class to the other", async () => {
    await converge(clientOf(fk), desiredSet({ defaultClass: "ceph-xfs" }), opts);
    assert.equal(annotationsOf(sc(fk, "ceph-xfs"))["storageclass.kubernetes.io/is-default-class"], "true");
    const report = await converge(clientOf(fk), desiredSet({ defaultClass: "ceph-ext4" }), opts);
    assert.deepEqual(report.updated.sort(), ["StorageClass/ceph-ext4", "StorageClass/ceph-xfs"]);
    assert.equal(annotationsOf(sc(fk, "ceph-xfs"))["storageclass.kubernetes.io/is-default-class"], undefined);
    assert.equal(annotationsOf(sc(fk, "ceph-ext4"))["storageclass.kubernetes.io/is-default-class"], "true");
  });

  it("takes over an object of the Python charm and drops its stale default annotation", async () => {
    const legacy = storageClass("ceph-xfs", "xfs-pool", { isDefault: true, params: { "csi.storage.k8s.io/fstype": "xfs" } });
    fk.cluster.seed(legacy as never, "ceph-csi-rbd");
    const report = await converge(clientOf(fk), desiredSet({ defaultClass: "ceph-ext4" }), opts);
    assert.equal(report.problem, undefined);
    assert.ok(report.updated.includes("StorageClass/ceph-xfs"));
    assert.equal(annotationsOf(sc(fk, "ceph-xfs"))["storageclass.kubernetes.io/is-default-class"], undefined);
  });

  it("prunes the driver objects when they leave the desired set, in reverse kind order", async () => {
    await converge(clientOf(fk), desiredSet(), opts);
    fk.clearRequests();
    const report = await converge(clientOf(fk), desiredSet({ rbd: false }), opts);
    assert.equal(report.problem, undefined);
    assert.deepEqual(report.deleted, [
      "StorageClass/ceph-ext4",
      "StorageClass/ceph-xfs",
      "DaemonSet/default/csi-rbdplugin",
      "Deployment/default/csi-rbdplugin-provisioner",
      "Service/default/csi-rbdplugin-provisioner",
      "CSIDriver/rbd.csi.ceph.com",
      "Secret/default/csi-rbd-secret",
      "ClusterRole/rbd-external-provisioner-runner",
      "ServiceAccount/default/rbd-csi-provisioner",
    ]);
    assert.ok(fk.writes().every((w) => w.method === "DELETE"));
    const left = fk.cluster.all().filter((o) => (o["metadata"] as { labels?: Record<string, string> }).labels?.["juju.io/application"] === APP);
    assert.deepEqual(left.map((o) => (o["metadata"] as { name: string }).name).sort(), ["ceph-config", "ceph-csi-encryption-kms-config"]);
  });

  it("does not overwrite another application's object and reports the collision", async () => {
    const foreign = storageClass("ceph-xfs", "their-pool", { app: "other-ceph-csi" });
    fk.cluster.seed(foreign as never);
    const handMade = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ceph-csi-encryption-kms-config", namespace: NS }, data: { "config.json": '{"mine":1}' } };
    fk.cluster.seed(handMade as never);
    const report = await converge(clientOf(fk), desiredSet(), opts);
    assert.deepEqual(report.collisions, [
      { object: "ConfigMap/default/ceph-csi-encryption-kms-config", owner: "" },
      { object: "StorageClass/ceph-xfs", owner: "other-ceph-csi" },
    ]);
    assert.deepEqual(report.problem, { status: "blocked", message: "2 Kubernetes resource collisions (action: list-resources)" });
    assert.equal((sc(fk, "ceph-xfs")["parameters"] as Record<string, string>)["pool"], "their-pool");
    assert.ok(!fk.writes().some((w) => w.path.endsWith("/storageclasses/ceph-xfs") || w.path.endsWith("/ceph-csi-encryption-kms-config")));
    assert.ok(report.created.includes("StorageClass/ceph-ext4"), "the rest is applied");
  });

  it("never deletes PersistentVolumes or PersistentVolumeClaims, even labelled for the app", async () => {
    const pv = {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: "pvc-1", labels: labels("rbd") },
      spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], storageClassName: "ceph-xfs", csi: { driver: "rbd.csi.ceph.com", volumeHandle: "v1" } },
    };
    const pvc = {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "data", namespace: NS, labels: labels("rbd") },
      spec: { accessModes: ["ReadWriteOnce"], storageClassName: "ceph-xfs", resources: { requests: { storage: "1Gi" } } },
    };
    fk.cluster.seed(pv as never);
    fk.cluster.seed(pvc as never);
    await converge(clientOf(fk), desiredSet(), opts);
    await converge(clientOf(fk), desiredSet({ rbd: false }), opts);
    const p = await purge(clientOf(fk), APP);
    assert.equal(p.problem, undefined);
    const kinds = fk.cluster.all().map((o) => o["kind"]);
    assert.ok(kinds.includes("PersistentVolume"));
    assert.ok(kinds.includes("PersistentVolumeClaim"));
    assert.ok(!fk.writes().some((w) => /persistentvolume/.test(w.path)));
  });

  it("purge removes everything labelled for the app, ConfigMaps included, and nothing else", async () => {
    await converge(clientOf(fk), desiredSet(), opts);
    fk.cluster.seed(configMap("their-config", { a: "1" }, "someone-else") as never);
    const report = await purge(clientOf(fk), APP);
    assert.equal(report.problem, undefined);
    assert.equal(report.deleted.length, desiredSet().length);
    assert.ok(report.deleted.includes("ConfigMap/default/ceph-config"));
    assert.ok(report.deleted.includes("ConfigMap/default/ceph-csi-encryption-kms-config"));
    const labelled = fk.cluster.all().filter((o) => (o["metadata"] as { labels?: Record<string, string> }).labels?.["juju.io/application"] === APP);
    assert.deepEqual(labelled, []);
    assert.ok(fk.cluster.all().some((o) => (o["metadata"] as { name: string }).name === "their-config"));
    assert.ok(fk.cluster.all().some((o) => o["kind"] === "Namespace" && (o["metadata"] as { name: string }).name === NS));
  });

  it("repairs drift: a deleted or edited object comes back, nothing else is written", async () => {
    await converge(clientOf(fk), desiredSet(), opts);
    fk.cluster.remove({ kind: "DaemonSet", metadata: { name: "csi-rbdplugin", namespace: NS } });
    const cm = fk.cluster.all().find((o) => (o["metadata"] as { name: string }).name === "ceph-csi-encryption-kms-config")!;
    fk.cluster.seed({ ...cm, data: { "config.json": "{\"edited\":true}" } } as never, "kubectl");
    fk.clearRequests();
    const report = await converge(clientOf(fk), desiredSet(), opts);
    assert.deepEqual(report.created, ["DaemonSet/default/csi-rbdplugin"]);
    assert.deepEqual(report.updated, ["ConfigMap/default/ceph-csi-encryption-kms-config"]);
    assert.equal(fk.writes().length, 2);
  });

  describe("namespace", () => {
    it("blocks on a missing namespace when it may not create it, writing nothing", async () => {
      const report = await converge(clientOf(fk), desiredSet(), { ...opts, namespace: "ceph-csi" });
      assert.deepEqual(report.problem, { status: "blocked", message: "Missing namespace 'ceph-csi'" });
      assert.deepEqual(fk.writes(), []);
    });

    it("creates the namespace when allowed, and never prunes it", async () => {
      const desired = desiredSet().map((d) => (d.metadata.namespace ? { ...d, metadata: { ...d.metadata, namespace: "ceph-csi" } } : d));
      const report = await converge(clientOf(fk), desired, { ...opts, namespace: "ceph-csi", createNamespace: true });
      assert.equal(report.problem, undefined);
      assert.equal(report.created[0], "Namespace/ceph-csi");
      await purge(clientOf(fk), APP);
      assert.ok(fk.cluster.all().some((o) => o["kind"] === "Namespace" && (o["metadata"] as { name: string }).name === "ceph-csi"));
    });
  });

  describe("API failures", () => {
    it("a 500 becomes waiting, then the next call recovers", async () => {
      fk.addFault({ path: "/storageclasses", times: 1 });
      const failed = await converge(clientOf(fk), desiredSet(), opts);
      assert.equal(failed.problem?.status, "waiting");
      assert.match(failed.problem!.message, /^Waiting for Kubernetes API: list StorageClass: injected fault \(500\) \(HTTP 500\)$/);
      assert.deepEqual(fk.writes(), []);
      const ok = await converge(clientOf(fk), desiredSet(), opts);
      assert.equal(ok.problem, undefined);
      assert.equal(ok.created.length, desiredSet().length);
    });

    it("a failure midway stops before pruning; the next call finishes", async () => {
      await converge(clientOf(fk), desiredSet({ rbd: true }), opts);
      fk.addFault({ method: "PATCH", after: 0, times: 1 });
      const changed = desiredSet({ rbd: false, cephConf: "[global]\nauth_cluster_required = none\n" });
      const failed = await converge(clientOf(fk), changed, opts);
      assert.equal(failed.problem?.status, "waiting");
      assert.ok(!fk.writes().some((w) => w.method === "DELETE"), "nothing pruned after a failure");
      const ok = await converge(clientOf(fk), changed, opts);
      assert.equal(ok.problem, undefined);
      assert.equal(ok.deleted.length, 9);
    });

    it("a hung API times out instead of hanging the hook", async () => {
      fk.addFault({ path: "/api/v1/namespaces/default", hang: true, times: 1 });
      const failed = await converge(clientOf(fk, 300), desiredSet(), opts);
      assert.deepEqual(failed.problem, { status: "waiting", message: "Waiting for Kubernetes API: get Namespace: request timed out" });
      const ok = await converge(clientOf(fk, 300), desiredSet(), opts);
      assert.equal(ok.problem, undefined);
    });

    it("connection refused becomes waiting; recovery once the API is back", async () => {
      await fk.refuse();
      const failed = await converge(clientOf(fk), desiredSet(), opts);
      assert.deepEqual(failed.problem, { status: "waiting", message: "Waiting for Kubernetes API: get Namespace: connection refused" });
      await fk.accept();
      const ok = await converge(clientOf(fk), desiredSet(), opts);
      assert.equal(ok.problem, undefined);
    });

    it("a connection reset becomes waiting", async () => {
      fk.addFault({ path: "/configmaps", reset: true, times: 1 });
      const failed = await converge(clientOf(fk), desiredSet(), opts);
      assert.equal(failed.problem?.status, "waiting");
      assert.match(failed.problem!.message, /^Waiting for Kubernetes API: list ConfigMap: /);
    });

    it("never puts a key into the problem message", async () => {
      fk.addFault({ path: "/secrets/", method: "PATCH", status: 422, message: `Secret "csi-rbd-secret" is invalid: stringData[userKey]: Invalid value: "${SECRET_KEY}"` });
      const failed = await converge(clientOf(fk), desiredSet(), opts);
      assert.equal(failed.problem?.status, "waiting");
      assert.ok(!failed.problem!.message.includes(SECRET_KEY));
      assert.ok(!logs.join("\n").includes(SECRET_KEY));
      assert.match(failed.problem!.message, /<redacted>/);
    });
  });
});

describe("converge: object identity", () => {
  it("puts namespaced objects without a namespace into the configured one (and does not prune them)", async () => {
    const fk = await FakeKube.start();
    try {
      const r = connect({ env: { KUBECONFIG: fk.kubeconfigPath } });
      assert.ok(r.ok);
      const cm = configMap("no-ns", { a: "1" });
      delete cm.metadata.namespace;
      const first = await converge(r.client, [cm], OPTS);
      assert.deepEqual(first.created, ["ConfigMap/default/no-ns"]);
      const second = await converge(r.client, [cm], OPTS);
      assert.deepEqual(second.deleted, []);
      assert.deepEqual(second.unchanged, ["ConfigMap/default/no-ns"]);
    } finally {
      await fk.stop();
    }
  });
});

describe("converge: safety", () => {
  it("an empty desired set deletes nothing (purge is the way to remove everything)", async () => {
    const fk = await FakeKube.start();
    try {
      const r = connect({ env: { KUBECONFIG: fk.kubeconfigPath } });
      assert.ok(r.ok);
      await converge(r.client, desiredSet(), OPTS);
      fk.clearRequests();
      const report = await converge(r.client, [], OPTS);
      assert.deepEqual(report.deleted, []);
      assert.deepEqual(fk.requests, []);
    } finally {
      await fk.stop();
    }
  });
});
