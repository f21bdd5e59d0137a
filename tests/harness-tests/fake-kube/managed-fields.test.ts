/**
 * The fake API taking managedFields from a client (JSON patch, as kubectl's csaupgrade sends it)
 * and storing objects the way their managers left them (seedAsApplied).
 */
import assert from "node:assert/strict";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import type { JsonObject } from "../../harness/fake-kube/json.ts";
import { seedAsApplied, treeFromFieldsV1 } from "../../harness/fake-kube/managed-fields.ts";
import { apply, type Body, call, get } from "./support.ts";

const JSON_PATCH = "application/json-patch+json";
const CM = "/api/v1/namespaces/default/configmaps/a";

describe("fake-kube: managedFields written by a client", () => {
  let fk: FakeKube;
  beforeEach(async () => {
    fk = await FakeKube.start({ nodes: 0 });
  });
  afterEach(async () => {
    await fk.stop();
  });

  const managers = (b: Body) => (b["metadata"]["managedFields"] as Body[]).map((e) => e["manager"]);

  it("a JSON patch of managedFields becomes the ownership: the new owner's next apply removes what it does not set", async () => {
    await apply(fk, CM, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" }, data: { k: "1", only: "old" } }, "old");
    const read = (await get(fk, CM)).body;
    const entry = { ...read["metadata"]["managedFields"][0], manager: "new" };
    const patched = await call(fk, "PATCH", CM, [{ op: "replace", path: "/metadata/managedFields", value: [entry] }, { op: "replace", path: "/metadata/resourceVersion", value: read["metadata"]["resourceVersion"] }], JSON_PATCH);
    assert.equal(patched.status, 200);
    assert.deepEqual(managers(patched.body), ["new"]);
    assert.deepEqual(patched.body["data"], { k: "1", only: "old" }, "the patch changes no field");
    const after = await apply(fk, CM, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" }, data: { k: "2" } }, "new");
    assert.deepEqual(after.body["data"], { k: "2" });
  });

  it("after the patch, managedFields are exactly what was sent: an Update's \".\" marks and the entries' order kept", async () => {
    await apply(fk, CM, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" }, data: { k: "1" } }, "old");
    assert.equal((await call(fk, "PATCH", `${CM}?fieldManager=editor`, { metadata: { labels: { x: "1" } } }, "application/merge-patch+json")).status, 200);
    const read = (await get(fk, CM)).body;
    const sent = (read["metadata"]["managedFields"] as Body[]).map((e) => (e["manager"] === "old" ? { ...e, manager: "new" } : e));
    assert.deepEqual(sent[1]?.["fieldsV1"], { "f:metadata": { "f:labels": { ".": {}, "f:x": {} } } }, "the Update created the labels map");
    const patched = await call(fk, "PATCH", CM, [{ op: "replace", path: "/metadata/managedFields", value: sent }], JSON_PATCH);
    assert.equal(patched.status, 200);
    assert.deepEqual(patched.body["metadata"]["managedFields"], sent);
    const after = await apply(fk, CM, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" }, data: { k: "2" } }, "new");
    assert.deepEqual([after.body["data"], after.body["metadata"]["labels"]], [{ k: "2" }, { x: "1" }], "the editor still owns its label");
  });

  it("a stale resourceVersion in the patch: 409 Conflict, nothing changed", async () => {
    await apply(fk, CM, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" }, data: { k: "1" } }, "old");
    const answer = await call(fk, "PATCH", CM, [{ op: "replace", path: "/metadata/managedFields", value: [] }, { op: "replace", path: "/metadata/resourceVersion", value: "1" }], JSON_PATCH);
    assert.equal(answer.status, 409);
    assert.equal(answer.body["reason"], "Conflict");
    assert.deepEqual(managers((await get(fk, CM)).body), ["old"]);
  });

  it("a failing test op and a missing path are 422; a body that is not a list is 400", async () => {
    await apply(fk, CM, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" }, data: { k: "1" } }, "old");
    assert.equal((await call(fk, "PATCH", CM, [{ op: "test", path: "/data/k", value: "2" }], JSON_PATCH)).status, 422);
    assert.equal((await call(fk, "PATCH", CM, [{ op: "replace", path: "/data/nope", value: "2" }], JSON_PATCH)).status, 422);
    assert.equal((await call(fk, "PATCH", CM, { op: "replace" }, JSON_PATCH)).status, 400);
  });

  it("FieldsV1 as ownership trees: keyed list items own the whole list", () => {
    const tree = treeFromFieldsV1(
      { "f:spec": { "f:replicas": {}, "f:template": { "f:spec": { "f:containers": { 'k:{"name":"a"}': { ".": {} } }, "f:tolerations": {} } } } },
      { spec: { replicas: 1, template: { spec: { containers: [{ name: "a" }] } } } },
    );
    assert.deepEqual(tree, { spec: { replicas: 1, template: { spec: { containers: [{ name: "a" }], tolerations: {} } } } });
  });

  it("seedAsApplied stores an object with the managers and fields it was read with", () => {
    const obj: JsonObject = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "b",
        namespace: "default",
        labels: { x: "1" },
        managedFields: [
          { manager: "one", operation: "Apply", apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: { "f:data": { "f:k": {} } } },
          { manager: "two", operation: "Apply", apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: { "f:metadata": { "f:labels": { "f:x": {} } } } },
        ],
      },
      data: { k: "v" },
    };
    const stored = seedAsApplied(fk.cluster, obj);
    assert.deepEqual(stored["data"], { k: "v" });
    assert.deepEqual((stored["metadata"] as Body)["labels"], { x: "1" });
    assert.deepEqual(managers(stored as Body), ["one", "two"]);
  });
});
