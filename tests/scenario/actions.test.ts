/** The actions, run like `juju run ceph-csi/0 <action> k=v`, in-process. */
import assert from "node:assert/strict";
import { given, ready, readyCephfs, storageClasses, tools } from "./states.ts";

const EXT4 = { config: { "ceph-ext4-storage-class-name-formatter": "{app}-ext4" }, units: 2 };

describe("scenario: actions", () => {
  it("list-versions lists every supported release, newest first", async () => {
    const s = await given(ready());
    const out = await s.juju.runAction("list-versions");
    assert.equal(out.status, "completed");
    const rbd = String(out.results["rbd-versions"]).split("\n");
    assert.equal(rbd[0], "v3.16.0");
    assert.deepEqual(rbd.slice(-4), ["v3.9.0", "v3.8.1", "v3.8.0", "v3.7.2"]);
    assert.equal(rbd.length, 20);
    assert.equal(out.results["cephfs-versions"], out.results["rbd-versions"]);
    assert.equal(out.results["config-versions"], "v0");
  });

  it("list-resources reports every object as correct in steady state", async () => {
    const s = await given(ready(EXT4));
    const out = await s.juju.runAction("list-resources");
    assert.equal(out.status, "completed", out.message);
    assert.match(String(out.results["rbd-correct"]), /StorageClass\/ceph-xfs/);
    assert.match(String(out.results["rbd-correct"]), /StorageClass\/ceph-csi-ext4/);
    assert.match(String(out.results["config-correct"]), /ConfigMap\/default\/ceph-csi-config/);
    assert.equal(out.results["rbd-missing"], undefined);
    assert.equal(out.results["rbd-extra"], undefined);
    const keys = Object.keys(out.results);
    assert.ok(keys.length > 0 && keys.every((k) => k.endsWith("-correct")), `only *-correct keys: ${keys.join(", ")}`);
    assert.deepEqual(keys.sort(), ["config-correct", "rbd-correct"], "CephFS is not enabled: no cephfs key");
  });

  it("list-resources is read-only on every unit: no Ceph change, no relation data, no stored state, no charm file", async () => {
    const s = await given(readyCephfs({ units: 2 }));
    s.ceph.groups["ceph-fs"] = [];
    const dirs = JSON.stringify(s.host.dirs);
    for (const unit of ["ceph-csi/0", "ceph-csi/1"]) {
      const stored = s.juju.unit(unit).storedState;
      s.ceph.calls.length = 0;
      const out = await s.juju.runAction("list-resources", {}, { unit });
      assert.equal(out.status, "completed", out.message);
      assert.deepEqual(s.ceph.groups["ceph-fs"], [], "no subvolume group created");
      assert.ok(s.ceph.calls.every((c) => !c.includes("create")), s.ceph.calls.join(", "));
      const written = tools(out).filter((t) => ["relation-set", "state-set", "state-delete", "leader-set", "status-set"].includes(t));
      assert.deepEqual(written, [], `${unit}: ${tools(out).join(", ")}`);
      assert.deepEqual(s.juju.unit(unit).storedState, stored);
      assert.equal(JSON.stringify(s.host.dirs), dirs, "the charm's conf is untouched and the temporary conf is gone");
      assert.equal(s.kube.writes().length, 0);
    }
  });

  it("list-resources filters by manifest and kind, and rejects an unknown manifest", async () => {
    const s = await given(ready(EXT4));
    const out = await s.juju.runAction("list-resources", { manifest: "rbd", resources: "StorageClass" });
    assert.deepEqual(Object.keys(out.results), ["rbd-correct"]);
    assert.deepEqual(String(out.results["rbd-correct"]).split("\n"), ["StorageClass/ceph-csi-ext4", "StorageClass/ceph-xfs"]);
    const bad = await s.juju.runAction("list-resources", { manifest: "rbc" });
    assert.equal(bad.status, "failed");
    assert.equal(bad.message, "Invalid manifest 'rbc': must be one of config, rbd, cephfs");
  });

  it("delete-storage-class deletes a formatted managed class and refuses others", async () => {
    const s = await given(ready(EXT4));
    const out = await s.juju.runAction("delete-storage-class", { name: "ceph-csi-ext4" });
    assert.equal(out.status, "completed", out.message);
    assert.equal(out.results["result"], "Successfully deleted StorageClass/ceph-csi-ext4");
    assert.equal(storageClasses(s)["ceph-csi-ext4"], undefined);
    const other = await s.juju.runAction("delete-storage-class", { name: "standard" });
    assert.equal(other.status, "failed");
    assert.equal(other.message, "Invalid storage class name 'standard'. Must be one of: ceph-xfs, ceph-csi-ext4");
  });

  it("sync-resources applies what is missing", async () => {
    const s = await given(ready(EXT4));
    s.kube.cluster.remove({ kind: "StorageClass", metadata: { name: "ceph-csi-ext4" } });
    const synced = await s.juju.runAction("sync-resources", { manifest: "rbd" });
    assert.equal(synced.status, "completed", synced.message);
    assert.equal(synced.results["synced"], "StorageClass/ceph-csi-ext4");
    assert.match(String(synced.results["rbd-correct"]), /StorageClass\/ceph-csi-ext4/);
    assert.ok(storageClasses(s)["ceph-csi-ext4"]);
  });

  it("scrub-resources deletes what is extra (labelled for this manifest, not desired)", async () => {
    const s = await given(ready(EXT4));
    s.kube.cluster.seed({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "ceph-old", labels: { "juju.io/application": "ceph-csi", "juju.io/manifest": "rbd", "juju.io/manifest-version": "rbd-v3.9.0" } },
      provisioner: "rbd.csi.ceph.com",
    });
    const listed = await s.juju.runAction("list-resources", { manifest: "rbd" });
    assert.equal(listed.results["rbd-extra"], "StorageClass/ceph-old");
    const scrubbed = await s.juju.runAction("scrub-resources", { manifest: "rbd" });
    assert.equal(scrubbed.status, "completed", scrubbed.message);
    assert.equal(scrubbed.results["deleted"], "StorageClass/ceph-old");
    assert.equal(scrubbed.results["rbd-extra"], undefined);
    assert.equal(storageClasses(s)["ceph-old"], undefined);
  });

  it("the writing actions run on the leader only", async () => {
    const s = await given(ready(EXT4));
    for (const name of ["sync-resources", "scrub-resources"]) {
      const out = await s.juju.runAction(name, {}, { unit: "ceph-csi/1" });
      assert.equal(out.status, "failed");
      assert.equal(out.message, "Run this action on the leader unit");
    }
    const del = await s.juju.runAction("delete-storage-class", { name: "ceph-xfs" }, { unit: "ceph-csi/1" });
    assert.equal(del.message, "Run this action on the leader unit");
    assert.equal(s.kube.writes().length, 0);
  });

  it("API errors fail the action with the reason, exit 0", async () => {
    const s = await given(ready());
    s.kube.addFault({ method: "DELETE", status: 500 });
    const out = await s.juju.runAction("delete-storage-class", { name: "ceph-xfs" });
    assert.equal(out.status, "failed");
    assert.equal(out.exitCode, 0);
    assert.equal(out.message, "Failed to delete storage class: Waiting for Kubernetes API: delete StorageClass: injected fault (500) (HTTP 500)");
    assert.ok(storageClasses(s)["ceph-xfs"], "still there");
  });

  it("without the relation the resource actions say why they cannot work", async () => {
    const s = await given(ready());
    const st = s.juju.state;
    st.relations = st.relations.filter((r) => r.endpoint !== "ceph-client");
    s.juju.setState(st);
    const out = await s.juju.runAction("list-resources");
    assert.equal(out.status, "failed");
    assert.equal(out.message, "Cannot compute the desired objects: Missing relation: ceph-client (or ceph, or the ceph-external secret)");
  });

  it("no key in any result or message", async () => {
    const s = await given(ready());
    const key = s.backend.state.users.get("ceph-csi")?.key ?? "";
    assert.ok(key.length > 30);
    const outs = [await s.juju.runAction("list-resources"), await s.juju.runAction("sync-resources"), await s.juju.runAction("delete-storage-class", { name: "nope" })];
    for (const o of outs) assert.ok(!JSON.stringify([o.results, o.message, o.logs]).includes(key));
  });
});
