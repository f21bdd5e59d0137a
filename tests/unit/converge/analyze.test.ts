/** The read-only view of the actions: correct, outdated, missing, extra, conflicting. Pure. */
import assert from "node:assert/strict";
import { analyze } from "../../../src/converge/analyze.ts";
import type { DryRunResult } from "../../../src/converge/plan.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";
import { normalized } from "../../../src/converge/normalize.ts";
import { keyOf } from "../../../src/converge/refs.ts";
import { APP, configMap, desiredSet, labels, NS, storageClass } from "../kube/fixtures.ts";
import { appliedState, edited, live, recorded, served } from "./served.ts";

/** The answers the charm keeps after applying `applied`. */
const answersAfter = (applied: readonly KubeObject[], owned?: readonly KubeObject[]) => ({ app: APP, namespace: NS, answers: { view: recorded(applied), dryRuns: new Map() }, ...(owned ? { owned } : {}) });

describe("analyze", () => {
  it("sorts desired objects into correct, outdated, missing, extra and conflicting", () => {
    const applied = appliedState(desiredSet()).owned.filter((o) => o.kind !== "DaemonSet");
    const leftover = served(configMap("leftover", { a: "1" }));
    const theirs = served(storageClass("ceph-extra", "p", { app: "other" }));
    const desired = [...desiredSet({ cephConf: "changed" }), storageClass("ceph-extra", "p")];
    const a = analyze(desired, live([...applied, leftover], [theirs]), answersAfter(desiredSet()));
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
    const a = analyze(desired, live(owned, [handMade]), answersAfter(desired));
    assert.deepEqual(a.conflicting, ["ConfigMap/default/ceph-config"]);
    assert.deepEqual(a.outdated, ["Secret/default/csi-rbd-secret"]);
  });

  it("never counts PVs, PVCs or Namespaces as extra; `owned` limits what counts", () => {
    const pvc = { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data", namespace: NS, labels: labels("rbd") } };
    const extraCm = served(configMap("old", {}));
    const state = live([...appliedState(desiredSet()).owned, pvc, extraCm]);
    assert.deepEqual(analyze(desiredSet(), state, answersAfter(desiredSet())).extra, ["ConfigMap/default/old"]);
    assert.deepEqual(analyze(desiredSet(), state, answersAfter(desiredSet(), [])).extra, []);
  });

  it("everything is correct right after an apply, and missing before it", () => {
    const desired = desiredSet();
    const a = analyze(desired, appliedState(desired), answersAfter(desired));
    assert.equal(a.correct.length, desired.length);
    assert.deepEqual([a.outdated, a.missing, a.extra, a.conflicting, a.ask], [[], [], [], [], []]);
    assert.equal(analyze(desired, live([]), answersAfter(desired)).missing.length, desired.length);
  });

  it("without a record of the server's answers, what stands is asked (dry-run), then judged by the answers", () => {
    const desired = desiredSet();
    const none = { app: APP, namespace: NS, answers: { view: {}, dryRuns: new Map<string, DryRunResult>() } };
    const a = analyze(desired, appliedState(desired), none);
    assert.equal(a.ask.length, desired.length);
    assert.deepEqual(a.correct, []);
    const answers = new Map<string, DryRunResult>(desired.map((d) => [keyOf(normalized(d, NS)), { object: served(d) }]));
    answers.set(keyOf(normalized(desired[0]!, NS)), { refused: "field is immutable" });
    const b = analyze(desired, appliedState(desired), { ...none, answers: { view: {}, dryRuns: answers } });
    assert.deepEqual([b.ask, b.outdated.length, b.correct.length], [[], 1, desired.length - 1]);
  });
});
