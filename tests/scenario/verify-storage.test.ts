/**
 * verify-storage: a claim per managed StorageClass, Bound or not, what went wrong, and never a
 * claim left behind (the tests count them), whatever happens.
 */
import assert from "node:assert/strict";
import type { Sim } from "../harness/in-process/sim.ts";
import { given, ready, readyCephfs } from "./states.ts";

const claims = (s: Sim) => s.objects("PersistentVolumeClaim");
const volumes = (s: Sim) => s.objects("PersistentVolume");
const PVC = /^\/api\/v1\/namespaces\/default\/persistentvolumeclaims\/verify-.+-[0-9a-f]{8}$/;

/**
 * The claim writes, as "METHOD verify-<class>" (the run's suffix dropped), after checking that
 * every write of the run is one of them and that each claim created is deleted by its own name
 * (`leftovers`: claims of an earlier run, deleted without being made).
 */
function claimWrites(s: Sim, leftovers: readonly string[] = []): string[] {
  const writes = s.kube.writes();
  const paths = writes.map((w) => w.path);
  assert.ok(
    paths.every((p) => PVC.test(p)),
    `only claim writes: ${paths.join(", ")}`,
  );
  const names = (method: string) =>
    writes
      .filter((w) => w.method === method)
      .map((w) => w.path.split("/").pop() as string)
      .filter((n) => !leftovers.includes(n));
  assert.deepEqual([...names("DELETE")].sort(), [...names("PATCH")].sort(), "every claim made is deleted by name");
  return writes.map((w) => `${w.method} ${(w.path.split("/").pop() as string).replace(/-[0-9a-f]{8}$/, "")}`);
}

