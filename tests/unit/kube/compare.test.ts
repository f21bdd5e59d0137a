import assert from "node:assert/strict";
import fc from "fast-check";
import { immutableChanges, matches, withHash } from "../../../src/kube/index.ts";
import { subsetEqual } from "../../../src/kube/compare.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";
import { storageClass } from "./fixtures.ts";

function live(o: KubeObject, extra: Record<string, unknown> = {}): KubeObject {
  const c = structuredClone(withHash(o));
  c.metadata = { ...c.metadata, uid: "u", resourceVersion: "9", managedFields: [] };
  return { ...c, ...extra };
}

describe("compare", () => {
  it("ignores server-populated fields and defaults", () => {
    const d = storageClass("a", "p");
    assert.ok(matches(withHash(d), live(d, { volumeBindingMode: "Immediate" })));
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

  it("compares Secret stringData with the live base64 data", () => {
    const d: KubeObject = { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, stringData: { k: "v" } };
    const l = live(d);
    delete l["stringData"];
    assert.ok(matches(withHash(d), { ...l, data: { k: Buffer.from("v").toString("base64") } }));
    assert.ok(!matches(withHash(d), { ...l, data: { k: Buffer.from("w").toString("base64") } }));
  });

  it("finds immutable StorageClass changes with defaults filled in", () => {
    const d = storageClass("a", "p");
    assert.deepEqual(immutableChanges(d, live(d, { volumeBindingMode: "Immediate" })), []);
    assert.deepEqual(immutableChanges(storageClass("a", "q"), live(d)), ["parameters"]);
    assert.deepEqual(immutableChanges({ ...d, reclaimPolicy: "Retain", mountOptions: [] }, live(d)), ["reclaimPolicy", "mountOptions"]);
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
