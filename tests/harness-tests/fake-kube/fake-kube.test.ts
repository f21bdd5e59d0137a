import assert from "node:assert/strict";
import { KubeConfig, KubernetesObjectApi, PatchStrategy } from "@kubernetes/client-node";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import { APPLY, apply, type Body, call } from "./support.ts";

const SC_PATH = "/apis/storage.k8s.io/v1/storageclasses";

function sc(name: string, extra: Body = {}): Body {
  return { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name }, provisioner: "rbd.csi.ceph.com", parameters: { pool: "xfs-pool" }, ...extra };
}

function deployment(name: string, replicas: number, antiAffinity: boolean): Body {
  const labels = { app: name };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: "c", image: "example/c:1" }],
          ...(antiAffinity
            ? {
                affinity: {
                  podAntiAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels }, topologyKey: "kubernetes.io/hostname" }],
                  },
                },
              }
            : {}),
        },
      },
    },
  };
}

describe("fake-kube", () => {
  let fk: FakeKube;
  beforeEach(async () => {
    fk = await FakeKube.start({ nodes: 3 });
  });
  afterEach(async () => {
    await fk.stop();
  });

  describe("discovery and auth", () => {
    it("serves /api, /apis and resource lists with namespaced flags", async () => {
      assert.deepEqual((await call(fk, "GET", "/api")).body.versions, ["v1"]);
      const core = await call(fk, "GET", "/api/v1");
      const cm = core.body.resources.find((r: Body) => r.kind === "ConfigMap");
      assert.equal(cm.name, "configmaps");
      assert.equal(cm.namespaced, true);
      assert.ok(cm.verbs.includes("patch"));
      const groups = (await call(fk, "GET", "/apis")).body.groups.map((g: Body) => g.name);
      assert.deepEqual(groups.sort(), ["apiextensions.k8s.io", "apps", "events.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io"]);
      const storage = await call(fk, "GET", "/apis/storage.k8s.io/v1");
      assert.equal(storage.body.resources.find((r: Body) => r.kind === "StorageClass").namespaced, false);
      assert.equal((await call(fk, "GET", "/apis/example.com/v1")).status, 404);
    });

    it("rejects a wrong token with 401", async () => {
      const res = await fetch(`${fk.url}/api/v1/namespaces`, { headers: { Authorization: "Bearer nope" } });
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as Body).reason, "Unauthorized");
    });

    it("writes a kubeconfig the real client uses", async () => {
      const kc = new KubeConfig();
      kc.loadFromFile(fk.kubeconfigPath);
      const api = KubernetesObjectApi.makeApiClient(kc);
      await api.patch(sc("from-client") as never, undefined, undefined, "client", true, PatchStrategy.ServerSideApply);
      const got = await api.read({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "from-client" } });
      assert.equal((got as Body).provisioner, "rbd.csi.ceph.com");
      assert.ok(fk.requests.some((r) => r.path === "/apis/storage.k8s.io/v1" && r.discovery));
    });
  });

  describe("server-side apply", () => {
    it("creates with 201, then a no-op apply keeps the resourceVersion", async () => {
      const first = await apply(fk, `${SC_PATH}/a`, sc("a"));
      assert.equal(first.status, 201);
      const m = first.body.metadata;
      assert.match(m.uid, /^[0-9a-f-]{36}$/);
      assert.ok(m.creationTimestamp);
      assert.equal(m.managedFields[0].manager, "test");
      assert.equal(m.managedFields[0].operation, "Apply");
      assert.ok(m.managedFields[0].fieldsV1["f:parameters"]["f:pool"]);
      assert.equal(first.body.reclaimPolicy, "Delete", "defaulted");
      const again = await apply(fk, `${SC_PATH}/a`, sc("a"));
      assert.equal(again.status, 200);
      assert.equal(again.body.metadata.resourceVersion, m.resourceVersion);
      const changed = await apply(fk, `${SC_PATH}/a`, sc("a", { allowVolumeExpansion: true }));
      assert.notEqual(changed.body.metadata.resourceVersion, m.resourceVersion);
      assert.equal(changed.body.allowVolumeExpansion, true);
    });

    it("removes labels and annotations the same manager no longer applies", async () => {
      const withAnn = sc("a", {
        metadata: { name: "a", labels: { keep: "1", drop: "1" }, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      });
      await apply(fk, `${SC_PATH}/a`, withAnn);
      await call(fk, "PATCH", `${SC_PATH}/a?fieldManager=kubectl`, { metadata: { annotations: { "other/note": "x" } } }, "application/merge-patch+json");
      const after = await apply(fk, `${SC_PATH}/a`, sc("a", { metadata: { name: "a", labels: { keep: "1" } } }));
      assert.deepEqual(after.body.metadata.labels, { keep: "1" });
      assert.deepEqual(after.body.metadata.annotations, { "other/note": "x" }, "other manager's annotation stays");
    });

    it("keeps a field another manager also owns", async () => {
      await apply(fk, `${SC_PATH}/a`, sc("a", { metadata: { name: "a", labels: { shared: "v" } } }), "one");
      await apply(fk, `${SC_PATH}/a`, sc("a", { metadata: { name: "a", labels: { shared: "v" } } }), "two");
      const after = await apply(fk, `${SC_PATH}/a`, sc("a"), "one");
      assert.deepEqual(after.body.metadata.labels, { shared: "v" });
    });

    it("answers 409 Conflict without force, takes the field with force", async () => {
      await apply(fk, `${SC_PATH}/a`, sc("a", { allowVolumeExpansion: true }), "one");
      const c = await apply(fk, `${SC_PATH}/a`, sc("a", { allowVolumeExpansion: false }), "two", false);
      assert.equal(c.status, 409);
      assert.equal(c.body.reason, "Conflict");
      assert.match(c.body.message, /conflict with "one"/);
      const f = await apply(fk, `${SC_PATH}/a`, sc("a", { allowVolumeExpansion: false }), "two", true);
      assert.equal(f.status, 200);
      assert.equal(f.body.allowVolumeExpansion, false);
    });

    it("requires fieldManager (422 about PatchOptions, as the API server answers)", async () => {
      const r = await call(fk, "PATCH", `${SC_PATH}/a`, sc("a"), APPLY);
      assert.equal(r.status, 422);
      assert.equal(r.body.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    });

    it("bumps generation only when spec changes, and sets workload status", async () => {
      const path = "/apis/apps/v1/namespaces/default/deployments/d";
      const first = await apply(fk, path, deployment("d", 3, true));
      assert.equal(first.body.metadata.generation, 1);
      assert.equal(first.body.status.availableReplicas, 3);
      const labelled = deployment("d", 3, true);
      labelled.metadata.labels = { x: "y" };
      const second = await apply(fk, path, labelled);
      assert.equal(second.body.metadata.generation, 1);
      const third = await apply(fk, path, { ...labelled, spec: { ...labelled.spec, replicas: 4 } });
      assert.equal(third.body.metadata.generation, 2);
      assert.equal(third.body.status.availableReplicas, 3, "required anti-affinity: one replica per node");
    });

    it("turns Secret stringData into data", async () => {
      const r = await apply(fk, "/api/v1/namespaces/default/secrets/s", { apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "default" }, stringData: { k: "v" } });
      assert.deepEqual(r.body.data, { k: Buffer.from("v").toString("base64") });
      assert.equal(r.body.stringData, undefined);
      const again = await apply(fk, "/api/v1/namespaces/default/secrets/s", { apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "default" }, stringData: { k: "v" } });
      assert.equal(again.body.metadata.resourceVersion, r.body.metadata.resourceVersion);
    });
  });

  describe("validation", () => {
    it("rejects changes to StorageClass immutable fields with 422, in the API server's words", async () => {
      await apply(fk, `${SC_PATH}/a`, sc("a"));
      const cases: [Body, string][] = [
        [{ parameters: { pool: "other" } }, "parameters: Forbidden: updates to parameters are forbidden."],
        [{ provisioner: "x.csi" }, "provisioner: Forbidden: updates to provisioner are forbidden."],
        [{ reclaimPolicy: "Retain" }, "reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden."],
        [{ volumeBindingMode: "WaitForFirstConsumer" }, 'volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable'],
      ];
      for (const [change, message] of cases) {
        const r = await apply(fk, `${SC_PATH}/a`, sc("a", change));
        assert.equal(r.status, 422, JSON.stringify(change));
        assert.equal(r.body.reason, "Invalid");
        assert.equal(r.body.message, `StorageClass.storage.k8s.io "a" is invalid: ${message}`);
        assert.deepEqual([r.body.details.kind, r.body.details.name, r.body.details.group], ["StorageClass", "a", "storage.k8s.io"]);
      }
      assert.equal((await apply(fk, `${SC_PATH}/a`, sc("a", { allowVolumeExpansion: true }))).status, 200);
      assert.equal((await apply(fk, `${SC_PATH}/a`, sc("a", { allowVolumeExpansion: true, mountOptions: ["discard"] }))).status, 200, "mountOptions may change");
    });

    it("rejects changes to the CSIDriver's immutable fields with 422 (the cause spelled spec.attachedRequired), accepts storageCapacity", async () => {
      const path = "/apis/storage.k8s.io/v1/csidrivers/rbd.csi.ceph.com";
      const drv = (attachRequired: boolean, storageCapacity = false) => ({ apiVersion: "storage.k8s.io/v1", kind: "CSIDriver", metadata: { name: "rbd.csi.ceph.com" }, spec: { attachRequired, storageCapacity } });
      assert.equal((await apply(fk, path, drv(true))).status, 201);
      const r = await apply(fk, path, drv(false));
      assert.equal(r.status, 422);
      assert.match(r.body.message, /spec\.attachedRequired: Invalid value: false: field is immutable/);
      assert.equal((await apply(fk, path, drv(true, true))).status, 200, "storageCapacity may change");
    });

    it("rejects objects failing the schema or with bad names", async () => {
      const bad = deployment("d", 1, false);
      bad.spec.template.spec.containers[0].name = 7;
      const r = await apply(fk, "/apis/apps/v1/namespaces/default/deployments/d", bad);
      assert.equal(r.status, 422);
      assert.equal(r.body.reason, "Invalid");
      assert.match(r.body.message, /containers\/0\/name must be string/);
      const badName = await call(fk, "POST", "/api/v1/namespaces/default/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "Bad_Name" } });
      assert.equal(badName.status, 422);
      const badLabel = await call(fk, "POST", "/api/v1/namespaces/default/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ok", labels: { a: "not ok!" } } });
      assert.equal(badLabel.status, 422);
    });
  });

  describe("CRUD answers", () => {
    it("answers 404, 409 and namespace-missing like the API server", async () => {
      const nf = await call(fk, "GET", "/api/v1/namespaces/default/configmaps/nope");
      assert.equal(nf.status, 404);
      assert.deepEqual(
        { kind: nf.body.kind, status: nf.body.status, reason: nf.body.reason, code: nf.body.code, message: nf.body.message },
        { kind: "Status", status: "Failure", reason: "NotFound", code: 404, message: 'configmaps "nope" not found' },
      );
      const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "1" } };
      assert.equal((await call(fk, "POST", "/api/v1/namespaces/default/configmaps", cm)).status, 201);
      const dup = await call(fk, "POST", "/api/v1/namespaces/default/configmaps", cm);
      assert.equal(dup.status, 409);
      assert.equal(dup.body.reason, "AlreadyExists");
      const noNs = await apply(fk, "/api/v1/namespaces/missing/configmaps/c", cm);
      assert.equal(noNs.status, 404);
      assert.equal(noNs.body.message, 'namespaces "missing" not found');
      assert.equal((await call(fk, "DELETE", "/api/v1/namespaces/default/configmaps/c")).status, 200);
      assert.equal((await call(fk, "DELETE", "/api/v1/namespaces/default/configmaps/c")).status, 404);
    });

    it("merge-patches (strategic treated as merge) and replaces", async () => {
      const path = "/api/v1/namespaces/default/configmaps";
      await call(fk, "POST", path, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "1", b: "2" } });
      const p = await call(fk, "PATCH", `${path}/c`, { data: { a: null, c: "3" } }, "application/strategic-merge-patch+json");
      assert.deepEqual(p.body.data, { b: "2", c: "3" });
      const missing = await call(fk, "PATCH", `${path}/nope`, { data: {} }, "application/merge-patch+json");
      assert.equal(missing.status, 404);
      const stale = await call(fk, "PUT", `${path}/c`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", resourceVersion: "1" }, data: {} });
      assert.equal(stale.status, 409);
    });

    it("lists with label selectors, across namespaces, items without kind", async () => {
      await call(fk, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "other" } });
      const mk = (ns: string, name: string, labels: Record<string, string>) =>
        call(fk, "POST", `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels } });
      await mk("default", "a", { app: "x", tier: "1" });
      await mk("default", "b", { app: "y", tier: "2" });
      await mk("other", "c", { app: "x" });
      const names = async (sel: string, ns?: string) => {
        const path = ns ? `/api/v1/namespaces/${ns}/configmaps` : "/api/v1/configmaps";
        const r = await call(fk, "GET", `${path}?labelSelector=${encodeURIComponent(sel)}`);
        assert.equal(r.body.kind, "ConfigMapList");
        for (const it of r.body.items) assert.equal(it.kind, undefined);
        return r.body.items.map((i: Body) => i.metadata.name);
      };
      assert.deepEqual(await names("app=x"), ["a", "c"]);
      assert.deepEqual(await names("app==x", "default"), ["a"]);
      assert.deepEqual(await names("app!=x"), ["b"]);
      assert.deepEqual(await names("app in (x, y),tier"), ["a", "b"]);
      assert.deepEqual(await names("app notin (y)"), ["a", "c"]);
      assert.deepEqual(await names("!tier"), ["c"]);
      const bad = await call(fk, "GET", "/api/v1/configmaps?labelSelector=a%20in%20");
      assert.equal(bad.status, 400);
    });

    it("keeps a deleted namespace Terminating with its content until its deletion is finished, then nothing outlives it", async () => {
      await call(fk, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "gone" } });
      await call(fk, "POST", "/api/v1/namespaces/gone/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } });
      const del = await call(fk, "DELETE", "/api/v1/namespaces/gone");
      assert.equal(del.body.status.phase, "Terminating");
      assert.equal((await call(fk, "GET", "/api/v1/namespaces/gone/configmaps")).body.items.length, 1, "content stays while Terminating");
      fk.cluster.finishNamespaceDeletion("gone");
      assert.equal((await call(fk, "GET", "/api/v1/namespaces/gone/configmaps")).body.items.length, 0);
      assert.equal((await call(fk, "GET", "/api/v1/namespaces/gone")).status, 404);
    });
  });

  describe("workload status", () => {
    it("follows node count and not-ready switches", async () => {
      await apply(fk, "/apis/apps/v1/namespaces/default/deployments/d", deployment("d", 3, true));
      await apply(fk, "/apis/apps/v1/namespaces/default/deployments/e", deployment("e", 3, false));
      fk.cluster.setNodes(2);
      const get = async (n: string) => (await call(fk, "GET", `/apis/apps/v1/namespaces/default/deployments/${n}`)).body.status;
      assert.equal((await get("d")).availableReplicas, 2);
      assert.equal((await get("e")).availableReplicas, 3);
      fk.cluster.setNotReady("Deployment", "default", "e");
      assert.equal((await get("e")).availableReplicas, 0);
      assert.equal((await get("e")).conditions[0].status, "False");
      const ds = {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name: "p", namespace: "default" },
        spec: { selector: { matchLabels: { a: "p" } }, template: { metadata: { labels: { a: "p" } }, spec: { containers: [{ name: "c", image: "i:1" }] } } },
      };
      const r = await apply(fk, "/apis/apps/v1/namespaces/default/daemonsets/p", ds);
      assert.equal(r.body.status.desiredNumberScheduled, 2);
      assert.equal(r.body.status.numberReady, 2);
      assert.equal((await call(fk, "GET", "/api/v1/nodes")).body.items.length, 2);
    });
  });

  describe("request log and faults", () => {
    it("records requests and tells reads from writes", async () => {
      await call(fk, "GET", "/api/v1");
      await apply(fk, `${SC_PATH}/a`, sc("a"));
      await call(fk, "GET", `${SC_PATH}/a`);
      await call(fk, "DELETE", `${SC_PATH}/a`);
      assert.equal(fk.reads().length, 1);
      assert.equal(fk.reads({ includeDiscovery: true }).length, 2);
      assert.deepEqual(
        fk.writes().map((r) => [r.method, r.contentType, r.query["fieldManager"], r.status]),
        [
          ["PATCH", APPLY, "test", 201],
          ["DELETE", undefined, undefined, 200],
        ],
      );
      assert.equal((fk.writes()[0]!.body as Body).metadata.name, "a");
      fk.clearRequests();
      assert.equal(fk.requests.length, 0);
    });

    it("injects 500s by path and count", async () => {
      const f = fk.addFault({ path: "/storageclasses", after: 1, times: 2 });
      assert.equal((await call(fk, "GET", SC_PATH)).status, 200);
      const r = await call(fk, "GET", SC_PATH);
      assert.equal(r.status, 500);
      assert.equal(r.body.reason, "InternalError");
      assert.equal((await call(fk, "GET", SC_PATH)).status, 500);
      assert.equal((await call(fk, "GET", SC_PATH)).status, 200);
      assert.equal((await call(fk, "GET", "/api/v1/namespaces")).status, 200);
      assert.equal(f.hits, 2);
      fk.addFault({ method: "PATCH", status: 503 });
      assert.equal((await apply(fk, `${SC_PATH}/a`, sc("a"))).status, 503);
      fk.clearFaults();
      assert.equal((await apply(fk, `${SC_PATH}/a`, sc("a"))).status, 201);
    });

    it("delays answers (a client with a shorter timeout gives up)", async () => {
      fk.addFault({ path: "/api/v1/namespaces", delayMs: 5000, times: 1 });
      await assert.rejects(
        fetch(`${fk.url}/api/v1/namespaces`, { headers: { Authorization: `Bearer ${fk.token}` }, signal: AbortSignal.timeout(100) }),
        (e: Error) => e.name === "TimeoutError",
      );
      fk.clearFaults();
      const late = fk.addFault({ path: "/api/v1/namespaces", delayMs: 20, times: 1 });
      assert.equal((await call(fk, "GET", "/api/v1/namespaces")).status, 200);
      assert.equal(late.hits, 1);
    });

    it("resets connections and refuses them until accepting again", async () => {
      fk.addFault({ path: "/api/v1/namespaces", reset: true, times: 1 });
      await assert.rejects(call(fk, "GET", "/api/v1/namespaces"), (e: Error & { cause?: { code?: string } }) => e instanceof TypeError);
      assert.equal((await call(fk, "GET", "/api/v1/namespaces")).status, 200);
      await fk.refuse();
      await assert.rejects(call(fk, "GET", "/api/v1/namespaces"), (e: Error & { cause?: { code?: string } }) => e.cause?.code === "ECONNREFUSED");
      await fk.accept();
      assert.equal((await call(fk, "GET", "/api/v1/namespaces")).status, 200);
    });
  });
});
