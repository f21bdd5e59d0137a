/**
 * The Kubernetes seam carrying out planned reads and writes with the real client over HTTP
 * against fake-kube: what goes over the wire, and what the API server ends up holding.
 * (Which writes to plan: tests/unit/converge/plan.test.ts.)
 */
import assert from "node:assert/strict";
import type { ServerView } from "../../../src/converge/answered.ts";
import { readRequest } from "../../../src/converge/live.ts";
import { isImmutableRefusal, planPurge } from "../../../src/converge/plan.ts";
import { keyOf } from "../../../src/converge/refs.ts";
import { liveState } from "../../../src/converge/live.ts";
import { performGets, performRead, performWrites } from "../../../src/kube/index.ts";
import { MANAGED_KINDS } from "../../../src/manifests/kinds.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";
import { problem } from "../../../src/status/problem.ts";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import { APP, configMap, desiredSet, labels, NS, SECRET_KEY, storageClass } from "./fixtures.ts";
import { clientOf, type Converged, converged, type Round, type RoundOptions, round } from "./seam.ts";

type Obj = Record<string, unknown> & { metadata: { name: string; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string> } };

const DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";

describe("Kubernetes seam (real client over HTTP against fake-kube)", () => {
  let fk: FakeKube;
  /** The record of the server's answers, as the charm keeps it from hook to hook. */
  let view: ServerView = {};
  beforeEach(async () => {
    fk = await FakeKube.start({ nodes: 3 });
    view = {};
  });
  afterEach(async () => {
    await fk.stop();
  });

  const all = () => fk.cluster.all() as Obj[];
  const find = (kind: string, name: string) => all().find((o) => o["kind"] === kind && o.metadata.name === name);
  function sc(name: string): Obj {
    const found = find("StorageClass", name);
    assert.ok(found, `StorageClass ${name} exists`);
    return found;
  }
  /** Real writes (dry-run requests change nothing and are left out). */
  const realWrites = () => fk.writes();
  const dryRunWrites = () => fk.dryRuns();
  const writeSummary = () => realWrites().map((w) => `${w.method} ${w.path}`);
  /** A converge round with the kept record, keeping the new one. */
  async function conv(desired: readonly KubeObject[], o: RoundOptions = {}): Promise<Converged> {
    const r = await converged(clientOf(fk), desired, { view, ...o });
    view = r.view;
    return r;
  }
  async function rnd(desired: readonly KubeObject[], o: RoundOptions = {}): Promise<Round> {
    const r = await round(clientOf(fk), desired, { view, ...o });
    if ("view" in r) view = r.view;
    return r;
  }
  const ours = () => all().filter((o) => o.metadata.labels?.["juju.io/application"] === APP);

  /** Everything the application put there, then the request log cleared. */
  async function deployed(desired = desiredSet()): Promise<void> {
    await conv(desired);
    fk.clearRequests();
  }

  describe("reads", () => {
    it("one LIST per managed kind by label; a GET only for desired objects not listed; no namespace GET when objects are listed in it", async () => {
      await deployed();
      const foreign = storageClass("ceph-other", "p", { app: "other" });
      fk.cluster.seed(foreign as never);
      const desired = [...desiredSet(), foreign];
      const r = await performRead(clientOf(fk), readRequest(APP, desired, NS));
      assert.ok(r.ok);
      assert.equal(r.value.namespaceExists, true);
      assert.equal(r.value.listed.length, desiredSet().length);
      assert.deepEqual(r.value.got.map((o) => o.metadata.name), ["ceph-other"]);
      const reads = fk.reads();
      assert.equal(reads.filter((q) => q.query["labelSelector"] === `juju.io/application=${APP}`).length, MANAGED_KINDS.length);
      assert.deepEqual(
        reads.filter((q) => q.query["labelSelector"] === undefined).map((q) => q.path).sort(),
        ["/apis/storage.k8s.io/v1/storageclasses/ceph-other"],
      );
    });

    it("the namespace is read when nothing is listed in it; a kind found unserved is not asked for again by the same client", async () => {
      const client = clientOf(fk);
      const snapshotClass = { apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshotClass", metadata: { name: "snap", labels: labels("rbd") }, driver: "d", deletionPolicy: "Delete" };
      const desired = [...desiredSet(), snapshotClass];
      const first = await performRead(client, readRequest(APP, desired, NS));
      assert.ok(first.ok && first.value.namespaceExists === true);
      assert.ok(fk.reads().some((q) => q.path === `/api/v1/namespaces/${NS}`), "nothing listed: the namespace is read");
      fk.clearRequests();
      const again = await performRead(client, readRequest(APP, desired, NS));
      assert.ok(again.ok);
      assert.deepEqual(again.value.absent, ["VolumeSnapshotClass"]);
      assert.ok(!fk.reads().some((q) => q.path.includes("volumesnapshotclasses")), "no second LIST of the unserved kind");
    });

    it("a kind the server does not serve (the snapshot API before its CRDs): absent, not a failure; once served, listed", async () => {
      const snapshotClass = { apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshotClass", metadata: { name: "snap", labels: labels("rbd") }, driver: "d", deletionPolicy: "Delete" };
      const desired = [...desiredSet(), snapshotClass];
      const without = await performRead(clientOf(fk), readRequest(APP, desired, NS));
      assert.ok(without.ok, without.ok ? "" : without.failure.message);
      assert.deepEqual(without.value.absent, ["VolumeSnapshotClass"]);
      assert.ok(!fk.reads().some((q) => q.path.includes("/volumesnapshotclasses/snap")), "no GET of an object of an absent kind");
      fk.enableSnapshotApi();
      fk.cluster.seed(snapshotClass as never);
      const served = await performRead(clientOf(fk), readRequest(APP, desired, NS));
      assert.ok(served.ok);
      assert.equal(served.value.absent, undefined);
      assert.deepEqual(served.value.listed.filter((o) => o.kind === "VolumeSnapshotClass").map((o) => o.metadata.name), ["snap"]);
    });

    it("a kind that is not optional answering 404 on its LIST is a failure", async () => {
      const r = await performRead(clientOf(fk), { selector: `juju.io/application=${APP}`, kinds: [{ apiVersion: "example.com/v1", kind: "Widget" }], refs: [] });
      assert.ok(!r.ok);
      assert.equal(r.failure.code, 404);
    });

    it("a missing namespace is reported, not a failure; no namespace asked, none read", async () => {
      const r = await performRead(clientOf(fk), readRequest(APP, desiredSet(), "ceph-csi"));
      assert.ok(r.ok && r.value.namespaceExists === false);
      fk.clearRequests();
      const none = await performRead(clientOf(fk), readRequest(APP, []));
      assert.ok(none.ok && !("namespaceExists" in none.value));
      assert.ok(!fk.reads().some((q) => q.path.startsWith("/api/v1/namespaces/")));
    });

    it("listed objects are plain JSON with their kind and apiVersion", async () => {
      await deployed();
      const r = await performRead(clientOf(fk), readRequest(APP, desiredSet(), NS));
      assert.ok(r.ok);
      assert.equal(r.value.listed.length, desiredSet().length, "every deployed object is listed");
      for (const o of r.value.listed) {
        assert.ok(o.kind !== undefined && o.apiVersion !== undefined);
        assert.equal(typeof o.metadata["creationTimestamp"], "string");
      }
    });

    it("performGets: the objects in order, undefined for the missing ones", async () => {
      await deployed();
      const r = await performGets(clientOf(fk), [
        { apiVersion: "apps/v1", kind: "DaemonSet", name: "csi-rbdplugin", namespace: NS },
        { apiVersion: "apps/v1", kind: "DaemonSet", name: "nope", namespace: NS },
        { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", name: "ceph-xfs" },
      ]);
      assert.ok(r.ok);
      assert.deepEqual(r.value.objects.map((o) => o?.metadata.name), ["csi-rbdplugin", undefined, "ceph-xfs"]);
      assert.notEqual((r.value.objects[0]?.["status"] as Record<string, unknown> | undefined)?.["numberAvailable"], undefined, "with status");
    });
  });

  describe("writes", () => {
    it("first apply writes every object once, by server-side apply with the app's field manager, in the planned order", async () => {
      const desired = desiredSet();
      const { plan, write } = await conv(desired);
      assert.equal(plan.problem, undefined);
      assert.equal(plan.ops.length, desired.length);
      const writes = fk.writes();
      assert.equal(writes.length, desired.length);
      for (const w of writes) {
        assert.equal(w.method, "PATCH");
        assert.equal(w.contentType, "application/apply-patch+yaml");
        assert.equal(w.query["fieldManager"], APP);
        assert.equal(w.query["force"], "true");
      }
      assert.deepEqual(writes.map((w) => (w.body as KubeObject).metadata.name), desired.map((d) => d.metadata.name), "applied in the given order");
      assert.equal(Object.keys(write.results).length, desired.length);
      assert.equal(write.results[0]?.metadata.name, "rbd-csi-provisioner");
      assert.equal(typeof write.results[0]?.metadata["uid"], "string", "the server's answer");
    });

    it("steady state sends no write, even from a fresh client (a new hook), and reads only the LISTs", async () => {
      await deployed();
      const { plan, dryRuns } = await conv(desiredSet());
      assert.deepEqual(fk.writes(), []);
      assert.equal(dryRuns, 0);
      assert.equal(plan.unchanged.length, desiredSet().length);
      assert.equal(fk.reads().length, MANAGED_KINDS.length);
      assert.ok(fk.reads().every((r) => r.query["labelSelector"] === `juju.io/application=${APP}`));
    });

    it("without a record of the server's answers (a new leader): one dry-run apply per object, no real write; then the record suffices", async () => {
      await deployed();
      view = {};
      const { plan, dryRuns } = await conv(desiredSet());
      assert.deepEqual(writeSummary(), []);
      assert.equal(dryRuns, desiredSet().length);
      assert.equal(dryRunWrites().length, desiredSet().length);
      assert.ok(dryRunWrites().every((w) => w.method === "PATCH" && w.contentType === "application/apply-patch+yaml"));
      assert.equal(plan.unchanged.length, desiredSet().length);
      fk.clearRequests();
      const again = await conv(desiredSet());
      assert.deepEqual([fk.writes(), again.dryRuns], [[], 0]);
    });

    it("a changed input writes only the object that changed", async () => {
      await deployed();
      await conv(desiredSet({ cephConf: "[global]\nauth_cluster_required = none\n" }));
      assert.deepEqual(writeSummary(), ["PATCH /api/v1/namespaces/default/configmaps/ceph-config"]);
    });

    it("a field the charm stopped setting is removed from the live object (hostNetwork)", async () => {
      await deployed(desiredSet({ hostNetwork: true }));
      await conv(desiredSet({ hostNetwork: false }));
      assert.deepEqual(writeSummary(), ["PATCH /apis/apps/v1/namespaces/default/deployments/csi-rbdplugin-provisioner"]);
      const dep = find("Deployment", "csi-rbdplugin-provisioner") as { spec: { template: { spec: Record<string, unknown> } } } | undefined;
      assert.equal(dep?.spec.template.spec["hostNetwork"], undefined);
    });

    it("a StorageClass whose parameters changed: the server refuses the update, the next round re-creates it (DELETE, then apply; a new object)", async () => {
      await deployed();
      const before = sc("ceph-xfs");
      const changed = desiredSet({ xfsParams: { imageFeatures: "layering,exclusive-lock" } });
      const first = await conv(changed);
      assert.deepEqual(first.plan.ops.map((o) => o.op), ["apply"]);
      assert.deepEqual(first.write.refused?.map((r) => r.index), [0]);
      const refused = first.plan.ops[0];
      assert.ok(refused?.op === "apply");
      fk.clearRequests();
      const { plan } = await conv(changed, { recreate: new Map([[keyOf(refused.object), "refused"]]) });
      assert.deepEqual(plan.ops.map((o) => o.op), ["recreate"]);
      assert.deepEqual(writeSummary(), ["DELETE /apis/storage.k8s.io/v1/storageclasses/ceph-xfs", "PATCH /apis/storage.k8s.io/v1/storageclasses/ceph-xfs"]);
      const after = sc("ceph-xfs");
      assert.equal((after["parameters"] as Record<string, string>)["imageFeatures"], "layering,exclusive-lock");
      assert.notEqual(after.metadata.uid, before.metadata.uid);
    });

    it("without a record, the dry-run's refusal re-creates a CSIDriver whose spec changed at once", async () => {
      const desired = desiredSet();
      await deployed(desired);
      view = {};
      const changed = desired.map((d) => (d.kind === "CSIDriver" ? { ...d, spec: { ...(d["spec"] as object), podInfoOnMount: true } } : d));
      await conv(changed);
      assert.deepEqual(writeSummary(), ["DELETE /apis/storage.k8s.io/v1/csidrivers/rbd.csi.ceph.com", "PATCH /apis/storage.k8s.io/v1/csidrivers/rbd.csi.ceph.com"]);
      assert.equal((find("CSIDriver", "rbd.csi.ceph.com")?.["spec"] as Record<string, unknown> | undefined)?.["podInfoOnMount"], true);
    });

    it("an update the server refuses as immutable (422) is recognised, and re-created on the next round", async () => {
      await deployed();
      fk.addFault({ method: "PATCH", path: "/storageclasses/ceph-xfs", status: 422, message: 'StorageClass.storage.k8s.io "ceph-xfs" is invalid: allowVolumeExpansion: Forbidden: field is immutable', times: 1 });
      const changed = desiredSet().map((d) => (d.metadata.name === "ceph-xfs" ? { ...d, allowVolumeExpansion: false } : d));
      const first = await rnd(changed);
      assert.ok("plan" in first);
      assert.equal(first.write.failure, undefined);
      assert.deepEqual(first.write.refused?.map((r) => r.index), [0]);
      const refused = first.plan.ops[0];
      assert.ok(refused?.op === "apply" && refused.verb === "updated");
      fk.clearRequests();
      await conv(changed, { recreate: new Map([[keyOf(refused.object), "refused"]]) });
      assert.deepEqual(writeSummary(), ["DELETE /apis/storage.k8s.io/v1/storageclasses/ceph-xfs", "PATCH /apis/storage.k8s.io/v1/storageclasses/ceph-xfs"]);
      assert.equal(sc("ceph-xfs")["allowVolumeExpansion"], false);
    });

    it("moves the default-class annotation from one class to the other", async () => {
      await deployed(desiredSet({ defaultClass: "ceph-xfs" }));
      assert.equal(sc("ceph-xfs").metadata.annotations?.[DEFAULT_CLASS], "true");
      await conv(desiredSet({ defaultClass: "ceph-ext4" }));
      assert.equal(sc("ceph-xfs").metadata.annotations?.[DEFAULT_CLASS], undefined);
      assert.equal(sc("ceph-ext4").metadata.annotations?.[DEFAULT_CLASS], "true");
    });

    it("takes over an object of the Python charm and drops the default annotation its field manager still holds", async () => {
      const legacy = storageClass("ceph-xfs", "xfs-pool", { isDefault: true, params: { "csi.storage.k8s.io/fstype": "xfs" } });
      fk.cluster.seed(legacy as never, "ceph-csi-rbd");
      const { plan } = await conv(desiredSet({ defaultClass: "ceph-ext4" }));
      assert.equal(plan.problem, undefined);
      const patch = fk.writes().find((w) => w.path.endsWith("/storageclasses/ceph-xfs") && w.contentType === "application/merge-patch+json");
      assert.ok(patch, "a merge patch removes the annotation");
      assert.equal(sc("ceph-xfs").metadata.annotations?.[DEFAULT_CLASS], undefined);
      assert.equal(sc("ceph-ext4").metadata.annotations?.[DEFAULT_CLASS], "true");
    });

    it("prunes the driver objects when they leave the desired set, in reverse kind order, DELETEs only", async () => {
      await deployed();
      await conv(desiredSet({ rbd: false }));
      assert.ok(fk.writes().every((w) => w.method === "DELETE"));
      assert.deepEqual(writeSummary(), [
        "DELETE /apis/storage.k8s.io/v1/storageclasses/ceph-ext4",
        "DELETE /apis/storage.k8s.io/v1/storageclasses/ceph-xfs",
        "DELETE /apis/apps/v1/namespaces/default/daemonsets/csi-rbdplugin",
        "DELETE /apis/apps/v1/namespaces/default/deployments/csi-rbdplugin-provisioner",
        "DELETE /api/v1/namespaces/default/services/csi-rbdplugin-provisioner",
        "DELETE /apis/storage.k8s.io/v1/csidrivers/rbd.csi.ceph.com",
        "DELETE /api/v1/namespaces/default/secrets/csi-rbd-secret",
        "DELETE /apis/rbac.authorization.k8s.io/v1/clusterroles/rbd-external-provisioner-runner",
        "DELETE /api/v1/namespaces/default/serviceaccounts/rbd-csi-provisioner",
      ]);
      assert.deepEqual(ours().map((o) => o.metadata.name).sort(), ["ceph-config", "ceph-csi-encryption-kms-config"]);
    });

    it("another application's object or an unlabelled one: collisions, and nothing is written at all", async () => {
      fk.cluster.seed(storageClass("ceph-xfs", "their-pool", { app: "other-ceph-csi" }) as never);
      fk.cluster.seed({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ceph-csi-encryption-kms-config", namespace: NS }, data: { "config.json": '{"mine":1}' } } as never);
      const r = await rnd(desiredSet());
      assert.ok("plan" in r);
      assert.deepEqual(r.plan.collisions.map((c) => c.object), ["ConfigMap/default/ceph-csi-encryption-kms-config", "StorageClass/ceph-xfs"]);
      assert.equal((sc("ceph-xfs")["parameters"] as Record<string, string>)["pool"], "their-pool");
      assert.deepEqual(fk.writes(), []);
      assert.equal(find("StorageClass", "ceph-ext4"), undefined, "not even what nobody else holds");
    });

    it("repairs drift: a deleted or edited object comes back, nothing else is written", async () => {
      await deployed();
      fk.cluster.remove({ kind: "DaemonSet", metadata: { name: "csi-rbdplugin", namespace: NS } });
      const cm = find("ConfigMap", "ceph-csi-encryption-kms-config")!;
      fk.cluster.seed({ ...cm, data: { "config.json": '{"edited":true}' } } as never, "kubectl");
      await conv(desiredSet());
      assert.deepEqual(writeSummary().sort(), [
        "PATCH /api/v1/namespaces/default/configmaps/ceph-csi-encryption-kms-config",
        "PATCH /apis/apps/v1/namespaces/default/daemonsets/csi-rbdplugin",
      ]);
      assert.equal((find("ConfigMap", "ceph-csi-encryption-kms-config")?.["data"] as Record<string, string> | undefined)?.["config.json"], "{}");
    });

    it("deleting what is already gone is not a failure", async () => {
      const w = await performWrites(clientOf(fk), [{ op: "delete", ref: { apiVersion: "v1", kind: "ConfigMap", name: "gone", namespace: NS }, verb: "pruned" }], APP);
      assert.deepEqual(w, { done: 1, results: {} });
    });

    it("nothing desired writes nothing", async () => {
      await deployed();
      await conv([]);
      assert.deepEqual(fk.writes(), []);
      assert.equal(ours().length, desiredSet().length);
    });
  });

  describe("never deleted, purge", () => {
    it("never deletes PersistentVolumes or PersistentVolumeClaims, even labelled for the app (prune and purge)", async () => {
      fk.cluster.seed({
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: { name: "pvc-1", labels: labels("rbd") },
        spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], storageClassName: "ceph-xfs", csi: { driver: "rbd.csi.ceph.com", volumeHandle: "v1" } },
      } as never);
      fk.cluster.seed({
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name: "data", namespace: NS, labels: labels("rbd") },
        spec: { accessModes: ["ReadWriteOnce"], storageClassName: "ceph-xfs", resources: { requests: { storage: "1Gi" } } },
      } as never);
      await conv(desiredSet());
      await conv(desiredSet({ rbd: false }));
      await purge();
      const kinds = all().map((o) => o["kind"]);
      assert.ok(kinds.includes("PersistentVolume"));
      assert.ok(kinds.includes("PersistentVolumeClaim"));
      assert.ok(!fk.writes().some((w) => /persistentvolume/.test(w.path)));
    });

    /** Purge as the executor runs it: read the managed kinds by label, plan, delete. */
    async function purge() {
      const client = clientOf(fk);
      const read = await performRead(client, { ...readRequest(APP, []), refs: [] });
      assert.ok(read.ok);
      const ops = planPurge(liveState(read.value));
      const w = await performWrites(client, ops, APP);
      assert.equal(w.failure, undefined);
      return ops;
    }

    it("purge removes everything labelled for the app, ConfigMaps included, and nothing else", async () => {
      await deployed();
      fk.cluster.seed(configMap("their-config", { a: "1" }, "someone-else") as never);
      const ops = await purge();
      assert.equal(ops.length, desiredSet().length);
      assert.ok(fk.writes().every((w) => w.method === "DELETE"));
      assert.deepEqual(ours(), []);
      assert.ok(find("ConfigMap", "their-config"));
      assert.ok(find("Namespace", NS));
    });

    it("creates the namespace when allowed (first), and purge never deletes it; without permission nothing is written", async () => {
      const desired = desiredSet().map((d) => (d.metadata.namespace ? { ...d, metadata: { ...d.metadata, namespace: "ceph-csi" } } : d));
      const blocked = await rnd(desired, { namespace: "ceph-csi" });
      assert.ok("plan" in blocked && blocked.plan.problem?.id === "missingNamespace");
      assert.deepEqual(fk.writes(), []);
      const { plan } = await conv(desired, { namespace: "ceph-csi", createNamespace: true });
      assert.equal(plan.problem, undefined);
      assert.equal(fk.writes()[0]?.path, "/api/v1/namespaces/ceph-csi");
      assert.equal(find("ConfigMap", "ceph-config")?.metadata["namespace" as "name"], "ceph-csi");
      await purge();
      assert.ok(find("Namespace", "ceph-csi"));
    });
  });

  describe("API failures", () => {
    it("a 500 fails the read (no write); the next round recovers", async () => {
      fk.addFault({ path: "/storageclasses", times: 1 });
      const failed = await rnd(desiredSet());
      assert.ok("read" in failed);
      assert.equal(failed.read.code, 500);
      assert.equal(failed.read.message, "list StorageClass: injected fault (500) (HTTP 500)");
      assert.equal(problem("kubeApi", { reason: failed.read.message }).text, "Waiting for Kubernetes API: list StorageClass: injected fault (500) (HTTP 500)");
      assert.deepEqual(fk.writes(), []);
      const { plan } = await conv(desiredSet());
      assert.equal(plan.ops.length, desiredSet().length);
    });

    it("a failure midway stops the writes (nothing after it, no prune); the next round finishes", async () => {
      await deployed();
      fk.addFault({ method: "PATCH", after: 0, times: 1 });
      const changed = desiredSet({ rbd: false, cephConf: "[global]\nauth_cluster_required = none\n" });
      const failed = await rnd(changed);
      assert.ok("plan" in failed);
      assert.equal(failed.write.done, 0);
      assert.equal(failed.write.failure?.code, 500);
      assert.deepEqual(failed.write.results, {});
      assert.deepEqual(writeSummary(), ["PATCH /api/v1/namespaces/default/configmaps/ceph-config"], "nothing tried after the failure");
      const { plan } = await conv(changed);
      assert.equal(plan.ops.filter((o) => o.op === "delete").length, 9);
    });

    it("a hung API times out instead of hanging the hook", async () => {
      fk.addFault({ path: "/api/v1/namespaces/default", hang: true, times: 1 });
      const failed = await round(clientOf(fk, 300), desiredSet());
      assert.ok("read" in failed);
      assert.deepEqual(failed.read, { message: "get Namespace: request timed out" });
      await converged(clientOf(fk, 300), desiredSet());
    });

    it("connection refused fails the read; recovery once the API is back", async () => {
      await fk.refuse();
      const failed = await rnd(desiredSet());
      assert.ok("read" in failed);
      assert.match(failed.read.message, /^(get Namespace|list \w+): connection refused$/);
      await fk.accept();
      await conv(desiredSet());
    });

    it("a connection reset fails the read, naming the request", async () => {
      fk.addFault({ path: "/configmaps", reset: true, times: 1 });
      const failed = await rnd(desiredSet());
      assert.ok("read" in failed);
      assert.match(failed.read.message, /^list ConfigMap: /);
    });

    it("a LIST failing before the namespace GET answers leaves no unhandled rejection behind", async () => {
      const seen: unknown[] = [];
      const onUnhandled = (e: unknown) => seen.push(e);
      process.on("unhandledRejection", onUnhandled);
      try {
        fk.addFault({ path: "/api/v1/namespaces/default", delayMs: 200, status: 500, times: 1 });
        fk.addFault({ path: "/configmaps", status: 500, times: 1 });
        const r = await performRead(clientOf(fk), readRequest(APP, desiredSet(), NS));
        assert.equal(r.ok, false);
        await new Promise((res) => setTimeout(res, 500));
        assert.deepEqual(seen, []);
      } finally {
        process.off("unhandledRejection", onUnhandled);
      }
    });

    it("never puts a key into the failure (nor the status made of it)", async () => {
      fk.addFault({ path: "/secrets/", method: "PATCH", status: 422, message: `Secret "csi-rbd-secret" is invalid: stringData[userKey]: Invalid value: "${SECRET_KEY}"` });
      const failed = await rnd(desiredSet());
      assert.ok("plan" in failed);
      const failure = failed.write.failure;
      assert.ok(failure);
      assert.equal(failure.code, 422);
      assert.ok(!failure.message.includes(SECRET_KEY.slice(0, 12)), failure.message);
      assert.match(failure.message, /<redacted>/);
      assert.equal(isImmutableRefusal(failed.plan.ops[failed.write.done], failure), false);
      assert.ok(!problem("kubeApi", { reason: failure.message }).text.includes(SECRET_KEY));
    });

    it("performGets reports a failure as data", async () => {
      fk.addFault({ path: "/daemonsets/", status: 503, times: 1 });
      const r = await performGets(clientOf(fk), [{ apiVersion: "apps/v1", kind: "DaemonSet", name: "x", namespace: NS }]);
      assert.deepEqual(r.ok ? undefined : r.failure.code, 503);
    });
  });
});
