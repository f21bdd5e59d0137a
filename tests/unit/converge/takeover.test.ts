/**
 * Taking over the Python charm's field managers: the managedFields patch (pure), the plan with
 * adopt ops, and the adopt op carried out by the real client over HTTP against fake-kube.
 */
import assert from "node:assert/strict";
import { liveState, readRequest } from "../../../src/converge/live.ts";
import type { JsonPatchOp, KubeOp } from "../../../src/converge/ops.ts";
import { planConverge } from "../../../src/converge/plan.ts";
import { normalized } from "../../../src/converge/normalize.ts";
import { keyOf } from "../../../src/converge/refs.ts";
import { previousOwners, takenOverFields, takeoverPatch, unionFields, withTakeover } from "../../../src/converge/takeover.ts";
import { withHash } from "../../../src/converge/compare.ts";
import { performRead, performWrites } from "../../../src/kube/index.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import { kindOfObject } from "../../harness/fake-kube/kinds.ts";
import { APP, configMap, NS } from "../kube/fixtures.ts";
import { clientOf, planAsked } from "../kube/seam.ts";
import { served } from "./served.ts";

const entry = (manager: string, fieldsV1: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  manager,
  operation: "Apply",
  apiVersion: "apps/v1",
  time: "2026-12-01T00:00:00Z",
  fieldsType: "FieldsV1",
  fieldsV1,
  ...extra,
});

function live(managedFields: unknown[], rv = "42"): KubeObject {
  return { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "csi-rbdplugin-provisioner", namespace: NS, resourceVersion: rv, managedFields }, spec: {} };
}

const OLD = { "f:spec": { "f:replicas": {}, "f:template": { "f:spec": { "f:affinity": { "f:podAntiAffinity": {} }, "f:tolerations": {} } } } };
const OURS = { "f:spec": { "f:replicas": {}, "f:template": { "f:spec": { "f:containers": { 'k:{"name":"a"}': { ".": {}, "f:image": {} } } } } } };
const STATUS = entry("kubectl-patch", { "f:status": { "f:replicas": {} } }, { operation: "Update", subresource: "status" });

