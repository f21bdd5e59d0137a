/**
 * Planning a converge, purely: desired objects and a hand-built live state in, the writes out.
 * (Carrying the writes out against an API server: tests/unit/kube/perform.test.ts.)
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { APPLIED_HASH } from "../../../src/converge/compare.ts";
import type { KubeOp } from "../../../src/converge/ops.ts";
import {
  type ConvergeInput,
  type DryRunResult,
  deleteOrder,
  desiredAsSent,
  describeOps,
  isImmutableRefusal,
  planConverge,
  planPurge,
  pruneCandidates,
} from "../../../src/converge/plan.ts";
import { normalized } from "../../../src/converge/normalize.ts";
import { describe as describeObj, keyOf } from "../../../src/converge/refs.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";
import { APP, configMap, desiredSet, labels, NS, storageClass } from "../kube/fixtures.ts";
import { appliedState, edited, live, recorded, served } from "./served.ts";

const DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
const BETA_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class";

function plan(desired: readonly KubeObject[], state = live([]), over: Partial<ConvergeInput> = {}) {
  return planConverge({ app: APP, desired, live: state, namespace: NS, createNamespace: false, ...over });
}

/** "verb Kind/[ns/]name" per op, e.g. "apply:created ConfigMap/default/x". */
function summary(ops: readonly KubeOp[]): string[] {
  return ops.map((o) => {
    if (o.op === "apply") return `apply:${o.verb} ${describeObj(o.object)}`;
    if (o.op === "recreate") return `recreate ${describeObj(o.object)}`;
    if (o.op === "delete") return `delete:${o.verb} ${describeObj(o.ref)}`;
    if (o.op === "adopt") return `adopt ${describeObj(o.object)}`;
    return `strip ${describeObj(o.ref)} ${o.annotations.join(",")}`;
  });
}

const names = (objects: readonly KubeObject[]) => objects.map((o) => describeObj(o));

