/** The five actions, run like `juju run ceph-csi/0 <action> k=v` through the real dispatch. */
import assert from "node:assert/strict";
import type { World } from "../harness/world.ts";
import { readyWorld, storageClasses } from "./helpers.ts";

describe("scenario: actions", function () {
  this.timeout(240_000);
  let w: World;

  before(async () => {
    w = await readyWorld({ units: 2, config: { "ceph-ext4-storage-class-name-formatter": "{app}-ext4" } });
  });
  after(async () => {
    await w?.stop();
  });

  it("list-versions lists every supported release, newest first", async () => {
    const out = await w.juju.runAction("list-versions");
    assert.equal(out.status, "completed");
    const rbd = String(out.results["rbd-versions"]).split("\n");
    assert.equal(rbd[0], "v3.16.0");
    assert.equal(rbd.at(-1), "v3.9.0");
    assert.equal(rbd.length, 17);
    assert.equal(out.results["config-versions"], "v0");
  });

  it("list-resources reports every object as correct in steady state", async () => {
    const out = await w.juju.runAction("list-resources");
    assert.equal(out.status, "completed", out.message);
    assert.match(String(out.results["rbd-correct"]), /StorageClass\/ceph-xfs/);
    assert.match(String(out.results["rbd-correct"]), /StorageClass\/ceph-csi-ext4/);
    assert.match(String(out.results["config-correct"]), /ConfigMap\/default\/ceph-csi-config/);
    assert.equal(out.results["rbd-missing"], undefined);
    assert.equal(out.results["rbd-extra"], undefined);
  });

  it("list-resources filters by manifest and kind, and rejects an unknown manifest", async () => {
    const out = await w.juju.runAction("list-resources", { manifest: "rbd", resources: "StorageClass" });
    assert.deepEqual(Object.keys(out.results), ["rbd-correct"]);
    assert.deepEqual(String(out.results["rbd-correct"]).split("\n"), ["StorageClass/ceph-csi-ext4", "StorageClass/ceph-xfs"]);
    const bad = await w.juju.runAction("list-resources", { manifest: "rbc" });
    assert.equal(bad.status, "failed");
    assert.match(bad.message, /Invalid manifest 'rbc'/);
  });

  it("delete-storage-class deletes a formatted managed class (ceph-ext4 included) and refuses others", async () => {
    const out = await w.juju.runAction("delete-storage-class", { name: "ceph-csi-ext4" });
    assert.equal(out.status, "completed", out.message);
    assert.equal(out.results["result"], "Successfully deleted StorageClass/ceph-csi-ext4");
    assert.equal(storageClasses(w)["ceph-csi-ext4"], undefined);
    const other = await w.juju.runAction("delete-storage-class", { name: "standard" });
    assert.equal(other.status, "failed");
    assert.match(other.message, /Invalid storage class name 'standard'. Must be one of: /);
  });

  it("sync-resources applies what is missing; scrub-resources deletes what is extra", async () => {
    const listed = await w.juju.runAction("list-resources", { manifest: "rbd" });
    assert.match(String(listed.results["rbd-missing"]), /StorageClass\/ceph-csi-ext4/);
    const synced = await w.juju.runAction("sync-resources", { manifest: "rbd" });
    assert.equal(synced.status, "completed", synced.message);
    assert.match(String(synced.results["synced"]), /StorageClass\/ceph-csi-ext4/);
    assert.ok(storageClasses(w)["ceph-csi-ext4"]);

    // An extra object: labelled for this application and manifest but no longer desired.
    w.kube.cluster.seed({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "ceph-old", labels: { "juju.io/application": "ceph-csi", "juju.io/manifest": "rbd", "juju.io/manifest-version": "rbd-v3.9.0" } },
      provisioner: "rbd.csi.ceph.com",
    });
    const scrubbed = await w.juju.runAction("scrub-resources", { manifest: "rbd" });
    assert.equal(scrubbed.status, "completed", scrubbed.message);
    assert.equal(scrubbed.results["deleted"], "StorageClass/ceph-old");
    assert.equal(storageClasses(w)["ceph-old"], undefined);
  });

  it("scrub and sync write only on the leader", async () => {
    const out = await w.juju.runAction("sync-resources", {}, { unit: "ceph-csi/1" });
    assert.equal(out.status, "failed");
    assert.match(out.message, /leader/);
  });

  it("reports API errors with action-fail, not a crash", async () => {
    const fault = w.kube.addFault({ method: "DELETE", status: 500 });
    try {
      const out = await w.juju.runAction("delete-storage-class", { name: "ceph-xfs" });
      assert.equal(out.status, "failed");
      assert.equal(out.exitCode, 0);
      assert.match(out.message, /^Failed to delete storage class: /);
      assert.ok(storageClasses(w)["ceph-xfs"], "still there");
    } finally {
      fault.remove();
    }
  });

  it("never puts a key in any action result or message", () => {
    const key = w.objects("Secret").find((s) => s.metadata.name === "csi-rbd-secret");
    const data = (key?.["data"] ?? {}) as Record<string, string>;
    const userKey = Buffer.from(data["userKey"] ?? "", "base64").toString();
    assert.ok(userKey.length > 10, "the Secret holds the key");
    const actions = JSON.stringify(w.juju.state.actions);
    assert.ok(!actions.includes(userKey));
  });
});
