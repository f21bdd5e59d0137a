import assert from "node:assert/strict";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import { connect, converge, type KubeClient, readiness } from "../../../src/kube/index.ts";
import type { CephCluster } from "../../../src/ceph/cluster.ts";
import { type CharmConfig, defaultConfig } from "../../../src/config/options.ts";
import { render } from "../../../src/manifests/render.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";

const CLUSTER: CephCluster = {
  fsid: "6a3a9a52-3f4b-4c59-9a0f-1a2b3c4d5e6f",
  monitors: ["10.0.0.1", "10.0.0.2", "10.0.0.3"],
  auth: "cephx",
  user: "ceph-csi",
  key: "AQBfakefakefakefakefakefakefakefakefake==",
  filesystems: [{ name: "ceph-fs", dataPools: ["ceph-fs_data"] }],
};

function objects(over: Partial<CharmConfig>): KubeObject[] {
  const r = render({ app: "ceph-csi", config: { ...defaultConfig(), namespace: "ceph-csi", ...over } as CharmConfig, cluster: CLUSTER, kubeletDir: "/var/lib/kubelet" });
  assert.ok(r.ok, r.ok ? "" : r.problem.message);
  return r.objects;
}

describe("converge with the renderer's output", () => {
  let fk: FakeKube;
  let client: KubeClient;
  beforeEach(async () => {
    fk = await FakeKube.start({ nodes: 3 });
    const c = connect({ env: { KUBECONFIG: fk.kubeconfigPath } });
    assert.ok(c.ok);
    client = c.client;
  });
  afterEach(async () => {
    await fk.stop();
  });

  it("applies every rendered object (schema-valid), then costs nothing, then prunes CephFS when disabled", async () => {
    const opts = { app: "ceph-csi", namespace: "ceph-csi", createNamespace: true };
    const both = objects({ "cephfs-enable": true });
    const first = await converge(client, both, opts);
    assert.equal(first.problem, undefined, first.problem?.message);
    assert.equal(first.created.filter((c) => !c.startsWith("Namespace/")).length, both.filter((o) => o.kind !== "Namespace").length);
    assert.deepEqual(await readiness(client, both), []);

    fk.clearRequests();
    const steady = await converge(client, objects({ "cephfs-enable": true }), opts);
    assert.equal(steady.problem, undefined);
    assert.deepEqual(fk.writes(), []);

    const rbdOnly = await converge(client, objects({ "cephfs-enable": false }), opts);
    assert.equal(rbdOnly.problem, undefined);
    assert.ok(rbdOnly.deleted.length > 0);
    assert.ok(rbdOnly.deleted.every((d) => /cephfs/i.test(d)), rbdOnly.deleted.join(", "));
  });
});