describe("takeover of the previous charm's field managers", () => {
  it("the union of two field sets keeps every path of both", () => {
    assert.deepEqual(unionFields(OLD, OURS), {
      "f:spec": { "f:replicas": {}, "f:template": { "f:spec": { "f:affinity": { "f:podAntiAffinity": {} }, "f:tolerations": {}, "f:containers": { 'k:{"name":"a"}': { ".": {}, "f:image": {} } } } } },
    });
  });

  it("merges the old managers' fields into our Apply entry and drops theirs; status writes of others stay", () => {
    const out = takenOverFields(live([entry("ceph-csi-rbd", OLD), STATUS, entry("ceph-csi", OURS)]), APP, APP);
    assert.ok(out);
    assert.deepEqual(out.map((e) => e.manager), ["ceph-csi", "kubectl-patch"]);
    assert.deepEqual(out[0]?.fieldsV1, unionFields(OURS, OLD));
    assert.deepEqual(out[1], STATUS);
  });

  it("creates our Apply entry when we own nothing yet (the first hook after the switch)", () => {
    const out = takenOverFields(live([entry("ceph-csi-rbd", OLD), entry("ceph-csi-config", { "f:data": {} })]), APP, APP);
    assert.deepEqual(out?.map((e) => [e.manager, e.operation, e.apiVersion]), [["ceph-csi", "Apply", "apps/v1"]]);
    assert.deepEqual(out?.[0]?.fieldsV1, unionFields(OLD, { "f:data": {} }));
  });

  it("another application's managers, Update entries and our own entry alone are left as they are", () => {
    assert.equal(takenOverFields(live([entry("other-rbd", OLD), entry("ceph-csi", OURS)]), APP, APP), undefined);
    assert.equal(takenOverFields(live([entry("ceph-csi-rbd", OLD, { operation: "Update" })]), APP, APP), undefined);
    assert.deepEqual(previousOwners(live([entry("ceph-csi-rbd", OLD), entry("ceph-csi-cephfs", OLD), STATUS]), APP), ["ceph-csi-rbd", "ceph-csi-cephfs"]);
  });

  it("the patch replaces managedFields and is valid only for the resourceVersion read", () => {
    const patch = takeoverPatch(live([entry("ceph-csi-rbd", OLD)], "7"), APP, APP) as JsonPatchOp[];
    assert.deepEqual(patch.map((p) => [p.op, p.path]), [["replace", "/metadata/managedFields"], ["replace", "/metadata/resourceVersion"]]);
    assert.equal(patch[1]?.value, "7");
  });

  it("plan: an update of a taken-over object becomes adopt; an unchanged one gets an adopt; new objects do not", () => {
    const a = configMap("a", { k: "1" });
    const b = configMap("b", { k: "2" });
    const c = configMap("c", { k: "3" });
    const old = (o: KubeObject, data: Record<string, string>): KubeObject => ({
      ...withHash(o),
      data,
      metadata: { ...withHash(o).metadata, resourceVersion: "5", managedFields: [entry("ceph-csi-config", { "f:data": {} }, { apiVersion: "v1" })] },
    });
    const listed = [old(a, { k: "old" }), old(b, { k: "2" })];
    const state = liveState({ listed, got: [], namespaceExists: true });
    const input = { app: APP, desired: [a, b, c], live: state, namespace: NS, createNamespace: false };
    // No record of the server's answers after the switch: the server is asked first, nothing planned.
    const asking = planConverge(input);
    assert.deepEqual([asking.ops, asking.ask.map((o) => o.metadata.name)], [[], ["a", "b"]]);
    // It would store what is desired: a differs from what stands, b does not.
    const plan = planConverge({ ...input, dryRuns: new Map([a, b].map((o) => [keyOf(normalized(o, NS)), { object: served(o) }] as const)) });
    const taken = withTakeover({ plan, live: (d) => state.byKey.get(keyOf(d)), desired: [a, b, c].map(withHash), app: APP, manager: APP });
    const summary = (ops: readonly KubeOp[]) => ops.map((o) => `${o.op} ${o.op === "delete" || o.op === "strip-annotations" ? o.ref.name : o.object.metadata.name}`);
    assert.deepEqual(summary(plan.ops), ["apply a", "apply c"]);
    assert.deepEqual(summary(taken.ops), ["adopt a", "apply c", "adopt b"]);
    assert.deepEqual(taken.unchanged, []);
    assert.equal(withTakeover({ plan, live: () => undefined, desired: [a, b, c], app: APP, manager: APP }), plan, "nothing to take over: the same plan");
  });

  describe("the adopt op over HTTP (real client, fake API)", () => {
    let fk: FakeKube;
    beforeEach(async () => {
      fk = await FakeKube.start({ nodes: 3 });
    });
    afterEach(async () => {
      await fk.stop();
    });

    it("moves the old manager's fields to ours, then the apply removes what we do not set", async () => {
      const k = kindOfObject("v1", "ConfigMap");
      assert.ok(k);
      fk.cluster.apply(k, NS, "a", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: NS, labels: configMap("a", {}).metadata.labels ?? {} }, data: { k: "old", legacy: "x" } }, "ceph-csi-config", true);
      const client = clientOf(fk);
      const desired = [configMap("a", { k: "new" })];
      const read = await performRead(client, readRequest(APP, desired, NS));
      assert.ok(read.ok);
      const state = liveState(read.value);
      const asked = await planAsked(client, { app: APP, desired, live: state, namespace: NS, createNamespace: false });
      assert.equal(asked.dryRuns, 1, "no record: the server is asked with a dry-run first");
      const plan = withTakeover({
        plan: asked.plan,
        live: (d) => state.byKey.get(keyOf(d)),
        desired: desired.map(withHash),
        app: APP,
        manager: APP,
      });
      assert.deepEqual(plan.ops.map((o) => o.op), ["adopt"]);
      const answer = await performWrites(client, plan.ops, APP);
      assert.equal(answer.failure, undefined);
      const cm = fk.cluster.all().find((o) => o["kind"] === "ConfigMap" && (o["metadata"] as { name: string }).name === "a") as Record<string, unknown>;
      assert.deepEqual(cm["data"], { k: "new" }, "the key only the old manager set is gone");
      assert.deepEqual(((cm["metadata"] as { managedFields: { manager: string }[] }).managedFields).map((e) => e.manager), [APP]);
      assert.ok(fk.writes().some((w) => w.method === "PATCH" && w.contentType?.startsWith("application/json-patch+json")), "sent as a JSON patch");
    });

    it("an object changed since it was read: 409 Conflict, nothing taken over", async () => {
      const k = kindOfObject("v1", "ConfigMap");
      assert.ok(k);
      fk.cluster.apply(k, NS, "a", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: NS, labels: configMap("a", {}).metadata.labels ?? {} }, data: { k: "old" } }, "ceph-csi-config", true);
      const client = clientOf(fk);
      const desired = [configMap("a", { k: "new" })];
      const read = await performRead(client, readRequest(APP, desired, NS));
      assert.ok(read.ok);
      const state = liveState(read.value);
      const { plan: planned } = await planAsked(client, { app: APP, desired, live: state, namespace: NS, createNamespace: false });
      const plan = withTakeover({ plan: planned, live: (d) => state.byKey.get(keyOf(d)), desired: desired.map(withHash), app: APP, manager: APP });
      fk.cluster.apply(k, NS, "a", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: NS }, data: { other: "y" } }, "someone", true);
      const answer = await performWrites(client, plan.ops, APP);
      assert.equal(answer.done, 0);
      assert.equal(answer.failure?.code, 409);
      const cm = fk.cluster.all().find((o) => o["kind"] === "ConfigMap" && (o["metadata"] as { name: string }).name === "a") as Record<string, unknown>;
      assert.ok((cm["metadata"] as { managedFields: { manager: string }[] }).managedFields.some((e) => e.manager === "ceph-csi-config"));
    });
  });
});
