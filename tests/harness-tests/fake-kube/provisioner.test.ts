import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_REFUSAL, FakeKube } from "../../harness/fake-kube/index.ts";
import { apply, type Body, call, claimBody, get } from "./support.ts";

const PVCS = "/api/v1/namespaces/default/persistentvolumeclaims";

function storageClass(name: string, provisioner: string, extra: Body = {}): Body {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name },
    provisioner,
    parameters: {
      clusterID: "c1",
      pool: "xfs-pool",
      "csi.storage.k8s.io/fstype": "xfs",
      "csi.storage.k8s.io/node-stage-secret-name": "csi-rbd-secret",
      "csi.storage.k8s.io/node-stage-secret-namespace": "default",
    },
    ...extra,
  };
}

async function addClass(fk: FakeKube, name: string, provisioner = "rbd.csi.ceph.com", extra: Body = {}): Promise<void> {
  assert.equal((await apply(fk, `/apis/storage.k8s.io/v1/storageclasses/${name}`, storageClass(name, provisioner, extra))).status, 201);
}

async function claim(fk: FakeKube, name: string, className: string): Promise<Body> {
  const r = await apply(fk, `${PVCS}/${name}`, claimBody(name, { storageClassName: className }));
  assert.equal(r.status, 201);
  return r.body;
}

async function events(fk: FakeKube, name: string): Promise<Body[]> {
  const sel = encodeURIComponent(`involvedObject.name=${name},involvedObject.namespace=default,involvedObject.kind=PersistentVolumeClaim`);
  return (await get(fk, `/api/v1/namespaces/default/events?fieldSelector=${sel}`)).body.items;
}

const reasons = (es: Body[]) => es.map((e) => `${e.type}/${e.reason}`);

