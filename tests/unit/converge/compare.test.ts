/** The object as sent: its hash annotation; the default-class annotations it leaves behind. */
import assert from "node:assert/strict";
import {
  APPLIED_HASH,
  DEFAULT_CLASS_ANNOTATIONS,
  desiredHash,
  strayDefaultAnnotations,
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

  it("desiredHash stays the same function across charm revisions (a new hash would re-apply every object after an upgrade)", () => {
    // Pinned with the revision that first shipped the hash annotation's current form.
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "n", labels: { x: "y" } }, data: { k: "v" } } as KubeObject;
    assert.equal(desiredHash(cm), "db7932a5f13f8883");
    const annotated = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", annotations: { [APPLIED_HASH]: "zz", b: "c" } } } as KubeObject;
    assert.equal(desiredHash(annotated), "322f5881961668cc");
    assert.equal(desiredHash({ ...annotated, metadata: { name: "a", annotations: { b: "c" } } }), "322f5881961668cc");
    // An empty annotations map counts as none; the object itself is left as it was.
    const empty = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", annotations: {} } } as KubeObject;
    assert.equal(desiredHash(empty), desiredHash({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } } as KubeObject));
    assert.deepEqual(annotated.metadata.annotations, { [APPLIED_HASH]: "zz", b: "c" });
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

});