describe("planConverge", () => {
  it("first apply: every desired object is applied (created), in the given order, with its hash", () => {
    const desired = desiredSet();
    const p = plan(desired);
    assert.equal(p.problem, undefined);
    assert.deepEqual(summary(p.ops), desired.map((d) => `apply:created ${describeObj(d)}`));
    assert.deepEqual(
      p.ops.slice(0, 3).map((o) => (o.op === "apply" ? describeObj(o.object) : "")),
      ["ServiceAccount/default/rbd-csi-provisioner", "ClusterRole/rbd-external-provisioner-runner", "ConfigMap/default/ceph-config"],
    );
    for (const o of p.ops) assert.ok(o.op === "apply" && o.object.metadata.annotations?.[APPLIED_HASH], "hash annotation");
    assert.deepEqual(p.unchanged, []);
    assert.deepEqual(p.collisions, []);
  });

  it("steady state: nothing to write; every object unchanged and its live form kept", () => {
    const desired = desiredSet();
    const p = plan(desired, appliedState(desired), { view: recorded(desired) });
    assert.deepEqual(p.ops, []);
    assert.deepEqual(p.ask, []);
    assert.equal(p.problem, undefined);
    assert.equal(p.unchanged.length, desired.length);
    assert.deepEqual(Object.keys(p.current).sort(), [...p.unchanged].sort());
    assert.equal(p.current["Deployment/default/csi-rbdplugin-provisioner"]?.metadata["uid"], "uid-Deployment-csi-rbdplugin-provisioner");
  });

  it("steady state holds for any mix of the desired objects (property)", () => {
    const all = desiredSet();
    fc.assert(
      fc.property(fc.subarray(all), fc.string(), (desired, conf) => {
        const withConf = desired.map((d) => (d.metadata.name === "ceph-config" ? { ...d, data: { "ceph.conf": conf, keyring: "" } } : d));
        const p = plan(withConf, appliedState(withConf), { view: recorded(withConf) });
        assert.deepEqual(p.ops, []);
        assert.equal(p.unchanged.length, withConf.length);
      }),
    );
  });

  it("a changed input updates only the object that changed", () => {
    const before = desiredSet();
    const after = desiredSet({ cephConf: "[global]\nauth_cluster_required = none\n" });
    assert.deepEqual(summary(plan(after, appliedState(before), { view: recorded(before) }).ops), ["apply:updated ConfigMap/default/ceph-config"]);
  });

  it("a field the charm stopped setting is noticed through the hash (hostNetwork)", () => {
    const p = plan(desiredSet({ hostNetwork: false }), appliedState(desiredSet({ hostNetwork: true })), { view: recorded(desiredSet({ hostNetwork: true })) });
    assert.deepEqual(summary(p.ops), ["apply:updated Deployment/default/csi-rbdplugin-provisioner"]);
  });

  it("repairs drift: a deleted object is created again, an edited one updated, nothing else", () => {
    const desired = desiredSet();
    const state = appliedState(desired);
    const owned = state.owned
      .filter((o) => o.kind !== "DaemonSet")
      .map((o) => (o.metadata.name === "ceph-csi-encryption-kms-config" ? edited(o, (x) => (x["data"] = { "config.json": '{"edited":true}' })) : o));
    const p = plan(desired, live(owned), { view: recorded(desired) });
    assert.deepEqual(summary(p.ops), ["apply:updated ConfigMap/default/ceph-csi-encryption-kms-config", "apply:created DaemonSet/default/csi-rbdplugin"]);
  });

  it("a changed StorageClass or CSIDriver is updated in place: only the server's refusal makes a re-create", () => {
    const before = desiredSet();
    const xfs = desiredSet({ xfsParams: { imageFeatures: "layering,exclusive-lock" } });
    assert.deepEqual(summary(plan(xfs, appliedState(before), { view: recorded(before) }).ops), ["apply:updated StorageClass/ceph-xfs"]);
    const changed = before.map((d) => (d.kind === "CSIDriver" ? { ...d, spec: { ...(d["spec"] as object), podInfoOnMount: true } } : d));
    assert.deepEqual(summary(plan(changed, appliedState(before), { view: recorded(before) }).ops), ["apply:updated CSIDriver/rbd.csi.ceph.com"]);
  });

  it("an object the server refused to update in place is re-created on the next plan, with the reason", () => {
    const before = desiredSet();
    const after = desiredSet({ xfsParams: { imageFeatures: "layering,exclusive-lock" } });
    const ref = after.find((d) => d.metadata.name === "ceph-xfs")!;
    const p = plan(after, appliedState(before), { view: recorded(before), recreate: new Map([[keyOf(ref), "parameters: Forbidden: updates to parameters are forbidden."]]) });
    assert.deepEqual(summary(p.ops), ["recreate StorageClass/ceph-xfs"]);
    const op = p.ops[0];
    assert.ok(op?.op === "recreate");
    assert.equal((op.object["parameters"] as Record<string, string>)["imageFeatures"], "layering,exclusive-lock");
    assert.deepEqual(describeOps(p.ops), ["re-created StorageClass/ceph-xfs: the API server refused to update it in place (parameters: Forbidden: updates to parameters are forbidden.); existing volumes are not affected"]);
  });

  it("a dry-run the server refuses as immutable is a re-create at once; another refusal leaves the update to say why", () => {
    const before = desiredSet();
    const after = desiredSet({ xfsParams: { imageFeatures: "layering,exclusive-lock" } });
    const xfs = keyOf(after.find((d) => d.metadata.name === "ceph-xfs")!);
    const p = plan(after, appliedState(before), { dryRuns: new Map([[xfs, { refused: "parameters: Forbidden: updates to parameters are forbidden." }]]) });
    assert.deepEqual(p.ask.length, after.length - 1, "everything else is asked");
    const all = new Map(after.map((d) => [keyOf(d), { object: served(d) }] as const));
    const q = plan(after, appliedState(before), { dryRuns: new Map<string, DryRunResult>([...all, [xfs, { refused: "parameters: Forbidden" }]]) });
    assert.deepEqual(summary(q.ops), ["recreate StorageClass/ceph-xfs"]);
    const r = plan(after, appliedState(before), { dryRuns: new Map<string, DryRunResult>([...all, [xfs, { failed: "metadata.name: Invalid value" }]]) });
    assert.deepEqual(summary(r.ops), ["apply:updated StorageClass/ceph-xfs"]);
  });

  it("no record of the server's answer: nothing is written before a dry-run answers; then only what the server would change is written", () => {
    const desired = desiredSet();
    const state = appliedState(desired);
    const first = plan(desired, state);
    assert.deepEqual(first.ops, []);
    assert.deepEqual(names(first.ask), names(desiredAsSent(desired, NS)));
    // The server would store exactly what stands (a field it drops is absent from both).
    const answers = new Map(desired.map((d) => [keyOf(normalized(d, NS)), { object: served(d) }] as const));
    const second = plan(desired, state, { dryRuns: answers });
    assert.deepEqual(second.ops, []);
    assert.deepEqual(second.ask, []);
    assert.deepEqual(second.view, recorded(desired), "the answers are kept as the record");
  });

  it("moves the default-class annotation: the old default is updated and the annotation stripped", () => {
    const p = plan(desiredSet({ defaultClass: "ceph-ext4" }), appliedState(desiredSet({ defaultClass: "ceph-xfs" })), { view: recorded(desiredSet({ defaultClass: "ceph-xfs" })) });
    assert.deepEqual(summary(p.ops), [
      "apply:updated StorageClass/ceph-xfs",
      `strip StorageClass/ceph-xfs ${DEFAULT_CLASS}`,
      "apply:updated StorageClass/ceph-ext4",
    ]);
    const ext4 = p.ops[2];
    assert.equal(ext4?.op === "apply" && ext4.object.metadata.annotations?.[DEFAULT_CLASS], "true");
  });

  it("takes over an object of the Python charm (same labels, no hash) and drops its stale default annotations", () => {
    const legacy = storageClass("ceph-xfs", "xfs-pool", { isDefault: true, params: { "csi.storage.k8s.io/fstype": "xfs" } });
    legacy.metadata.annotations = { ...legacy.metadata.annotations, [BETA_DEFAULT_CLASS]: "true" };
    const desired = desiredSet({ defaultClass: "ceph-ext4" });
    const state = live([legacy]);
    assert.deepEqual(names(plan(desired, state).ask), ["StorageClass/ceph-xfs"], "no record: the server is asked first");
    const xfs = desired.find((d) => d.metadata.name === "ceph-xfs")!;
    const p = plan(desired, state, { dryRuns: new Map([[keyOf(xfs), { object: served(xfs) }]]) });
    assert.equal(p.problem, undefined);
    const forXfs = summary(p.ops).filter((s) => s.includes("StorageClass/ceph-xfs"));
    assert.deepEqual(forXfs, ["apply:updated StorageClass/ceph-xfs", `strip StorageClass/ceph-xfs ${DEFAULT_CLASS},${BETA_DEFAULT_CLASS}`]);
  });

  it("a default class that stays default keeps its annotation (nothing stripped)", () => {
    const desired = desiredSet({ defaultClass: "ceph-xfs" });
    assert.deepEqual(plan(desired, appliedState(desired), { view: recorded(desired) }).ops, []);
  });

  it("prunes objects that left the desired set, in reverse kind order", () => {
    const p = plan(desiredSet({ rbd: false }), appliedState(desiredSet()), { view: recorded(desiredSet()) });
    assert.equal(p.problem, undefined);
    assert.ok(p.ops.every((o) => o.op === "delete" && o.verb === "pruned"));
    // within a kind, as the read listed them
    assert.deepEqual(describeOps(p.ops), [
      "pruned StorageClass/ceph-xfs",
      "pruned StorageClass/ceph-ext4",
      "pruned DaemonSet/default/csi-rbdplugin",
      "pruned Deployment/default/csi-rbdplugin-provisioner",
      "pruned Service/default/csi-rbdplugin-provisioner",
      "pruned CSIDriver/rbd.csi.ceph.com",
      "pruned Secret/default/csi-rbd-secret",
      "pruned ClusterRole/rbd-external-provisioner-runner",
      "pruned ServiceAccount/default/rbd-csi-provisioner",
    ]);
    assert.deepEqual([...p.unchanged].sort(), ["ConfigMap/default/ceph-config", "ConfigMap/default/ceph-csi-encryption-kms-config"]);
  });

  it("prunes after applying: creates and updates come first", () => {
    const state = appliedState(desiredSet());
    const p = plan([...desiredSet({ rbd: false, cephConf: "changed" }), configMap("new", { a: "1" })], state, { view: recorded(desiredSet()) });
    const kinds = p.ops.map((o) => o.op);
    assert.deepEqual(kinds.slice(0, 2), ["apply", "apply"]);
    assert.ok(kinds.slice(2).every((k) => k === "delete"));
  });

  it("another application's object or an unlabelled one: collisions, and nothing at all is written", () => {
    const foreign = served(storageClass("ceph-xfs", "their-pool", { app: "other-ceph-csi" }));
    const handMade: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ceph-csi-encryption-kms-config", namespace: NS }, data: { "config.json": '{"mine":1}' } };
    const p = plan(desiredSet(), live([], [foreign, handMade]), { namespace: "ceph-csi", createNamespace: true });
    assert.deepEqual(p.collisions.map((c) => c.object), ["ConfigMap/default/ceph-csi-encryption-kms-config", "StorageClass/ceph-xfs"]);
    assert.deepEqual(p.ops, [], "not even the namespace or the objects nobody holds");
  });

  it("collisions name who holds what and which option renames it", () => {
    const foreign = served(storageClass("ceph-xfs", "their-pool", { app: "other-ceph-csi" }));
    const handMade: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ceph-csi-encryption-kms-config", namespace: NS }, data: { "config.json": '{"mine":1}' } };
    const p = plan(desiredSet(), live([], [foreign, handMade]));
    assert.deepEqual(p.collisions, [
      { object: "ConfigMap/default/ceph-csi-encryption-kms-config", owner: "", option: "namespace" },
      { object: "StorageClass/ceph-xfs", owner: "other-ceph-csi", option: "ceph-xfs-storage-class-name-formatter" },
    ]);
    assert.deepEqual(p.ops, []);
    assert.deepEqual(p.problem && [p.problem.id, p.problem.status, p.problem.text], [
      "collisions",
      "blocked",
      "2 Kubernetes resource collisions with objects without juju.io/application and application 'other-ceph-csi': nothing applied; set namespace, ceph-xfs-storage-class-name-formatter (action: list-resources)",
    ]);
  });

  it("a deployment that stands in another namespace, or under other driver names, is not moved", () => {
    const before = desiredSet();
    const state = appliedState(before);
    const moved = plan(before, state, { namespace: "ceph-csi", createNamespace: true, view: recorded(before) });
    assert.deepEqual([moved.ops, moved.problem?.id], [[], "namespaceFrozen"]);
    const renamed = before.map((d) => (d.kind === "CSIDriver" ? { ...d, metadata: { ...d.metadata, name: "rbd.other.example.com" } } : d));
    const p = plan(renamed, state, { view: recorded(before) });
    assert.deepEqual([p.ops, p.problem?.id], [[], "drivernameFrozen"]);
  });

  it("never deletes PersistentVolumes, PersistentVolumeClaims or Namespaces, even labelled for the application", () => {
    const pv: KubeObject = { apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "pvc-1", labels: labels("rbd") } };
    const pvc: KubeObject = { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data", namespace: NS, labels: labels("rbd") } };
    const ns: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "ceph-csi", labels: labels("config") } };
    const state = live([...appliedState(desiredSet()).owned, pv, pvc, ns]);
    const pruned = plan(desiredSet({ rbd: false }), state, { view: recorded(desiredSet()) });
    assert.ok(pruned.ops.length > 0);
    assert.ok(!describeOps(pruned.ops).some((l) => /PersistentVolume|Namespace/.test(l)));
    const purged = planPurge(state);
    assert.ok(!describeOps(purged).some((l) => /PersistentVolume|Namespace/.test(l)));
  });

  it("nothing desired plans nothing: no write, no prune (planPurge removes everything)", () => {
    const p = plan([], appliedState(desiredSet()));
    assert.deepEqual(p.ops, []);
    assert.equal(p.problem, undefined);
  });

  describe("namespace", () => {
    it("blocks on a missing namespace when it may not create it, planning nothing", () => {
      const p = plan(desiredSet(), live([], [], false), { namespace: "ceph-csi" });
      assert.deepEqual(p.ops, []);
      assert.deepEqual(p.problem && [p.problem.id, p.problem.status, p.problem.text], ["missingNamespace", "blocked", "Missing namespace 'ceph-csi'"]);
    });

    it("creates the namespace first when allowed, labelled for the application; a desired Namespace object wins", () => {
      const p = plan(desiredSet(), live([], [], false), { namespace: "ceph-csi", createNamespace: true });
      assert.equal(p.problem, undefined);
      const first = p.ops[0];
      assert.ok(first?.op === "apply" && first.verb === "created");
      assert.equal(describeObj(first.object), "Namespace/ceph-csi");
      assert.equal(first.object.metadata.labels?.["juju.io/application"], APP);
      assert.equal(p.ops.filter((o) => o.op === "apply" && o.object.kind === "Namespace").length, 1);
      const own: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "ceph-csi", labels: { team: "storage" } } };
      const withOwn = plan([own, ...desiredSet()], live([], [], false), { namespace: "ceph-csi", createNamespace: true });
      const ns = withOwn.ops[0];
      assert.deepEqual(ns?.op === "apply" && ns.object.metadata.labels, { team: "storage" });
      assert.equal(withOwn.ops.filter((o) => o.op === "apply" && o.object.kind === "Namespace").length, 1, "the Namespace is not applied twice");
    });

    it("needs no namespace when every desired object is cluster-scoped; '' means default", () => {
      const clusterOnly = desiredSet().filter((d) => d.kind === "StorageClass");
      assert.equal(plan(clusterOnly, live([], [], false)).problem, undefined);
      const p = plan(desiredSet(), live([], [], false), { namespace: "" });
      assert.equal(p.problem?.text, "Missing namespace 'default'");
    });
  });

  describe("object identity", () => {
    it("puts namespaced objects without a namespace into the configured one (and does not prune them)", () => {
      const cm = configMap("no-ns", { a: "1" });
      delete cm.metadata.namespace;
      const first = plan([cm]);
      assert.deepEqual(summary(first.ops), ["apply:created ConfigMap/default/no-ns"]);
      const second = plan([cm], appliedState([cm]), { view: recorded([cm]) });
      assert.deepEqual(second.ops, []);
      assert.deepEqual(second.unchanged, ["ConfigMap/default/no-ns"]);
      const other = plan([cm], live([]), { namespace: "ceph-csi", createNamespace: true });
      assert.ok(summary(other.ops).includes("apply:created ConfigMap/ceph-csi/no-ns"));
    });

    it("sends cluster-scoped objects without a namespace, and leaves the desired objects unchanged", () => {
      const sc = storageClass("x", "p");
      sc.metadata.namespace = "oops";
      const before = structuredClone(sc);
      const p = plan([sc]);
      assert.ok(p.ops[0]?.op === "apply");
      assert.equal(p.ops[0].object.metadata.namespace, undefined);
      assert.deepEqual(sc, before);
    });

    it("matches live objects whatever their API version (group, kind, namespace, name)", () => {
      const desired = desiredSet();
      const state = appliedState(desired);
      const older = live(state.owned.map((o) => (o.kind === "StorageClass" ? { ...o, apiVersion: "storage.k8s.io/v1beta1" } : o)));
      const p = plan(desired, older, { view: recorded(desired) });
      assert.deepEqual([p.ops, p.ask], [[], []]);
    });
  });
});

