/**
 * Failures only a real process meets: the Kubernetes client over HTTP refused or never answered
 * (its own timeout), and apt-get failing. Each case starts its own world; every hook exits 0.
 */
import assert from "node:assert/strict";
import { assertHooksOk, assertReady, processWorld, unitStatus } from "./process-world.ts";

describe("end to end: faults through real processes", function () {
  this.timeout(240_000);

  it("the API refusing connections: waiting with the reason, nothing written; converges when it is back", async () => {
    const w = await processWorld();
    try {
      const defaultClass = () => w.objects("StorageClass").find((s) => s.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true")?.metadata.name;
      assert.equal(defaultClass(), "ceph-xfs");
      const live = structuredClone(w.kube.cluster.all());
      w.kube.clearRequests();
      await w.kube.refuse();
      assertHooksOk(await w.juju.setConfig({ "default-storage": "ceph-ext4" }));
      assert.equal(unitStatus(w).status, "waiting");
      assert.match(unitStatus(w).message, /^Waiting for Kubernetes API: .*connection refused$/);
      assert.deepEqual(w.kube.cluster.all(), live, "the live state is unchanged while the API refuses");
      assert.equal(defaultClass(), "ceph-xfs", "the default-class annotation is still on ceph-xfs");
      assert.deepEqual(w.kube.writes(), [], "nothing written");
      await w.kube.accept();
      assertHooksOk([await w.juju.runHook("update-status")]);
      assertReady(w);
      const def = w.objects("StorageClass").find((s) => s.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true");
      assert.equal(def?.metadata.name, "ceph-ext4");
    } finally {
      await w.stop();
    }
  });

  it("an API that never answers: the request times out (15 s), waiting '…request timed out', no delete; the next hook converges", async () => {
    const w = await processWorld();
    try {
      w.kube.cluster.remove({ kind: "StorageClass", metadata: { name: "ceph-ext4" } });
      w.kube.clearRequests();
      const fault = w.kube.addFault({ method: "PATCH", hang: true, times: 1 });
      assertHooksOk([await w.juju.runHook("update-status")]);
      assert.equal(fault.hits, 1);
      assert.match(unitStatus(w).message, /^Waiting for Kubernetes API: .*request timed out$/);
      assert.deepEqual(w.kube.requests.filter((r) => r.method === "DELETE"), []);
      assertHooksOk([await w.juju.runHook("update-status")]);
      assertReady(w);
      assert.ok(w.objects("StorageClass").some((s) => s.metadata.name === "ceph-ext4"));
    } finally {
      await w.stop();
    }
  });

  it("apt-get failing: blocked, the detail logged, nothing applied; the next upgrade-charm with apt working recovers", async () => {
    const w = await processWorld({ relate: false, env: { CEPH_CSI_APT_GET: "/bin/false" } });
    try {
      assert.deepEqual(unitStatus(w), { status: "blocked", message: "Failed to install ceph apt packages." });
      assert.ok(w.juju.state.logs.some((l) => l.level === "WARNING" && l.message.startsWith("apt-get: ")));
      assertHooksOk(await w.relateClient());
      assert.equal(unitStatus(w).message, "Failed to install ceph apt packages.");
      assert.equal(w.kube.writes().length, 0);
      assertHooksOk([await w.juju.runHook("upgrade-charm", { env: { CEPH_CSI_APT_GET: "/bin/true" } })]);
      assertReady(w);
    } finally {
      await w.stop();
    }
  });
});