describe("scenario: verify-storage", () => {
  it("a healthy cluster: every class binds a claim; volume and time reported; no claim or volume left", async () => {
    const s = await given(readyCephfs());
    s.kube.enableProvisioner();
    const out = await s.juju.runAction("verify-storage");
    assert.equal(out.status, "completed", out.message);
    for (const cls of ["ceph-xfs", "ceph-ext4", "cephfs"]) {
      const r = out.results[cls] as Record<string, string>;
      assert.equal(r["bound"], "true", cls);
      assert.match(r["volume"] ?? "", /^pvc-[0-9a-f-]{36}$/);
      assert.match(r["seconds"] ?? "", /^\d+\.\d$/);
      assert.equal(r["workloads"], "ready");
    }
    assert.equal(out.results["summary"], "3 of 3 StorageClasses bound a claim");
    assert.deepEqual(claims(s), [], "no claim left");
    assert.deepEqual(volumes(s), [], "their volumes went with them (reclaimPolicy Delete)");
  });

  it("the provisioner refusing: failed, with the ProvisioningFailed event text per class; no claim left", async () => {
    const s = await given(ready({ nodes: 1 }));
    s.kube.enableProvisioner({ refuse: { message: "rpc error: code = Internal desc = pool xfs-pool does not exist" } });
    const out = await s.juju.runAction("verify-storage", { timeout: 5 });
    assert.equal(out.status, "failed");
    assert.equal(out.message, "2 of 2 StorageClasses did not bind a claim within 5s: ceph-xfs, ceph-ext4");
    const r = out.results["ceph-xfs"] as Record<string, string>;
    assert.equal(r["bound"], "false");
    assert.match(r["events"] ?? "", /Warning ProvisioningFailed: failed to provision volume with StorageClass "ceph-xfs": rpc error: code = Internal desc = pool xfs-pool does not exist/);
    assert.match(r["workloads"] ?? "", /Deployment\/default\/csi-rbdplugin-provisioner is not available: 1\/3 replicas available/);
    const ext4 = out.results["ceph-ext4"] as Record<string, string>;
    assert.equal(ext4["bound"], "false");
    assert.match(ext4["events"] ?? "", /Warning ProvisioningFailed: failed to provision volume with StorageClass "ceph-ext4": rpc error: code = Internal desc = pool xfs-pool does not exist/);
    assert.doesNotMatch(r["events"] ?? "", /StorageClass "ceph-ext4"/, "each class reports its own claim's events");
    assert.deepEqual(claims(s), []);
    assert.deepEqual(claimWrites(s), ["PATCH verify-ceph-xfs", "PATCH verify-ceph-ext4", "DELETE verify-ceph-xfs", "DELETE verify-ceph-ext4"]);
  });

  it("no provisioner at all: the claim stays Pending until the timeout; reported, deleted", async () => {
    const s = await given(ready());
    const out = await s.juju.runAction("verify-storage", { class: "ceph-ext4", timeout: 30 });
    assert.equal(out.status, "failed");
    assert.deepEqual(Object.keys(out.results).sort(), ["ceph-ext4", "namespace", "summary"]);
    assert.equal((out.results["ceph-ext4"] as Record<string, string>)["events"], "no events");
    assert.deepEqual(claims(s), []);
    assert.deepEqual(claimWrites(s), ["PATCH verify-ceph-ext4", "DELETE verify-ceph-ext4"]);
  });

  it("the API failing while it waits: the action fails with the reason, and the executor still deletes the claims", async () => {
    const s = await given(ready());
    s.kube.addFault({ method: "GET", path: "/persistentvolumeclaims/", status: 500 });
    const out = await s.juju.runAction("verify-storage");
    assert.equal(out.status, "failed");
    assert.match(out.message, /^Failed to verify storage: Waiting for Kubernetes API: get PersistentVolumeClaim: injected fault \(500\)/);
    assert.deepEqual(claims(s), [], "no claim left behind");
    assert.deepEqual(claimWrites(s), ["PATCH verify-ceph-xfs", "PATCH verify-ceph-ext4", "DELETE verify-ceph-xfs", "DELETE verify-ceph-ext4"]);
  });

  it("claims an earlier run left (cut short) are deleted first", async () => {
    const s = await given(ready());
    s.kube.enableProvisioner();
    s.kube.cluster.seed({
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "verify-ceph-xfs-deadbeef", namespace: "default", labels: { "juju.io/verify-storage": "ceph-csi" } },
      spec: { accessModes: ["ReadWriteOnce"], storageClassName: "nope", resources: { requests: { storage: "1Mi" } } },
    });
    const out = await s.juju.runAction("verify-storage");
    assert.equal(out.status, "completed", out.message);
    assert.deepEqual(claims(s), []);
    const first = s.kube.writes()[0];
    assert.deepEqual([first?.method, first?.path], ["DELETE", "/api/v1/namespaces/default/persistentvolumeclaims/verify-ceph-xfs-deadbeef"], "the leftover goes first");
    assert.deepEqual(claimWrites(s, ["verify-ceph-xfs-deadbeef"]), ["DELETE verify-ceph-xfs", "PATCH verify-ceph-xfs", "PATCH verify-ceph-ext4", "DELETE verify-ceph-xfs", "DELETE verify-ceph-ext4"]);
  });

  it("a class the charm does not manage: refused, listing the ones it does", async () => {
    const s = await given(ready());
    const out = await s.juju.runAction("verify-storage", { class: "standard" });
    assert.equal(out.status, "failed");
    assert.equal(out.message, "Invalid class 'standard'. Must be one of: ceph-xfs, ceph-ext4");
    assert.equal(s.kube.writes().length, 0);
  });

  it("the leader's only", async () => {
    const s = await given(ready({ units: 2 }));
    const out = await s.juju.runAction("verify-storage", {}, { unit: "ceph-csi/1" });
    assert.equal(out.message, "Run this action on the leader unit");
    assert.equal(s.kube.writes().length, 0);
  });

  it("a class whose reclaimPolicy is Retain: bound, and the note says the volume stays", async () => {
    const s = await given(ready({ config: { "default-reclaim-policy": "Retain" } }));
    s.kube.enableProvisioner();
    const out = await s.juju.runAction("verify-storage", { class: "ceph-xfs" });
    assert.equal(out.status, "completed", out.message);
    const r = out.results["ceph-xfs"] as Record<string, string>;
    assert.equal(r["bound"], "true");
    assert.match(r["note"] ?? "", /^reclaimPolicy Retain: PersistentVolume pvc-.* and its Ceph image stay; delete them when done$/);
    assert.deepEqual(claims(s), []);
    assert.deepEqual(
      volumes(s).map((v) => v.metadata.name),
      [r["volume"]],
      "the one volume stays",
    );
    assert.ok(r["note"]?.includes(`PersistentVolume ${r["volume"]} `), "the note names that volume");
  });

  it("no key in the results", async () => {
    const s = await given(ready());
    s.kube.enableProvisioner({ refuse: true });
    const key = s.backend.state.users.get("ceph-csi")?.key ?? "";
    const out = await s.juju.runAction("verify-storage", { timeout: 1 });
    assert.ok(key.length > 30 && !JSON.stringify([out.results, out.message]).includes(key));
  });

  it("deleting the claims fails: the action fails listing each claim left (namespace/name, reason) with a WARNING; the next run removes them and says so", async () => {
    const s = await given(ready());
    s.kube.enableProvisioner();
    s.kube.addFault({ method: "DELETE", path: "/persistentvolumeclaims/", status: 500, message: "etcd is unhappy" });
    const out = await s.juju.runAction("verify-storage");
    assert.equal(out.status, "failed");
    const left = claims(s)
      .map((c) => `default/${c.metadata.name}`)
      .sort();
    assert.equal(left.length, 2, "both claims are still there");
    for (const name of left) {
      assert.ok(out.message.includes(`PersistentVolumeClaim ${name} (`), `the failure names ${name}: ${out.message}`);
      assert.ok(String(out.results["claims-left"]).includes(`${name} (`), `claims-left names ${name}`);
    }
    assert.match(out.message, /etcd is unhappy/, "and the reason");
    assert.match(out.message, /kubectl delete persistentvolumeclaim -n default verify-ceph-xfs-/);
    assert.equal((out.results["ceph-xfs"] as Record<string, string>)["bound"], "true", "the report is kept");
    const warnings = s.juju.state.logs.filter((l) => l.level === "WARNING" && l.message.includes("Could not delete 2 temporary objects"));
    assert.equal(warnings.length, 1, "one WARNING");

    s.kube.clearFaults();
    const logsBefore = s.juju.state.logs.length;
    const again = await s.juju.runAction("verify-storage");
    assert.equal(again.status, "completed", again.message);
    assert.deepEqual(claims(s), []);
    assert.equal(again.results["removed"], `claims an earlier run left: ${left.join(", ")}`);
    assert.ok(
      s.juju.state.logs.slice(logsBefore).some((l) => l.level === "INFO" && l.message === `verify-storage deleted claims an earlier run left: ${left.join(", ")}`),
      "the clean-up is logged",
    );
  });

  it("a claim still there when the action ends (its delete failed once, the run then gave up early): listed, failed", async () => {
    const s = await given(ready());
    // The wait fails (the decision gives up), and the executor's deletes fail too.
    s.kube.addFault({ method: "GET", path: "/persistentvolumeclaims/", status: 500 });
    s.kube.addFault({ method: "DELETE", path: "/persistentvolumeclaims/verify-ceph-ext4-", status: 503, message: "apiserver is shutting down" });
    const out = await s.juju.runAction("verify-storage");
    assert.equal(out.status, "failed");
    assert.match(out.message, /^Failed to verify storage: Waiting for Kubernetes API: get PersistentVolumeClaim: injected fault \(500\)/, "the first reason stays first");
    const left = claims(s).map((c) => `default/${c.metadata.name}`);
    assert.equal(left.length, 1);
    assert.match(left[0] ?? "", /^default\/verify-ceph-ext4-[0-9a-f]{8}$/);
    assert.ok(out.message.includes(`PersistentVolumeClaim ${left[0]} (`) && /apiserver is shutting down/.test(out.message), out.message);
    assert.match(String(out.results["claims-left"]), /^default\/verify-ceph-ext4-[0-9a-f]{8} \(.*apiserver is shutting down.*\)$/);
  });

  it("result keys never collide: classes named summary and namespace, a.b and a-b; claim names of classes alike in their first 48 characters differ", async () => {
    const cases: [string, string][] = [
      ["summary", "namespace"],
      ["a.b", "a-b"],
      [`${"x".repeat(50)}-xfs`, `${"x".repeat(50)}-ext4`],
    ];
    for (const [xfs, ext4] of cases) {
      const s = await given(ready({ config: { "ceph-xfs-storage-class-name-formatter": xfs, "ceph-ext4-storage-class-name-formatter": ext4 } }));
      s.kube.enableProvisioner();
      const out = await s.juju.runAction("verify-storage");
      assert.equal(out.status, "completed", `${xfs}/${ext4}: ${out.message}`);
      const entries = Object.entries(out.results).filter(([, v]) => typeof v === "object") as [string, Record<string, string>][];
      assert.deepEqual(entries.map(([, v]) => v["class"]).sort(), [xfs, ext4].sort(), `one entry per class (${xfs}, ${ext4}): ${JSON.stringify(out.results)}`);
      for (const [key, v] of entries) assert.equal(v["bound"], "true", key);
      assert.equal(out.results["namespace"], "default");
      assert.equal(out.results["summary"], "2 of 2 StorageClasses bound a claim");
      const made = s.kube.writes().filter((w) => w.method === "PATCH").map((w) => w.path);
      assert.equal(new Set(made).size, 2, `two distinct claims: ${made.join(", ")}`);
      assert.deepEqual(claims(s), []);
    }
  });
});
