/** The renderer's real output through the Kubernetes seam: schema-valid for the API, steady, pruned per driver. */
import assert from "node:assert/strict";
import { RBD_POOLS } from "../../../src/ceph/names.ts";
import type { CephCluster } from "../../../src/ceph/cluster.ts";
import type { CharmConfig } from "../../../src/config/options.ts";
import { parseConfig } from "../../../src/config/parse.ts";
import { normalized } from "../../../src/converge/normalize.ts";
import { describeOps } from "../../../src/converge/plan.ts";
import { isWorkload, readiness } from "../../../src/converge/readiness.ts";
import { refOf } from "../../../src/converge/refs.ts";
import { performGets } from "../../../src/kube/index.ts";
import { render } from "../../../src/manifests/render.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import { clientOf, converged } from "./seam.ts";

const CLUSTER: CephCluster = {
  fsid: "6a3a9a52-3f4b-4c59-9a0f-1a2b3c4d5e6f",
  monitors: ["10.0.0.1", "10.0.0.2", "10.0.0.3"],
  auth: "cephx",
  user: "ceph-csi",
  key: "AQBfakefakefakefakefakefakefakefakefake==",
  rbdPools: { ...RBD_POOLS },
  filesystems: [{ name: "ceph-fs", dataPools: ["ceph-fs_data"], dataPoolIds: [3] }],
};

function objects(over: Partial<CharmConfig>): KubeObject[] {
  const config = parseConfig({ namespace: "ceph-csi", ...over });
  assert.ok(config.ok, config.ok ? "" : config.error.text);
  const r = render({ app: "ceph-csi", config: config.value, cluster: CLUSTER, kubeletDir: "/var/lib/kubelet" });
  assert.ok(r.ok, r.ok ? "" : r.error.text);
  return r.value.objects;
}

describe("converge with the renderer's output", () => {
  let fk: FakeKube;
  beforeEach(async () => {
    fk = await FakeKube.start({ nodes: 3 });
    // The renderer's output includes VolumeSnapshotClasses: a cluster with the snapshot CRDs.
    // (Without them the charm leaves those out: tests/scenario/snapshots.test.ts.)
    fk.enableSnapshotApi();
  });
  afterEach(async () => {
    await fk.stop();
  });

  it("applies every rendered object, the workloads become available, then costs nothing, then prunes CephFS when disabled", async () => {
    const opts = { namespace: "ceph-csi", createNamespace: true };
    const both = objects({ "cephfs-enable": true });
    const first = await converged(clientOf(fk), both, opts);
    assert.equal(first.plan.problem, undefined, first.plan.problem?.text);
    const created = describeOps(first.plan.ops);
    assert.equal(created[0], "created Namespace/ceph-csi");
    assert.equal(created.filter((c) => !c.startsWith("created Namespace/")).length, both.length);
    assert.ok(created.every((c) => c.startsWith("created ")));

    const workloads = both.filter(isWorkload).map((w) => normalized(w, "ceph-csi"));
    assert.equal(workloads.length, 4);
    const got = await performGets(clientOf(fk), workloads.map(refOf));
    assert.ok(got.ok);
    assert.deepEqual(readiness(workloads, got.value.objects), []);

    fk.clearRequests();
    const steady = await converged(clientOf(fk), objects({ "cephfs-enable": true }), { ...opts, view: first.view });
    assert.deepEqual(steady.plan.ops, []);
    assert.deepEqual(fk.writes(), []);
    assert.equal(Object.keys(steady.plan.current).filter((k) => k.startsWith("Deployment/") || k.startsWith("DaemonSet/")).length, 4, "readiness can reuse what the read gave");

    const rbdOnly = await converged(clientOf(fk), objects({ "cephfs-enable": false }), { ...opts, view: steady.view });
    const deleted = describeOps(rbdOnly.plan.ops);
    assert.ok(deleted.length > 0);
    assert.ok(deleted.every((d) => /^pruned .*cephfs/i.test(d) || d === "pruned VolumeSnapshotClass/ceph-fs-snapshot"), deleted.join(", "));
  });

  it("on a v1.26 server (seLinuxMount dropped, stringData stored as data): steady state writes nothing, CSIDrivers included, with or without a record", async () => {
    await fk.stop();
    fk = await FakeKube.start({ nodes: 3, kubeVersion: "1.26" });
    fk.enableSnapshotApi();
    const opts = { namespace: "ceph-csi", createNamespace: true };
    const both = objects({ "cephfs-enable": true });
    const first = await converged(clientOf(fk), both, opts);
    const driver = fk.cluster.all().find((o) => o["kind"] === "CSIDriver") as { spec: Record<string, unknown> } | undefined;
    assert.equal(driver?.spec["seLinuxMount"], undefined, "the 1.26 server dropped the field");
    assert.ok(both.some((o) => o.kind === "CSIDriver" && (o["spec"] as Record<string, unknown>)["seLinuxMount"] === true), "the charm sends it");
    fk.clearRequests();
    const steady = await converged(clientOf(fk), objects({ "cephfs-enable": true }), { ...opts, view: first.view });
    assert.deepEqual([steady.plan.ops, fk.writes(), steady.dryRuns], [[], [], 0]);
    const fresh = await converged(clientOf(fk), objects({ "cephfs-enable": true }), opts);
    assert.deepEqual(fresh.plan.ops, [], "a new leader asks the server (dry-run) and finds nothing to write");
    assert.deepEqual([fk.writes().length, fk.dryRuns().length], [0, both.length]);
  });

  it("workloads that cannot be scheduled are reported as not available", async () => {
    fk.cluster.setNodes(2);
    const desired = objects({});
    await converged(clientOf(fk), desired, { namespace: "ceph-csi", createNamespace: true });
    const workloads = desired.filter(isWorkload).map((w) => normalized(w, "ceph-csi"));
    const got = await performGets(clientOf(fk), workloads.map(refOf));
    assert.ok(got.ok);
    assert.deepEqual(readiness(workloads, got.value.objects).map((p) => p.text), [
      "Deployment/ceph-csi/csi-rbdplugin-provisioner is not available: 2/3 replicas available",
    ]);
    fk.cluster.setNotReady("DaemonSet", "ceph-csi", "csi-rbdplugin");
    const again = await performGets(clientOf(fk), workloads.map(refOf));
    assert.ok(again.ok);
    assert.ok(readiness(workloads, again.value.objects).some((p) => p.text === "DaemonSet/ceph-csi/csi-rbdplugin is not available: 0/2 pods available"));
  });
});