describe("fake-kube: provisioner stand-in", () => {
  let fk: FakeKube;
  afterEach(async () => {
    await fk.stop();
  });

  it("binds a claim of a served driver's class: PV pvc-<uid>, Bound both ways, events", async () => {
    fk = await FakeKube.start({ provisioner: true });
    await addClass(fk, "ceph-xfs");
    const created = await claim(fk, "data", "ceph-xfs");
    assert.equal(created.status.phase, "Pending", "the create answer is from before binding");
    const pvc = (await get(fk, `${PVCS}/data`)).body;
    const pvName = `pvc-${created.metadata.uid}`;
    assert.equal(pvc.status.phase, "Bound");
    assert.equal(pvc.spec.volumeName, pvName);
    assert.deepEqual(pvc.status.capacity, { storage: "1Gi" });
    assert.equal(pvc.metadata.annotations["volume.kubernetes.io/storage-provisioner"], "rbd.csi.ceph.com");
    assert.equal(pvc.metadata.annotations["pv.kubernetes.io/bind-completed"], "yes");
    const pv = (await get(fk, `/api/v1/persistentvolumes/${pvName}`)).body;
    assert.equal(pv.status.phase, "Bound");
    assert.deepEqual([pv.spec.claimRef.name, pv.spec.claimRef.namespace, pv.spec.claimRef.uid], ["data", "default", created.metadata.uid]);
    assert.deepEqual([pv.spec.csi.driver, pv.spec.csi.fsType, pv.spec.csi.volumeAttributes.pool], ["rbd.csi.ceph.com", "xfs", "xfs-pool"]);
    assert.deepEqual(pv.spec.csi.nodeStageSecretRef, { name: "csi-rbd-secret", namespace: "default" });
    assert.deepEqual([pv.spec.persistentVolumeReclaimPolicy, pv.spec.storageClassName], ["Delete", "ceph-xfs"]);
    assert.equal(pv.metadata.annotations["pv.kubernetes.io/provisioned-by"], "rbd.csi.ceph.com");
    const es = await events(fk, "data");
    assert.deepEqual(reasons(es), ["Normal/ExternalProvisioning", "Normal/Provisioning", "Normal/ProvisioningSucceeded"]);
    assert.equal(es[2]!.message, `Successfully provisioned volume ${pvName}`);
    assert.match(es[2]!.source.component, /^rbd\.csi\.ceph\.com_/);
  });

  it("binds after the configured delay", async () => {
    fk = await FakeKube.start({ provisioner: { delayMs: 150 } });
    await addClass(fk, "ceph-xfs");
    await claim(fk, "slow", "ceph-xfs");
    assert.equal((await get(fk, `${PVCS}/slow`)).body.status.phase, "Pending");
    await sleep(300);
    assert.equal((await get(fk, `${PVCS}/slow`)).body.status.phase, "Bound");
  });

  it("refuses: the claim stays Pending with a ProvisioningFailed Warning (default and custom message)", async () => {
    fk = await FakeKube.start({ provisioner: { refuse: true } });
    await addClass(fk, "ceph-xfs");
    await claim(fk, "a", "ceph-xfs");
    assert.equal((await get(fk, `${PVCS}/a`)).body.status.phase, "Pending");
    assert.deepEqual((await get(fk, "/api/v1/persistentvolumes")).body.items, []);
    const failed = (await events(fk, "a")).find((e) => e.reason === "ProvisioningFailed");
    assert.equal(failed?.type, "Warning");
    assert.equal(failed?.message, `failed to provision volume with StorageClass "ceph-xfs": ${DEFAULT_REFUSAL}`);
    fk.provisioner?.refuse("rpc error: code = Internal desc = pool not found");
    await claim(fk, "b", "ceph-xfs");
    const custom = (await events(fk, "b")).find((e) => e.reason === "ProvisioningFailed");
    assert.equal(custom?.message, 'failed to provision volume with StorageClass "ceph-xfs": rpc error: code = Internal desc = pool not found');
  });

  it("binds the claims it refused once told to bind (the real provisioner retries)", async () => {
    fk = await FakeKube.start({ provisioner: { refuse: true } });
    await addClass(fk, "ceph-xfs");
    await claim(fk, "later", "ceph-xfs");
    fk.provisioner?.bind();
    assert.equal((await get(fk, `${PVCS}/later`)).body.status.phase, "Bound");
  });

  it("starts at runtime and provisions claims already Pending; extra drivers by name", async () => {
    fk = await FakeKube.start();
    await addClass(fk, "other", "example.csi");
    await claim(fk, "waiting", "other");
    assert.deepEqual(await events(fk, "waiting"), [], "no controller yet");
    const p = fk.enableProvisioner();
    assert.deepEqual(p.drivers, ["rbd.csi.ceph.com", "cephfs.csi.ceph.com"]);
    assert.equal((await get(fk, `${PVCS}/waiting`)).body.status.phase, "Pending", "example.csi is not served");
    assert.deepEqual(reasons(await events(fk, "waiting")), ["Normal/ExternalProvisioning"]);
    assert.match((await events(fk, "waiting"))[0]!.message, /external provisioner 'example\.csi'/);
    fk.enableProvisioner({ drivers: ["example.csi"] });
    assert.equal((await get(fk, `${PVCS}/waiting`)).body.status.phase, "Bound");
  });

  it("leaves WaitForFirstConsumer claims and claims of a missing class Pending, with the controller's events", async () => {
    fk = await FakeKube.start({ provisioner: true });
    await addClass(fk, "late", "rbd.csi.ceph.com", { volumeBindingMode: "WaitForFirstConsumer" });
    await claim(fk, "w", "late");
    await claim(fk, "m", "missing");
    assert.deepEqual(reasons(await events(fk, "w")), ["Normal/WaitForFirstConsumer"]);
    const missing = await events(fk, "m");
    assert.deepEqual(reasons(missing), ["Warning/ProvisioningFailed"]);
    assert.equal(missing[0]!.message, 'storageclass.storage.k8s.io "missing" not found');
    assert.equal((await get(fk, `${PVCS}/w`)).body.status.phase, "Pending");
  });

  it("deletes a Delete-policy volume with its claim; releases a Retain one", async () => {
    fk = await FakeKube.start({ provisioner: true });
    await addClass(fk, "del");
    await addClass(fk, "keep", "cephfs.csi.ceph.com", { reclaimPolicy: "Retain" });
    const d = await claim(fk, "d", "del");
    const k = await claim(fk, "k", "keep");
    assert.equal((await call(fk, "DELETE", `${PVCS}/d`)).status, 200);
    assert.equal((await call(fk, "DELETE", `${PVCS}/k`)).status, 200);
    assert.equal((await get(fk, `/api/v1/persistentvolumes/pvc-${d.metadata.uid}`)).status, 404);
    assert.equal((await get(fk, `/api/v1/persistentvolumes/pvc-${k.metadata.uid}`)).body.status.phase, "Released");
  });

  it("stops with the server: a pending delayed bind never fires", async () => {
    fk = await FakeKube.start({ provisioner: { delayMs: 50 } });
    await addClass(fk, "ceph-xfs");
    await claim(fk, "x", "ceph-xfs");
    await fk.stop();
    assert.equal(fk.provisioner, undefined);
    await sleep(150);
    // the server no longer answers: read the store itself
    const stored = fk.cluster.all();
    const x = stored.find((o) => o["kind"] === "PersistentVolumeClaim" && (o["metadata"] as Body)["name"] === "x") as Body | undefined;
    assert.equal(x?.status.phase, "Pending");
    assert.equal(x?.spec.volumeName, undefined);
    assert.deepEqual(stored.filter((o) => o["kind"] === "PersistentVolume"), [], "no volume provisioned");
  });
});
