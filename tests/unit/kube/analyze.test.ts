import assert from "node:assert/strict";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import { analyze, connect, converge, deleteStorageClass, type KubeClient, readiness } from "../../../src/kube/index.ts";
import { APP, configMap, desiredSet, NS, storageClass } from "./fixtures.ts";

describe("analyze, readiness, deleteStorageClass", () => {
  let fk: FakeKube;
  let client: KubeClient;
  beforeEach(async () => {
    fk = await FakeKube.start({ nodes: 3 });
    const r = connect({ env: { KUBECONFIG: fk.kubeconfigPath } });
    assert.ok(r.ok);
    client = r.client;
  });
  afterEach(async () => {
    await fk.stop();
  });

  it("sorts desired objects into correct, outdated, missing, extra and conflicting", async () => {
    await converge(client, desiredSet(), { app: APP, namespace: NS, createNamespace: false });
    fk.cluster.seed(configMap("leftover", { a: "1" }) as never);
    fk.cluster.remove({ kind: "DaemonSet", metadata: { name: "csi-rbdplugin", namespace: NS } });
    fk.cluster.seed(storageClass("ceph-extra", "p", { app: "other" }) as never);
    const desired = [...desiredSet({ cephConf: "changed" }), storageClass("ceph-extra", "p")];
    fk.clearRequests();
    const a = await analyze(client, desired, APP);
    assert.deepEqual(fk.writes(), [], "read-only");
    assert.deepEqual(a.missing, ["DaemonSet/default/csi-rbdplugin"]);
    assert.deepEqual(a.outdated, ["ConfigMap/default/ceph-config"]);
    assert.deepEqual(a.extra, ["ConfigMap/default/leftover"]);
    assert.deepEqual(a.conflicting, ["StorageClass/ceph-extra"]);
    assert.equal(a.correct.length, desired.length - 3);
  });

  it("reports workloads that are not available", async () => {
    fk.cluster.setNodes(2);
    await converge(client, desiredSet({ replicas: 3 }), { app: APP, namespace: NS, createNamespace: false });
    assert.deepEqual(await readiness(client, desiredSet()), ["Deployment/default/csi-rbdplugin-provisioner is not available: 2/3 replicas available"]);
    fk.cluster.setNodes(3);
    assert.deepEqual(await readiness(client, desiredSet()), []);
    fk.cluster.setNotReady("DaemonSet", NS, "csi-rbdplugin");
    assert.deepEqual(await readiness(client, desiredSet()), ["DaemonSet/default/csi-rbdplugin is not available: 0/3 pods available"]);
    fk.cluster.remove({ kind: "Deployment", metadata: { name: "csi-rbdplugin-provisioner", namespace: NS } });
    assert.ok((await readiness(client, desiredSet())).includes("Deployment/default/csi-rbdplugin-provisioner is not available: not found"));
  });

  it("deletes a StorageClass of this application only", async () => {
    await converge(client, desiredSet(), { app: APP, namespace: NS, createNamespace: false });
    fk.cluster.seed(storageClass("theirs", "p", { app: "other" }) as never);
    assert.equal((await deleteStorageClass(client, "ceph-ext4", APP)).outcome, "deleted");
    assert.equal((await deleteStorageClass(client, "ceph-ext4", APP)).outcome, "not-found");
    const r = await deleteStorageClass(client, "theirs", APP);
    assert.deepEqual(r, { outcome: "not-owned", message: "StorageClass theirs is not managed by ceph-csi (it belongs to other)" });
    assert.ok(fk.cluster.all().some((o) => (o["metadata"] as { name: string }).name === "theirs"));
  });
});
