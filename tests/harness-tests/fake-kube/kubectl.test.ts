/**
 * The real kubectl against the fake API over HTTPS: server-side apply of the charm's rendered
 * manifests (with --snapshot-api, against a fake serving that API: VolumeSnapshotClasses
 * included) with kubectl's default validation, get, label selectors, delete, and the printed
 * 404, 409s and 422 (a changed StorageClass parameter).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import { Kubectl } from "./kubectl-support.ts";

const APP = "juju.io/application=ceph-csi";

function render(): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = ["src/cli/render.ts", "--config", "examples/render-config.yaml", "--cluster", "examples/render-cluster.yaml", "--snapshot-api"];
    execFile(process.execPath, args, (err, stdout, stderr) => {
      if (err) reject(new Error(`render failed: ${stderr}`));
      else resolve(stdout);
    });
  });
}

describe("fake-kube with the real kubectl", function () {
  this.timeout(120_000);
  let fk: FakeKube;
  let kubectl: Kubectl;
  let manifests: string;

  before(async () => {
    manifests = await render();
    fk = await FakeKube.start({ tls: true });
    fk.enableSnapshotApi(); // the render includes VolumeSnapshotClasses
    kubectl = new Kubectl(fk.kubeconfigPath);
  });
  after(async () => {
    kubectl?.cleanup();
    await fk?.stop();
  });

  it("applies the charm's rendered manifests server-side with default validation", async () => {
    const kinds = manifests.match(/^kind: .*$/gm) ?? [];
    assert.ok(kinds.length > 20, "the render has every object");
    const out = await kubectl.ok(["apply", "--server-side", "-f", "-"], manifests);
    const applied = out.trim().split("\n");
    assert.equal(applied.length, kinds.length);
    for (const line of applied) assert.match(line, / serverside-applied$/);
    // Default validation: kubectl >= 1.27 reads the OpenAPI v3 documents and asks the server to
    // validate strictly; older ones (Debian's 1.20) validate client-side against /openapi/v2 (protobuf).
    const v3 = fk.requests.some((r) => r.path === "/openapi/v3");
    assert.ok(v3 || fk.requests.some((r) => r.path === "/openapi/v2" && r.status === 200), "kubectl read an OpenAPI document");
    const patches = fk.requests.filter((r) => r.method === "PATCH");
    assert.equal(patches.length, kinds.length);
    for (const p of patches) {
      assert.equal(p.status, 201);
      assert.equal(p.query["fieldManager"], "kubectl");
      if (v3) assert.equal(p.query["fieldValidation"], "Strict");
    }
    const again = await kubectl.ok(["apply", "--server-side", "-f", "-"], manifests);
    assert.equal(again.trim().split("\n").length, kinds.length, "a second apply is accepted too");
  });

  it("gets objects as tables and by name", async () => {
    const sc = await kubectl.ok(["get", "sc"]);
    assert.match(sc, /^NAME\s+PROVISIONER\s+RECLAIMPOLICY\s+VOLUMEBINDINGMODE\s+ALLOWVOLUMEEXPANSION\s+AGE$/m);
    assert.match(sc, /^ceph-xfs \(default\)\s+rbd\.csi\.ceph\.com\s+Delete\s+Immediate\s+true\s/m);
    assert.match(sc, /^cephfs\s+cephfs\.csi\.ceph\.com\s/m);
    const ds = await kubectl.ok(["get", "daemonset", "csi-rbdplugin", "-n", "default", "-o", "jsonpath={.status.numberReady}"]);
    assert.equal(ds, "3");
  });

  it("selects by label", async () => {
    const names = (await kubectl.ok(["get", "configmaps,secrets,serviceaccounts", "-n", "default", "-l", APP, "-o", "name"])).trim().split("\n").sort();
    assert.deepEqual(names, [
      "configmap/ceph-config",
      "configmap/ceph-csi-config",
      "configmap/ceph-csi-encryption-kms-config",
      "secret/csi-cephfs-secret",
      "secret/csi-rbd-secret",
      "serviceaccount/cephfs-csi-nodeplugin",
      "serviceaccount/cephfs-csi-provisioner",
      "serviceaccount/rbd-csi-nodeplugin",
      "serviceaccount/rbd-csi-provisioner",
    ]);
    const none = await kubectl.run(["get", "configmaps", "-n", "default", "-l", "juju.io/application=someone-else"]);
    assert.equal(none.code, 0);
    assert.match(none.stderr, /No resources found in default namespace\./);
  });

  it("prints the API server's 422 for a changed StorageClass parameter", async () => {
    const changed = manifests.replace(/pool: ([A-Za-z0-9_-]+)/, "pool: $1-changed");
    assert.notEqual(changed, manifests);
    const r = await kubectl.run(["apply", "--server-side", "-f", "-"], changed);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^The StorageClass "[a-z0-9-]+" is invalid: parameters: Forbidden: updates to parameters are forbidden\.$/m);
  });

  it("prints the API server's 409s: an apply conflict with another manager, an existing object", async () => {
    const cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ceph-config, namespace: default}\ndata: {ceph.conf: changed}\n";
    const conflict = await kubectl.run(["apply", "--server-side", "--field-manager", "someone-else", "-f", "-"], cm);
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /^error: Apply failed with 1 conflict: conflict with "kubectl": \.data\.ceph\.conf$/m);
    assert.match(conflict.stderr, /--force-conflicts/);
    const exists = await kubectl.run(["create", "-f", "-"], cm);
    assert.equal(exists.code, 1);
    assert.equal(exists.stderr.trim(), 'Error from server (AlreadyExists): error when creating "STDIN": configmaps "ceph-config" already exists');
  });

  it("deletes by name and by label, then prints NotFound", async () => {
    assert.equal((await kubectl.ok(["delete", "sc", "ceph-xfs"])).trim(), 'storageclass.storage.k8s.io "ceph-xfs" deleted');
    const gone = await kubectl.run(["get", "sc", "ceph-xfs"]);
    assert.equal(gone.code, 1);
    assert.equal(gone.stderr.trim(), 'Error from server (NotFound): storageclasses.storage.k8s.io "ceph-xfs" not found');
    const deleted = (await kubectl.ok(["delete", "configmaps", "-n", "default", "-l", APP])).trim().split("\n");
    assert.equal(deleted.length, 3);
    assert.deepEqual(fk.cluster.all().filter((o) => o["kind"] === "ConfigMap"), []);
  });
});
