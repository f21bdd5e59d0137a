/** Desired vs live, semantically: is a write needed, and would it touch an immutable field? */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  APPLIED_HASH,
  DEFAULT_CLASS_ANNOTATIONS,
  desiredHash,
  immutableChanges,
  matches,
  strayDefaultAnnotations,
  subsetEqual,
  withHash,
} from "../../../src/converge/compare.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";
import { deployment, storageClass } from "../kube/fixtures.ts";

function live(o: KubeObject, extra: Record<string, unknown> = {}): KubeObject {
  const c = structuredClone(withHash(o));
  c.metadata = { ...c.metadata, uid: "u", resourceVersion: "9", managedFields: [] };
  return { ...c, ...extra };
}

describe("compare", () => {
  it("ignores server-populated fields and defaults", () => {
    const d = storageClass("a", "p");
    assert.ok(matches(withHash(d), live(d, { volumeBindingMode: "Immediate" })));
    const dep = deployment(3);
    assert.ok(matches(withHash(dep), live(dep, { status: { replicas: 3 } })));
  });

  it("notices a changed value, a removed field (through the hash) and a missing label", () => {
    const d = storageClass("a", "p");
    assert.ok(!matches(withHash({ ...d, allowVolumeExpansion: false }), live(d)));
    const without = structuredClone(d);
    delete without["allowVolumeExpansion"];
    assert.ok(!matches(withHash(without), live(d)), "same subset, different hash");
    const l = live(d);
    delete l.metadata.labels?.["juju.io/manifest"];
    assert.ok(!matches(withHash(d), l));
  });

  it("an object the charm did not apply (no hash) does not match, even when its fields do", () => {
    const d = storageClass("a", "p");
    const l = live(d);
    delete l.metadata.annotations?.[APPLIED_HASH];
    assert.ok(!matches(withHash(d), l));
  });

  it("compares Secret stringData with the live base64 data", () => {
    const d: KubeObject = { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, stringData: { k: "v" } };
    const l = live(d);
    delete l["stringData"];
    assert.ok(matches(withHash(d), { ...l, data: { k: Buffer.from("v").toString("base64") } }));
    assert.ok(!matches(withHash(d), { ...l, data: { k: Buffer.from("w").toString("base64") } }));
    assert.ok(!matches(withHash(d), { ...l, data: {} }));
  });

  it("finds immutable StorageClass changes with defaults filled in", () => {
    const d = storageClass("a", "p");
    assert.deepEqual(immutableChanges(d, live(d, { volumeBindingMode: "Immediate" })), []);
    assert.deepEqual(immutableChanges(storageClass("a", "q"), live(d)), ["parameters"]);
    assert.deepEqual(immutableChanges({ ...d, reclaimPolicy: "Retain", mountOptions: [] }, live(d)), ["reclaimPolicy", "mountOptions"]);
    assert.deepEqual(immutableChanges({ ...d, provisioner: "other" }, live(d)), ["provisioner"]);
    const noDefaults = structuredClone(d);
    delete noDefaults["reclaimPolicy"];
    assert.deepEqual(immutableChanges(noDefaults, live(d)), [], "Delete is the default reclaim policy");
    assert.deepEqual(immutableChanges({ ...d, allowVolumeExpansion: false }, live(d)), [], "allowVolumeExpansion may change in place");
  });

  it("finds CSIDriver spec changes with the server's defaults filled in", () => {
    const d: KubeObject = { apiVersion: "storage.k8s.io/v1", kind: "CSIDriver", metadata: { name: "d" }, spec: { attachRequired: true, fsGroupPolicy: "File" } };
    const served = live(d, { spec: { attachRequired: true, fsGroupPolicy: "File", podInfoOnMount: false, requiresRepublish: false, storageCapacity: false, volumeLifecycleModes: ["Persistent"], seLinuxMount: false } });
    assert.deepEqual(immutableChanges(d, served), []);
    assert.deepEqual(immutableChanges({ ...d, spec: { attachRequired: false, fsGroupPolicy: "File", seLinuxMount: true } }, served), ["spec.attachRequired", "spec.seLinuxMount"]);
    assert.deepEqual(immutableChanges(deployment(1), live(deployment(3))), [], "other kinds have none");
  });

  it("strayDefaultAnnotations: default-class annotations live that the desired StorageClass does not set", () => {
    const plain = storageClass("a", "p");
    const def = storageClass("a", "p", { isDefault: true });
    const both = live(def);
    both.metadata.annotations = { ...both.metadata.annotations, [DEFAULT_CLASS_ANNOTATIONS[1]!]: "true" };
    assert.deepEqual(strayDefaultAnnotations(withHash(plain), both), DEFAULT_CLASS_ANNOTATIONS);
    assert.deepEqual(strayDefaultAnnotations(withHash(def), both), [DEFAULT_CLASS_ANNOTATIONS[1]]);
    assert.deepEqual(strayDefaultAnnotations(withHash(plain), live(plain)), []);
    assert.deepEqual(strayDefaultAnnotations(deployment(1), live(deployment(1))), []);
  });

  it("desiredHash: independent of key order, blind to its own annotation, sensitive to any change", () => {
    const d = storageClass("a", "p");
    const reordered = Object.fromEntries(Object.entries(d).reverse()) as KubeObject;
    assert.equal(desiredHash(reordered), desiredHash(d));
    assert.equal(desiredHash(withHash(d)), desiredHash(d));
    assert.notEqual(desiredHash(storageClass("a", "q")), desiredHash(d));
    assert.match(desiredHash(d), /^[0-9a-f]{16}$/);
  });

  it("withHash: adds the annotation to a copy, the same copy each time; the desired object is unchanged", () => {
    const d = storageClass("a", "p", { isDefault: true });
    const before = structuredClone(d);
    const h = withHash(d);
    assert.equal(h.metadata.annotations?.[APPLIED_HASH], desiredHash(d));
    assert.equal(h.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"], "true");
    assert.equal(withHash(d), h);
    assert.deepEqual(d, before);
  });

  it("subsetEqual: numbers and strings compare by text; null matches absent; lists by length and item", () => {
    assert.ok(subsetEqual({ port: 8080 }, { port: "8080" }));
    assert.ok(subsetEqual({ a: null }, {}));
    assert.ok(subsetEqual({}, undefined));
    assert.ok(!subsetEqual({ a: 1 }, undefined));
    assert.ok(!subsetEqual([1, 2], [1, 2, 3]));
    assert.ok(subsetEqual([{ a: 1 }], [{ a: 1, b: 2 }]));
    assert.ok(!subsetEqual(true, "true"));
  });

  it("subsetEqual: any value matches itself and any superset of itself", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue()), (v, extra) => {
        assert.ok(subsetEqual(v, v));
        if (typeof v === "object" && v !== null && !Array.isArray(v)) assert.ok(subsetEqual(v, { ...extra, ...v }));
      }),
    );
  });
});
