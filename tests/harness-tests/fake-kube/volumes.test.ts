import assert from "node:assert/strict";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import { apply, type Body, call, claimBody, get } from "./support.ts";

const PVCS = "/api/v1/namespaces/default/persistentvolumeclaims";

function storageClass(name: string, isDefault: boolean): Body {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name, ...(isDefault ? { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } } : {}) },
    provisioner: "example.csi",
  };
}

describe("fake-kube: PersistentVolumeClaims and PersistentVolumes (API server rules, no controllers)", () => {
  let fk: FakeKube;
  beforeEach(async () => {
    fk = await FakeKube.start();
  });
  afterEach(async () => {
    await fk.stop();
  });

  it("defaults volumeMode, starts Pending, ignores a status sent with the object, has no generation", async () => {
    const r = await call(fk, "POST", PVCS, { ...claimBody("c", { storageClassName: "x" }), status: { phase: "Bound" } });
    assert.equal(r.status, 201);
    assert.equal(r.body.spec.volumeMode, "Filesystem");
    assert.deepEqual(r.body.status, { phase: "Pending" });
    assert.equal(r.body.metadata.generation, undefined);
    const kept = await apply(fk, `${PVCS}/c`, { ...claimBody("c", { storageClassName: "x" }), metadata: { name: "c", namespace: "default", labels: { a: "b" } } });
    assert.deepEqual(kept.body.status, { phase: "Pending" });
  });

  it("stays Pending with no provisioner running (no controller, no events)", async () => {
    await apply(fk, `${PVCS}/c`, claimBody("c", { storageClassName: "x" }));
    assert.equal((await get(fk, `${PVCS}/c`)).body.status.phase, "Pending");
    assert.deepEqual((await get(fk, "/api/v1/namespaces/default/events")).body.items, []);
  });

  it("gives a claim without storageClassName the default class (DefaultStorageClass admission)", async () => {
    await apply(fk, "/apis/storage.k8s.io/v1/storageclasses/plain", storageClass("plain", false));
    assert.equal((await apply(fk, `${PVCS}/none`, claimBody("none"))).body.spec.storageClassName, undefined);
    await apply(fk, "/apis/storage.k8s.io/v1/storageclasses/dflt", storageClass("dflt", true));
    assert.equal((await apply(fk, `${PVCS}/one`, claimBody("one"))).body.spec.storageClassName, "dflt");
    assert.equal((await apply(fk, `${PVCS}/empty`, claimBody("empty", { storageClassName: "" }))).body.spec.storageClassName, "", "an explicit empty class stays");
  });

  it("validates access modes and the storage request", async () => {
    const r = await call(fk, "POST", PVCS, { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "bad" }, spec: {} });
    assert.equal(r.status, 422);
    assert.equal(
      r.body.message,
      'PersistentVolumeClaim "bad" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]',
    );
  });

  it("keeps a claim's spec immutable except resources.requests, and those only once it is Bound", async () => {
    const IMMUTABLE = /spec: Forbidden: spec is immutable after creation except resources\.requests and volumeAttributesClassName for bound claims/;
    await apply(fk, "/apis/storage.k8s.io/v1/storageclasses/x", { ...storageClass("x", false), provisioner: "rbd.csi.ceph.com" });
    await apply(fk, `${PVCS}/c`, claimBody("c", { storageClassName: "x" }));
    const early = await apply(fk, `${PVCS}/c`, claimBody("c", { storageClassName: "x", resources: { requests: { storage: "2Gi" } } }));
    assert.equal(early.status, 422, "a Pending claim cannot be resized");
    assert.match(early.body.message, IMMUTABLE);
    assert.deepEqual((await get(fk, `${PVCS}/c`)).body.spec.resources, { requests: { storage: "1Gi" } });
    fk.enableProvisioner();
    assert.equal((await get(fk, `${PVCS}/c`)).body.status.phase, "Bound");
    const grown = await apply(fk, `${PVCS}/c`, claimBody("c", { storageClassName: "x", resources: { requests: { storage: "2Gi" } } }));
    assert.equal(grown.status, 200, "a Bound claim can be");
    assert.deepEqual(grown.body.spec.resources, { requests: { storage: "2Gi" } });
    const moved = await apply(fk, `${PVCS}/c`, claimBody("c", { storageClassName: "y", resources: { requests: { storage: "2Gi" } } }));
    assert.equal(moved.status, 422);
    assert.match(moved.body.message, IMMUTABLE);
  });

  it("defaults a volume's reclaim policy to Retain and starts it Pending", async () => {
    const pv = await call(fk, "POST", "/api/v1/persistentvolumes", {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: "static" },
      spec: { accessModes: ["ReadWriteOnce"], capacity: { storage: "1Gi" }, csi: { driver: "example.csi", volumeHandle: "h" } },
    });
    assert.equal(pv.status, 201);
    assert.equal(pv.body.spec.persistentVolumeReclaimPolicy, "Retain");
    assert.equal(pv.body.status.phase, "Pending");
  });
});
