import assert from "node:assert/strict";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import { apply, type Body, call, get } from "./support.ts";

const GV = "/apis/snapshot.storage.k8s.io/v1";
const VSCLASS = `${GV}/volumesnapshotclasses`;
const VS = `${GV}/namespaces/default/volumesnapshots`;
const VSC = `${GV}/volumesnapshotcontents`;

function vsclass(name: string, extra: Body = {}): Body {
  return { apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshotClass", metadata: { name }, driver: "rbd.csi.ceph.com", deletionPolicy: "Delete", parameters: { clusterID: "abc" }, ...extra };
}

function snapshot(name: string, source: Body, extra: Body = {}): Body {
  return { apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshot", metadata: { name, namespace: "default" }, spec: { source, ...extra } };
}

async function groups(fk: FakeKube): Promise<string[]> {
  return (await get(fk, "/apis")).body.groups.map((g: Body) => g.name);
}

describe("fake-kube: snapshot.storage.k8s.io only when enabled", () => {
  it("is absent by default: not in /apis, 404 for the group-version, not in OpenAPI, no CRDs", async () => {
    const fk = await FakeKube.start();
    try {
      assert.ok(!(await groups(fk)).includes("snapshot.storage.k8s.io"));
      assert.equal((await get(fk, GV)).status, 404);
      assert.equal((await get(fk, "/apis/snapshot.storage.k8s.io")).status, 404);
      assert.equal((await get(fk, VSCLASS)).status, 404);
      assert.equal((await get(fk, "/openapi/v3")).body.paths["apis/snapshot.storage.k8s.io/v1"], undefined);
      assert.deepEqual((await get(fk, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions")).body.items, []);
      assert.equal(fk.snapshotApi, false);
    } finally {
      await fk.stop();
    }
  });

  it("appears when a test enables it later, with its CRDs, and goes (with its objects) when disabled", async () => {
    const fk = await FakeKube.start();
    try {
      fk.enableSnapshotApi();
      assert.ok((await groups(fk)).includes("snapshot.storage.k8s.io"));
      const kinds = (await get(fk, GV)).body.resources.map((r: Body) => [r.kind, r.namespaced]);
      assert.deepEqual(kinds, [
        ["VolumeSnapshotClass", false],
        ["VolumeSnapshot", true],
        ["VolumeSnapshotContent", false],
      ]);
      assert.ok((await get(fk, "/openapi/v3")).body.paths["apis/snapshot.storage.k8s.io/v1"]);
      const crds = (await get(fk, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions")).body.items.map((c: Body) => c.metadata.name);
      assert.deepEqual(crds, ["volumesnapshotclasses.snapshot.storage.k8s.io", "volumesnapshotcontents.snapshot.storage.k8s.io", "volumesnapshots.snapshot.storage.k8s.io"]);
      assert.equal((await apply(fk, `${VSCLASS}/a`, vsclass("a"))).status, 201);
      fk.disableSnapshotApi();
      assert.equal((await get(fk, `${VSCLASS}/a`)).status, 404);
      fk.enableSnapshotApi();
      assert.deepEqual((await get(fk, VSCLASS)).body.items, [], "objects went with the CRDs");
    } finally {
      await fk.stop();
    }
  });
});

describe("fake-kube: snapshot objects", () => {
  let fk: FakeKube;
  beforeEach(async () => {
    fk = await FakeKube.start({ snapshotApi: true });
  });
  afterEach(async () => {
    await fk.stop();
  });

  it("VolumeSnapshotClass: cluster-scoped, and driver, parameters and deletionPolicy CAN change (no rule forbids it)", async () => {
    const created = await apply(fk, `${VSCLASS}/rbd`, vsclass("rbd"));
    assert.equal(created.status, 201);
    assert.equal(created.body.metadata.generation, 1);
    assert.equal(created.body.metadata.namespace, undefined);
    const changed = await apply(fk, `${VSCLASS}/rbd`, vsclass("rbd", { driver: "other.csi", deletionPolicy: "Retain", parameters: { clusterID: "xyz" } }));
    assert.equal(changed.status, 200);
    assert.deepEqual([changed.body.driver, changed.body.deletionPolicy, changed.body.parameters], ["other.csi", "Retain", { clusterID: "xyz" }]);
  });

  it("VolumeSnapshotClass: required fields, enum and types as the CRD schema says", async () => {
    const missing = await call(fk, "POST", VSCLASS, { apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshotClass", metadata: { name: "x" } });
    assert.equal(missing.status, 422);
    assert.equal(missing.body.message, 'VolumeSnapshotClass.snapshot.storage.k8s.io "x" is invalid: [deletionPolicy: Required value, driver: Required value]');
    const badEnum = await call(fk, "POST", VSCLASS, vsclass("x", { deletionPolicy: "Keep" }));
    assert.equal(badEnum.body.message, 'VolumeSnapshotClass.snapshot.storage.k8s.io "x" is invalid: deletionPolicy: Unsupported value: "Keep": supported values: "Delete", "Retain"');
    const badType = await call(fk, "POST", VSCLASS, vsclass("x", { parameters: { n: 1 } }));
    assert.equal(badType.body.message, 'VolumeSnapshotClass.snapshot.storage.k8s.io "x" is invalid: parameters.n: Invalid value: "integer": parameters.n in body must be of type string: "integer"');
  });

  it("drops fields the CRD does not declare on create (pruning), rejects them on apply", async () => {
    const pruned = await call(fk, "POST", VSCLASS, vsclass("p", { extra: "x" }));
    assert.equal(pruned.status, 201);
    assert.equal(pruned.body.extra, undefined);
    const applied = await apply(fk, `${VSCLASS}/q`, vsclass("q", { extra: "x" }));
    assert.equal(applied.status, 500);
    assert.match(applied.body.message, /\.extra: field not declared in schema$/);
  });

  it("VolumeSnapshot: exactly one source, never an empty class name, the source is immutable", async () => {
    const both = await call(fk, "POST", VS, snapshot("s", { persistentVolumeClaimName: "a", volumeSnapshotContentName: "b" }));
    assert.equal(both.status, 422);
    assert.match(both.body.message, /spec\.source: Invalid value: "object": exactly one of volumeSnapshotContentName and persistentVolumeClaimName must be set/);
    const emptyClass = await call(fk, "POST", VS, snapshot("s", { persistentVolumeClaimName: "a" }, { volumeSnapshotClassName: "" }));
    assert.match(emptyClass.body.message, /volumeSnapshotClassName must not be the empty string when set/);
    const ok = await apply(fk, `${VS}/s`, snapshot("s", { persistentVolumeClaimName: "a" }, { volumeSnapshotClassName: "rbd" }));
    assert.equal(ok.status, 201);
    const moved = await apply(fk, `${VS}/s`, snapshot("s", { persistentVolumeClaimName: "b" }, { volumeSnapshotClassName: "rbd" }));
    assert.equal(moved.status, 422);
    assert.equal(moved.body.message, 'VolumeSnapshot.snapshot.storage.k8s.io "s" is invalid: spec.source.persistentVolumeClaimName: Invalid value: "string": persistentVolumeClaimName is immutable');
  });

  it("VolumeSnapshot: status is a subresource (ignored in object writes)", async () => {
    const r = await call(fk, "POST", VS, { ...snapshot("s", { persistentVolumeClaimName: "a" }), status: { readyToUse: true } });
    assert.equal(r.status, 201);
    assert.equal(r.body.status, undefined);
  });

  it("VolumeSnapshotContent: required fields, a named and namespaced ref, immutable handles", async () => {
    const content = (handle: string): Body => ({
      apiVersion: "snapshot.storage.k8s.io/v1",
      kind: "VolumeSnapshotContent",
      metadata: { name: "c" },
      spec: { deletionPolicy: "Delete", driver: "rbd.csi.ceph.com", source: { snapshotHandle: handle }, volumeSnapshotRef: { name: "s", namespace: "default" } },
    });
    const noRef = await call(fk, "POST", VSC, { ...content("h"), spec: { deletionPolicy: "Delete", driver: "d", source: { snapshotHandle: "h" } } });
    assert.match(noRef.body.message, /spec\.volumeSnapshotRef: Required value/);
    assert.equal((await apply(fk, `${VSC}/c`, content("h1"))).status, 201);
    const changed = await apply(fk, `${VSC}/c`, content("h2"));
    assert.equal(changed.status, 422);
    assert.match(changed.body.message, /spec\.source\.snapshotHandle: Invalid value: "string": Spec\.Source\.SnapshotHandle is immutable/);
  });
});