describe("planPurge, prune order, descriptions", () => {
  it("planPurge deletes everything labelled for the application, in reverse kind order", () => {
    const state = appliedState(desiredSet());
    const ops = planPurge(state);
    assert.equal(ops.length, desiredSet().length);
    assert.ok(ops.every((o) => o.op === "delete" && o.verb === "deleted"));
    const lines = describeOps(ops);
    assert.equal(lines[0], "deleted StorageClass/ceph-xfs");
    assert.equal(lines.at(-1), "deleted ServiceAccount/default/rbd-csi-provisioner");
    assert.ok(lines.includes("deleted ConfigMap/default/ceph-config"));
    assert.deepEqual(planPurge(live([])), []);
  });

  it("deleteOrder: StorageClasses first, ServiceAccounts last, stable within a kind", () => {
    const objs = [configMap("a", {}), storageClass("s1", "p"), configMap("b", {}), storageClass("s2", "p")];
    assert.deepEqual(deleteOrder(objs).map((o) => o.metadata.name), ["s1", "s2", "a", "b"]);
  });

  it("pruneCandidates: owned, not desired, never PV/PVC/Namespace", () => {
    const owned = [configMap("keep", {}), configMap("old", {}), { apiVersion: "v1", kind: "Namespace", metadata: { name: "n" } }];
    assert.deepEqual(pruneCandidates(owned, [configMap("keep", {})]).map((o) => o.metadata.name), ["old"]);
  });

  it("desiredAsSent: normalized, without the Namespace", () => {
    const ns: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } };
    const cm = configMap("c", {});
    delete cm.metadata.namespace;
    assert.deepEqual(names(desiredAsSent([ns, cm], "x")), ["ConfigMap/x/c"]);
  });

  it("describeOps: one line per op", () => {
    const ref = { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", name: "sc" };
    assert.deepEqual(
      describeOps([
        { op: "apply", object: configMap("c", {}), verb: "created" },
        { op: "apply", object: configMap("d", {}), verb: "updated" },
        { op: "recreate", object: storageClass("sc", "p"), why: "because" },
        { op: "delete", ref, verb: "pruned" },
        { op: "strip-annotations", ref, annotations: [DEFAULT_CLASS] },
      ]),
      [
        "created ConfigMap/default/c",
        "updated ConfigMap/default/d",
        "re-created StorageClass/sc: because; existing volumes are not affected",
        "pruned StorageClass/sc",
        `removed ${DEFAULT_CLASS} from StorageClass/sc`,
      ],
    );
  });
});

