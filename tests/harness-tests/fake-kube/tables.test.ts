import assert from "node:assert/strict";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import { age } from "../../harness/fake-kube/tables.ts";
import { apply, type Body, claimBody, get } from "./support.ts";

// What kubectl get sends.
const TABLE = { Accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json" };

describe("fake-kube: Tables for kubectl get", () => {
  let fk: FakeKube;
  before(async () => {
    fk = await FakeKube.start({ provisioner: true, snapshotApi: true });
  });
  after(async () => {
    await fk.stop();
  });

  const table = async (path: string): Promise<{ columns: string[]; rows: unknown[][]; body: Body }> => {
    const r = await get(fk, path, TABLE);
    assert.equal(r.headers.get("content-type"), "application/json;as=Table;v=v1;g=meta.k8s.io");
    assert.equal(r.body.kind, "Table");
    return { columns: r.body.columnDefinitions.map((c: Body) => c.name), rows: r.body.rows.map((row: Body) => row.cells), body: r.body };
  };

  it("StorageClasses: the kubectl get sc columns, (default) marked", async () => {
    await apply(fk, "/apis/storage.k8s.io/v1/storageclasses/ceph-xfs", {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "ceph-xfs", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      provisioner: "rbd.csi.ceph.com",
      allowVolumeExpansion: true,
    });
    const t = await table("/apis/storage.k8s.io/v1/storageclasses");
    assert.deepEqual(t.columns, ["Name", "Provisioner", "ReclaimPolicy", "VolumeBindingMode", "AllowVolumeExpansion", "Age"]);
    assert.deepEqual(t.rows[0]!.slice(0, 5), ["ceph-xfs (default)", "rbd.csi.ceph.com", "Delete", "Immediate", true]);
    assert.equal(t.body.rows[0].object.kind, "PartialObjectMetadata");
  });

  it("claims and volumes: status, volume, capacity, access modes, class", async () => {
    await apply(fk, "/api/v1/namespaces/default/persistentvolumeclaims/data", claimBody("data", { storageClassName: "ceph-xfs" }));
    const pvc = await table("/api/v1/namespaces/default/persistentvolumeclaims/data");
    assert.deepEqual(pvc.columns.slice(0, 6), ["Name", "Status", "Volume", "Capacity", "Access Modes", "StorageClass"]);
    assert.deepEqual([pvc.rows[0]![0], pvc.rows[0]![1], pvc.rows[0]![3], pvc.rows[0]![4], pvc.rows[0]![5]], ["data", "Bound", "1Gi", "RWO", "ceph-xfs"]);
    assert.match(String(pvc.rows[0]![2]), /^pvc-/);
    const pv = await table("/api/v1/persistentvolumes");
    assert.equal(pv.rows[0]![pv.columns.indexOf("Claim")], "default/data");
    const ev = await table("/api/v1/namespaces/default/events");
    assert.deepEqual(ev.columns, ["Last Seen", "Type", "Reason", "Object", "Message"]);
    assert.ok(ev.rows.some((r) => r[2] === "ProvisioningSucceeded" && r[3] === "persistentvolumeclaim/data"));
  });

  it("other kinds get Name and Age; plain JSON without the Accept header", async () => {
    assert.deepEqual((await table("/api/v1/serviceaccounts")).columns, ["Name", "Age"]);
    assert.equal((await get(fk, "/api/v1/namespaces")).body.kind, "NamespaceList");
  });

  it("ages read like kubectl's", () => {
    const now = Date.parse("2026-01-02T00:00:00Z");
    const ago = (s: number) => new Date(now - s * 1000).toISOString();
    assert.deepEqual([ago(5), ago(150), ago(1800), ago(3 * 3600 + 60), ago(30 * 3600), ago(3 * 86400)].map((t) => age(t, now)), ["5s", "2m30s", "30m", "3h1m", "30h", "3d"]);
  });
});
