/** The read-only view of the actions: correct, outdated, missing, extra, conflicting. Pure. */
import assert from "node:assert/strict";
import { analyze } from "../../../src/converge/analyze.ts";
import { APP, configMap, desiredSet, labels, NS, storageClass } from "../kube/fixtures.ts";
import { appliedState, edited, live, served } from "./served.ts";

describe("analyze", () => {
  it("sorts desired objects into correct, outdated, missing, extra and conflicting", () => {
    const applied = appliedState(desiredSet()).owned.filter((o) => o.kind !== "DaemonSet");
    const leftover = served(configMap("leftover", { a: "1" }));
    const theirs = served(storageClass("ceph-extra", "p", { app: "other" }));
    const desired = [...desiredSet({ cephConf: "changed" }), storageClass("ceph-extra", "p")];
    const a = analyze(desired, live([...applied, leftover], [theirs]), APP, NS);
    assert.deepEqual(a.missing, ["DaemonSet/default/csi-rbdplugin"]);
    assert.deepEqual(a.outdated, ["ConfigMap/default/ceph-config"]);
    assert.deepEqual(a.extra, ["ConfigMap/default/leftover"]);
    assert.deepEqual(a.conflicting, ["StorageClass/ceph-extra"]);
    assert.equal(a.correct.length, desired.length - 3);
    assert.ok(a.correct.includes("StorageClass/ceph-xfs"));
  });

  it("an unlabelled object with a desired name conflicts; a hand-edited one of ours is outdated", () => {
    const desired = desiredSet();
    const state = appliedState(desired);
    const handMade = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ceph-config", namespace: NS }, data: {} };
    const owned = state.owned
      .filter((o) => o.metadata.name !== "ceph-config")
      .map((o) => (o.metadata.name === "csi-rbd-secret" ? edited(o, (x) => (x["data"] = { userID: "eA==" })) : o));
    const a = analyze(desired, live(owned, [handMade]), APP, NS);
    assert.deepEqual(a.conflicting, ["ConfigMap/default/ceph-config"]);
    assert.deepEqual(a.outdated, ["Secret/default/csi-rbd-secret"]);
  });

  it("never counts PVs, PVCs or Namespaces as extra; `owned` limits what counts", () => {
    const pvc = { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data", namespace: NS, labels: labels("rbd") } };
    const extraCm = served(configMap("old", {}));
    const state = live([...appliedState(desiredSet()).owned, pvc, extraCm]);
    assert.deepEqual(analyze(desiredSet(), state, APP, NS).extra, ["ConfigMap/default/old"]);
    assert.deepEqual(analyze(desiredSet(), state, APP, NS, []).extra, []);
  });

  it("everything is correct right after an apply, and missing before it", () => {
    const desired = desiredSet();
    const after = analyze(desired, appliedState(desired), APP, NS);
    assert.equal(after.correct.length, desired.length);
    assert.deepEqual([after.outdated, after.missing, after.extra, after.conflicting], [[], [], [], []]);
    assert.equal(analyze(desired, live([]), APP, NS).missing.length, desired.length);
  });
});
