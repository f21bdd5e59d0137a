/**
 * Kubernetes versions, pending workloads, Terminating namespaces and server-side dry-run, through
 * the real @kubernetes/client-node over HTTP and through the in-process MemoryKube (the object
 * API the charm's client wrapper is served by).
 */
import assert from "node:assert/strict";
import { KubeConfig, KubernetesObjectApi, PatchStrategy } from "@kubernetes/client-node";
import type { Cluster } from "../../harness/fake-kube/cluster.ts";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import { MemoryKube } from "../../harness/in-process/kube.ts";
import type { Body } from "./support.ts";

const DRIVER = {
  apiVersion: "storage.k8s.io/v1",
  kind: "CSIDriver",
  metadata: { name: "rbd.csi.ceph.com" },
  spec: { attachRequired: true, podInfoOnMount: false, seLinuxMount: true, fsGroupPolicy: "File" },
};

function deployment(replicas = 3): Body {
  const labels = { app: "p" };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "p", namespace: "default" },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: "c", image: "example/c:1" }] } } },
  };
}

type Api = Pick<KubernetesObjectApi, "read" | "list" | "patch" | "delete">;

/** Plain JSON (the real client answers model class instances). */
const plain = (x: unknown): Body => JSON.parse(JSON.stringify(x)) as Body;

async function serverSide(api: Api, obj: Body, dryRun?: string): Promise<Body> {
  return plain(await api.patch(structuredClone(obj) as never, undefined, dryRun, "ceph-csi", true, PatchStrategy.ServerSideApply));
}

/** The same checks over HTTP (real client) and in memory. */
const bindings: [string, () => Promise<{ api: Api; cluster: Cluster; stop(): Promise<void> }>][] = [
  [
    "over HTTP with @kubernetes/client-node",
    async () => {
      const fk = await FakeKube.start({ kubeVersion: "1.26", workloads: "pending" });
      const kc = new KubeConfig();
      kc.loadFromFile(fk.kubeconfigPath);
      return { api: KubernetesObjectApi.makeApiClient(kc), cluster: fk.cluster, stop: () => fk.stop() };
    },
  ],
  [
    "in-process MemoryKube",
    async () => {
      const mk = new MemoryKube(undefined, { kubeVersion: "1.26", workloads: "pending" });
      return { api: mk.objectApi(), cluster: mk.cluster, stop: async () => {} };
    },
  ],
];

for (const [name, make] of bindings) {
  describe(`fake-kube 1.26 / pending, ${name}`, () => {
    let b: Awaited<ReturnType<typeof make>>;
    beforeEach(async () => {
      b = await make();
    });
    afterEach(async () => {
      await b.stop();
    });

    it("drops CSIDriver seLinuxMount but keeps it in ceph-csi's managedFields; the newest version keeps it", async () => {
      const got = await serverSide(b.api, DRIVER);
      assert.equal(got["spec"]["seLinuxMount"], undefined);
      assert.deepEqual(got["spec"]["volumeLifecycleModes"], ["Persistent"]);
      assert.ok("f:seLinuxMount" in got["metadata"]["managedFields"][0]["fieldsV1"]["f:spec"]);
      const newest = new MemoryKube();
      assert.equal(((await serverSide(newest.objectApi(), DRIVER)) as Body)["spec"]["seLinuxMount"], true);
    });

    it("dryRun All: answers what would be stored (201 create, defaults, dropped fields) and stores nothing", async () => {
      const dry = await serverSide(b.api, DRIVER, "All");
      assert.deepEqual(dry["spec"], { attachRequired: true, podInfoOnMount: false, fsGroupPolicy: "File", volumeLifecycleModes: ["Persistent"], storageCapacity: false, requiresRepublish: false });
      assert.equal(dry["metadata"]["resourceVersion"], undefined);
      await assert.rejects(b.api.read({ apiVersion: "storage.k8s.io/v1", kind: "CSIDriver", metadata: { name: "rbd.csi.ceph.com" } }), (e: { code?: number }) => e.code === 404);
      const stored = await serverSide(b.api, DRIVER);
      const rv = stored["metadata"]["resourceVersion"];
      const changed = structuredClone(DRIVER);
      changed.spec.attachRequired = false;
      await assert.rejects(serverSide(b.api, changed, "All"), (e: { code?: number; body?: string }) => e.code === 422 && String(e.body).includes("spec.attachedRequired"));
      const capacity = { ...DRIVER, spec: { ...DRIVER.spec, storageCapacity: true } };
      const ok = await serverSide(b.api, capacity, "All");
      assert.deepEqual([ok["spec"]["storageCapacity"], ok["metadata"]["resourceVersion"]], [true, rv]);
      const after = plain(await b.api.read({ apiVersion: "storage.k8s.io/v1", kind: "CSIDriver", metadata: { name: "rbd.csi.ceph.com" } }));
      assert.deepEqual([after["spec"]["storageCapacity"], after["metadata"]["resourceVersion"]], [false, rv]);
      await b.api.delete({ apiVersion: "storage.k8s.io/v1", kind: "CSIDriver", metadata: { name: "rbd.csi.ceph.com" } }, undefined, "All");
      assert.ok(b.cluster.all().some((o) => o["kind"] === "CSIDriver"), "a dry-run DELETE deletes nothing");
    });

    it("workloads wait (no readyReplicas, Available False) until markWorkloadsReady()", async () => {
      const created = await serverSide(b.api, deployment());
      assert.deepEqual(created["status"], {});
      const read = async () => plain(await b.api.read({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "p", namespace: "default" } }));
      const pending = (await read())["status"];
      assert.deepEqual([pending.replicas, pending.unavailableReplicas, pending.readyReplicas, pending.conditions[0].status], [3, 3, undefined, "False"]);
      const rv = (await read())["metadata"]["resourceVersion"];
      assert.equal((await serverSide(b.api, deployment()))["metadata"]["resourceVersion"], rv, "re-apply is a no-op after the controller's write");
      b.cluster.markWorkloadsReady();
      assert.equal((await read())["status"].availableReplicas, 3);
    });

    it("a deleted namespace stays Terminating (creates 403, updates 200) until finishNamespaceDeletion()", async () => {
      const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "gone" } };
      await serverSide(b.api, ns);
      const cm = (data: Body) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "gone" }, data });
      await serverSide(b.api, cm({ a: "1" }));
      const del = plain(await b.api.delete(ns));
      assert.equal(del["status"]["phase"], "Terminating");
      assert.equal((await serverSide(b.api, cm({ a: "2" })))["data"]["a"], "2");
      const other = { ...cm({}), metadata: { name: "d", namespace: "gone" } };
      await assert.rejects(serverSide(b.api, other), (e: { code?: number; body?: string }) => e.code === 403 && String(e.body).includes("NamespaceTerminating"));
      b.cluster.finishNamespaceDeletion("gone");
      await assert.rejects(b.api.read(ns), (e: { code?: number }) => e.code === 404);
    });
  });
}
