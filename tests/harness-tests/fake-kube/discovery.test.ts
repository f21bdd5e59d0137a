import assert from "node:assert/strict";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import { type Body, get } from "./support.ts";

const AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
// What kubectl and client-go send for /api and /apis.
const KUBECTL_ACCEPT = `${AGGREGATED},application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json`;

describe("fake-kube: discovery every client needs", () => {
  let fk: FakeKube;
  before(async () => {
    fk = await FakeKube.start();
  });
  after(async () => {
    await fk.stop();
  });

  it("answers aggregated discovery v2 when asked, with that Content-Type", async () => {
    const apis = await get(fk, "/apis", { Accept: KUBECTL_ACCEPT });
    assert.equal(apis.headers.get("content-type"), AGGREGATED);
    assert.equal(apis.body.kind, "APIGroupDiscoveryList");
    const storage = apis.body.items.find((g: Body) => g.metadata.name === "storage.k8s.io");
    const sc = storage.versions[0].resources.find((r: Body) => r.resource === "storageclasses");
    assert.deepEqual(sc.responseKind, { group: "storage.k8s.io", version: "v1", kind: "StorageClass" });
    assert.equal(sc.scope, "Cluster");
    assert.deepEqual(sc.shortNames, ["sc"]);
    const core = await get(fk, "/api", { Accept: KUBECTL_ACCEPT });
    assert.equal(core.body.items.length, 1);
    assert.equal(core.body.items[0].metadata.name, "");
    assert.equal(core.body.items[0].versions[0].resources.find((r: Body) => r.resource === "persistentvolumeclaims").scope, "Namespaced");
  });

  it("falls back to the legacy documents for clients that do not ask (v2beta1 alone included)", async () => {
    const plain = await get(fk, "/apis", { Accept: "application/json" });
    assert.equal(plain.headers.get("content-type"), "application/json");
    assert.equal(plain.body.kind, "APIGroupList");
    const beta = await get(fk, "/api", { Accept: "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json" });
    assert.equal(beta.body.kind, "APIVersions");
  });

  it("lists CustomResourceDefinitions (empty) instead of 404, as lightkube expects", async () => {
    const crds = await get(fk, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
    assert.equal(crds.status, 200);
    assert.equal(crds.body.kind, "CustomResourceDefinitionList");
    assert.deepEqual(crds.body.items, []);
  });

  it("serves /version, health endpoints and core Events", async () => {
    const v = await get(fk, "/version");
    assert.equal(v.body.major, "1");
    assert.match(v.body.gitVersion, /^v1\.\d+\.\d+/);
    assert.equal((await get(fk, "/readyz")).body.text, "ok");
    assert.equal((await get(fk, "/api/v1/namespaces/default/events")).body.kind, "EventList");
    assert.equal((await get(fk, "/apis/events.k8s.io/v1/events")).body.kind, "EventList");
  });
});
