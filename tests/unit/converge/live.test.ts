/** What a read asks for, how its answer becomes a live state, and how objects are named and matched. */
import assert from "node:assert/strict";
import { kindsToList, liveState, ownerOf, readRequest, selectorFor } from "../../../src/converge/live.ts";
import { normalized } from "../../../src/converge/normalize.ts";
import { describe as describeObj, keyOf, refOf } from "../../../src/converge/refs.ts";
import { MANAGED_KINDS } from "../../../src/manifests/kinds.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";
import { APP, configMap, desiredSet, NS, storageClass } from "../kube/fixtures.ts";

describe("live state", () => {
  it("readRequest: LIST every managed kind by the application label, GET each desired object, check the namespace", () => {
    const desired = desiredSet();
    const req = readRequest(APP, desired, "ceph-csi");
    assert.equal(req.selector, "juju.io/application=ceph-csi");
    assert.equal(selectorFor("x"), "juju.io/application=x");
    assert.deepEqual(req.kinds, MANAGED_KINDS.map((k) => ({ apiVersion: k.apiVersion, kind: k.kind, ...(k.optional ? { optional: true } : {}) })));
    assert.deepEqual(req.refs, desired.map(refOf));
    assert.equal(req.namespace, "ceph-csi");
    assert.equal("namespace" in readRequest(APP, desired), false);
  });

  it("kindsToList: the managed kinds plus any other desired kind, never PV/PVC/Namespace", () => {
    const widget: KubeObject = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } };
    const ns: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "n" } };
    const kinds = kindsToList([widget, widget, ns, configMap("c", {})]);
    assert.equal(kinds.length, MANAGED_KINDS.length + 1);
    assert.deepEqual(kinds.at(-1), { apiVersion: "example.com/v1", kind: "Widget" });
  });

  it("liveState: owned = what the LISTs returned; every listed and got object found by key; the namespace exists unless told", () => {
    const mine = configMap("mine", {});
    const theirs = storageClass("theirs", "p", { app: "other" });
    const s = liveState({ listed: [mine], got: [theirs], namespaceExists: false });
    assert.deepEqual(s.owned, [mine]);
    assert.equal(s.byKey.get(keyOf(mine)), mine);
    assert.equal(s.byKey.get(keyOf(theirs)), theirs);
    assert.equal(s.namespaceExists, false);
    assert.equal(liveState({ listed: [], got: [] }).namespaceExists, true);
  });

  it("ownerOf: this application, another one, or nobody", () => {
    assert.equal(ownerOf(configMap("c", {}), APP), "self");
    assert.equal(ownerOf(configMap("c", {}, "other"), APP), "other");
    assert.equal(ownerOf({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }, APP), "unlabelled");
  });
});

describe("object names and identity", () => {
  it("describe: Kind/ns/name for namespaced objects, Kind/name otherwise", () => {
    assert.equal(describeObj(configMap("c", {})), "ConfigMap/default/c");
    assert.equal(describeObj(storageClass("s", "p")), "StorageClass/s");
    assert.equal(describeObj({ apiVersion: "v1", kind: "Secret", name: "x", namespace: "n" }), "Secret/n/x");
  });

  it("refOf drops a namespace on a cluster-scoped kind", () => {
    const sc = storageClass("s", "p");
    sc.metadata.namespace = "stray";
    assert.deepEqual(refOf(sc), { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", name: "s" });
    assert.deepEqual(refOf(configMap("c", {})), { apiVersion: "v1", kind: "ConfigMap", name: "c", namespace: NS });
  });

  it("keyOf: group, kind, namespace and name; the API version does not count", () => {
    const a = { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", name: "s" };
    assert.equal(keyOf(a), keyOf({ ...a, apiVersion: "storage.k8s.io/v1beta1" }));
    assert.notEqual(keyOf(a), keyOf({ ...a, apiVersion: "other.io/v1" }));
    assert.notEqual(keyOf(configMap("c", {})), keyOf({ ...refOf(configMap("c", {})), namespace: "other" }));
    assert.equal(keyOf(storageClass("s", "p")), keyOf(a));
  });

  it("normalized: the namespace as sent, on a copy kept per object and namespace", () => {
    const cm = configMap("c", {});
    delete cm.metadata.namespace;
    const a = normalized(cm, "x");
    assert.equal(a.metadata.namespace, "x");
    assert.equal(normalized(cm, "").metadata.namespace, "default");
    assert.equal(normalized(cm, "x"), a, "the same copy for the same namespace");
    assert.equal(cm.metadata.namespace, undefined, "the input is unchanged");
    const keep = configMap("k", {});
    assert.equal(normalized(keep, "x").metadata.namespace, NS, "an explicit namespace stays");
    const sc = storageClass("s", "p");
    sc.metadata.namespace = "stray";
    assert.equal(normalized(sc, "x").metadata.namespace, undefined);
  });
});
