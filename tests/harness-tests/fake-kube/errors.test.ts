import assert from "node:assert/strict";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import { apply, type Body, call, get } from "./support.ts";

const CMS = "/api/v1/namespaces/default/configmaps";
const STATUS_KEYS = ["kind", "apiVersion", "metadata", "status", "message", "reason", "details", "code"];

function cm(name: string, extra: Body = {}): Body {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" }, data: { a: "1" }, ...extra };
}

describe("fake-kube: errors as the API server sends them", () => {
  let fk: FakeKube;
  before(async () => {
    fk = await FakeKube.start();
  });
  after(async () => {
    await fk.stop();
  });

  it("404, 409 and 422 are metav1.Status objects with details", async () => {
    const nf = (await get(fk, `${CMS}/nope`)).body;
    assert.deepEqual(Object.keys(nf), STATUS_KEYS);
    assert.deepEqual(nf, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'configmaps "nope" not found', reason: "NotFound", details: { name: "nope", kind: "configmaps" }, code: 404 });
    await call(fk, "POST", CMS, cm("dup"));
    const dup = (await call(fk, "POST", CMS, cm("dup"))).body;
    assert.deepEqual([dup.reason, dup.code, dup.message, dup.details.kind], ["AlreadyExists", 409, 'configmaps "dup" already exists', "configmaps"]);
    const inv = (await call(fk, "POST", CMS, cm("Bad_Name"))).body;
    assert.deepEqual(Object.keys(inv), STATUS_KEYS);
    assert.deepEqual([inv.reason, inv.code, inv.details.kind, inv.details.name], ["Invalid", 422, "ConfigMap", "Bad_Name"]);
    assert.equal(inv.details.causes[0].field, "metadata.name");
  });

  it("server-side apply of a field the schema does not declare: 500 without a reason", async () => {
    const r = await apply(fk, `${CMS}/x`, cm("x", { bogus: 1 }));
    assert.equal(r.status, 500);
    assert.equal(r.body.reason, undefined);
    assert.equal(r.body.message, "failed to create typed patch object (default/x; /v1, Kind=ConfigMap): .bogus: field not declared in schema");
    const sc = await apply(fk, "/apis/storage.k8s.io/v1/storageclasses/s", { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "s" }, provisioner: "p", parameter: { a: "b" } });
    assert.equal(sc.body.message, "failed to create typed patch object (/s; storage.k8s.io/v1, Kind=StorageClass): .parameter: field not declared in schema");
  });

  it("create with fieldValidation=Strict rejects unknown fields; without it they pass", async () => {
    const strict = await call(fk, "POST", `${CMS}?fieldValidation=Strict`, cm("s", { bogus: 1 }));
    assert.equal(strict.status, 400);
    assert.equal(strict.body.message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"');
    assert.equal((await call(fk, "POST", CMS, cm("lax", { bogus: 1 }))).status, 201);
  });

  it("answers 415 for protobuf bodies (not decoded by the fake)", async () => {
    const r = await call(fk, "POST", CMS, cm("p"), "application/vnd.kubernetes.protobuf");
    assert.equal(r.status, 415);
    assert.equal(r.body.reason, "UnsupportedMediaType");
  });
});