describe("isImmutableRefusal", () => {
  const update = (o: KubeObject): KubeOp => ({ op: "apply", object: o, verb: "updated" });
  const refusal = { code: 422, message: 'StorageClass.storage.k8s.io "ceph-xfs" is invalid: parameters: Forbidden: updates to parameters are forbidden.' };

  it("recognises the server's 422 refusal of an immutable StorageClass or CSIDriver update", () => {
    assert.equal(isImmutableRefusal(update(storageClass("ceph-xfs", "p")), refusal), true);
    const drv: KubeObject = { apiVersion: "storage.k8s.io/v1", kind: "CSIDriver", metadata: { name: "d" } };
    assert.equal(isImmutableRefusal(update(drv), { code: 422, message: "spec.attachRequired: Invalid value: field is immutable" }), true);
  });

  it("nothing else: another code, another message, another kind, a create, no op", () => {
    assert.equal(isImmutableRefusal(update(storageClass("ceph-xfs", "p")), { code: 500, message: refusal.message }), false);
    assert.equal(isImmutableRefusal(update(storageClass("ceph-xfs", "p")), { code: 422, message: "metadata.name: Invalid value" }), false);
    assert.equal(isImmutableRefusal(update(storageClass("ceph-xfs", "p")), { message: refusal.message }), false);
    assert.equal(isImmutableRefusal(update(configMap("c", {})), refusal), false);
    assert.equal(isImmutableRefusal({ op: "apply", object: storageClass("ceph-xfs", "p"), verb: "created" }, refusal), false);
    assert.equal(isImmutableRefusal({ op: "recreate", object: storageClass("ceph-xfs", "p"), why: "" }, refusal), false);
    assert.equal(isImmutableRefusal(undefined, refusal), false);
  });
});
