import assert from "node:assert/strict";
import { FakeKube, recordEvent } from "../../harness/fake-kube/index.ts";
import { type Body, call, claimBody, get } from "./support.ts";

const EVENTS = "/api/v1/namespaces/default/events";

describe("fake-kube: Events", () => {
  let fk: FakeKube;
  let a: Body;
  let b: Body;
  beforeEach(async () => {
    fk = await FakeKube.start();
    a = fk.cluster.seed(claimBody("a", { storageClassName: "none" }));
    b = fk.cluster.seed(claimBody("b", { storageClassName: "none" }));
    recordEvent(fk.cluster, a, { type: "Warning", reason: "ProvisioningFailed", message: "boom", component: "rbd.csi.ceph.com_x" });
    recordEvent(fk.cluster, b, { type: "Normal", reason: "Provisioning", message: "working", component: "rbd.csi.ceph.com_x" });
    recordEvent(fk.cluster, { apiVersion: "v1", kind: "Node", metadata: { name: "node-1", uid: "n1" } }, { type: "Normal", reason: "Ready", message: "up", component: "kubelet" });
  });
  afterEach(async () => {
    await fk.stop();
  });

  const names = async (path: string, selector: string): Promise<string[]> => {
    const r = await get(fk, `${path}?fieldSelector=${encodeURIComponent(selector)}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items.map((e: Body) => e.involvedObject?.name ?? e.regarding?.name);
  };

  it("records core/v1 Events like a controller: involvedObject, source, counts, timestamps", async () => {
    const [e] = (await get(fk, `${EVENTS}?fieldSelector=involvedObject.name%3Da`)).body.items;
    assert.match(e.metadata.name, /^a\.[0-9a-f]+$/);
    assert.deepEqual(e.involvedObject, { kind: "PersistentVolumeClaim", namespace: "default", name: "a", uid: a.metadata.uid, apiVersion: "v1", resourceVersion: a.metadata.resourceVersion });
    assert.deepEqual([e.type, e.reason, e.message, e.count, e.source.component], ["Warning", "ProvisioningFailed", "boom", 1, "rbd.csi.ceph.com_x"]);
    assert.ok(e.firstTimestamp && e.lastTimestamp);
    recordEvent(fk.cluster, a, { type: "Warning", reason: "ProvisioningFailed", message: "boom", component: "rbd.csi.ceph.com_x" });
    const again = (await get(fk, `${EVENTS}?fieldSelector=involvedObject.name%3Da`)).body.items;
    assert.equal(again.length, 1, "a repeat is counted, not added");
    assert.equal(again[0].count, 2);
  });

  it("lists by involvedObject name, namespace, kind and uid, by reason and type, and across namespaces", async () => {
    assert.deepEqual(await names(EVENTS, "involvedObject.name=a,involvedObject.namespace=default,involvedObject.kind=PersistentVolumeClaim"), ["a"]);
    assert.deepEqual(await names(EVENTS, `involvedObject.uid=${b.metadata.uid}`), ["b"]);
    assert.deepEqual(await names(EVENTS, "type=Warning"), ["a"]);
    assert.deepEqual(await names(EVENTS, "reason!=ProvisioningFailed,involvedObject.kind==PersistentVolumeClaim"), ["b"]);
    assert.deepEqual(await names("/api/v1/events", "involvedObject.kind=Node"), ["node-1"], "a cluster-scoped object's events are in default");
    assert.deepEqual(await names(EVENTS, "source=kubelet"), ["node-1"]);
  });

  it("answers 400 for a field the kind does not select on", async () => {
    const ev = await get(fk, `${EVENTS}?fieldSelector=involvedObject.color%3Dred`);
    assert.equal(ev.status, 400);
    assert.equal(ev.body.message, "field label not supported: involvedObject.color");
    const cm = await get(fk, "/api/v1/configmaps?fieldSelector=data.a%3Db");
    assert.equal(cm.status, 400);
    assert.equal(cm.body.message, '"data.a" is not a known field selector: only "metadata.name", "metadata.namespace"');
    assert.deepEqual((await get(fk, "/api/v1/namespaces?fieldSelector=metadata.name%3Ddefault")).body.items.map((n: Body) => n.metadata.name), ["default"]);
  });

  it("shows the same Events through events.k8s.io/v1 (regarding, note, its field names)", async () => {
    const all = (await get(fk, "/apis/events.k8s.io/v1/namespaces/default/events?fieldSelector=regarding.name%3Da")).body;
    assert.equal(all.apiVersion, "events.k8s.io/v1");
    assert.equal(all.items.length, 1);
    const e = all.items[0];
    assert.deepEqual([e.regarding.name, e.note, e.reason, e.type, e.reportingController, e.deprecatedCount], ["a", "boom", "ProvisioningFailed", "Warning", "rbd.csi.ceph.com_x", 1]);
    assert.equal(e.involvedObject, undefined);
    assert.equal((await get(fk, "/apis/events.k8s.io/v1/events?fieldSelector=involvedObject.name%3Da")).status, 400, "core field names are not events.k8s.io ones");
    const posted = await call(fk, "POST", "/apis/events.k8s.io/v1/namespaces/default/events", {
      apiVersion: "events.k8s.io/v1",
      kind: "Event",
      metadata: { name: "by-hand" },
      eventTime: "2026-01-01T00:00:00.000000Z",
      regarding: { kind: "PersistentVolumeClaim", name: "b", namespace: "default" },
      reason: "Checked",
      note: "verified",
      type: "Normal",
      action: "Verify",
      reportingController: "test",
      reportingInstance: "test-1",
    });
    assert.equal(posted.status, 201, JSON.stringify(posted.body));
    assert.equal(posted.body.note, "verified");
    const core = (await get(fk, `${EVENTS}/by-hand`)).body;
    assert.deepEqual([core.message, core.involvedObject.name, core.reportingComponent], ["verified", "b", "test"]);
    fk.cluster.seed({ ...posted.body, metadata: { name: "seeded", namespace: "default" }, note: "from seed" });
    assert.equal((await get(fk, `${EVENTS}/seeded`)).body.message, "from seed", "seeding the events.k8s.io form stores a core Event");
  });
});
