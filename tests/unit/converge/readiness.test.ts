/** Are the applied Deployments and DaemonSets available? Pure, over their live forms. */
import assert from "node:assert/strict";
import { isWorkload, readiness } from "../../../src/converge/readiness.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";
import { decideStatus } from "../../../src/status/decide.ts";
import { configMap, daemonSet, deployment } from "../kube/fixtures.ts";

function withStatus(o: KubeObject, status: Record<string, unknown>, generation = 1): KubeObject {
  return { ...structuredClone(o), metadata: { ...o.metadata, generation }, status: { observedGeneration: generation, ...status } };
}

const texts = (workloads: KubeObject[], live: (KubeObject | undefined)[]) => readiness(workloads, live).map((p) => p.text);

describe("readiness", () => {
  const dep = deployment(3);
  const ds = daemonSet();

  it("available workloads: no problem", () => {
    assert.deepEqual(texts([dep, ds], [withStatus(dep, { availableReplicas: 3 }), withStatus(ds, { desiredNumberScheduled: 3, numberAvailable: 3 })]), []);
    assert.deepEqual(texts([], []), []);
  });

  it("a Deployment short of replicas, a DaemonSet short of pods, a missing workload: waiting, one problem each", () => {
    const problems = readiness([dep, ds], [withStatus(dep, { availableReplicas: 2 }), withStatus(ds, { desiredNumberScheduled: 3, numberAvailable: 0 })]);
    assert.deepEqual(
      problems.map((p) => [p.id, p.status, p.text]),
      [
        ["notAvailable", "waiting", "Deployment/default/csi-rbdplugin-provisioner is not available: 2/3 replicas available"],
        ["notAvailable", "waiting", "DaemonSet/default/csi-rbdplugin is not available: 0/3 pods available"],
      ],
    );
    assert.deepEqual(texts([dep], [undefined]), ["Deployment/default/csi-rbdplugin-provisioner is not available: not found"]);
  });

  it("reads the live replicas (not the desired ones) and takes 1 when unset; no status counts as nothing available", () => {
    assert.deepEqual(texts([dep], [withStatus(deployment(1), { availableReplicas: 1 })]), []);
    const noReplicas = structuredClone(dep);
    delete (noReplicas["spec"] as Record<string, unknown>)["replicas"];
    assert.deepEqual(texts([dep], [withStatus(noReplicas, { availableReplicas: 1 })]), []);
    assert.deepEqual(texts([dep], [{ ...dep, status: undefined }]), ["Deployment/default/csi-rbdplugin-provisioner is not available: 0/3 replicas available"]);
  });

  it("an update the controller has not observed yet is not available", () => {
    const stale = { ...withStatus(dep, { availableReplicas: 3 }), metadata: { ...dep.metadata, generation: 2 } };
    assert.deepEqual(texts([dep], [stale]), ["Deployment/default/csi-rbdplugin-provisioner is not available: update not yet observed"]);
  });

  it("the unit status shows every unavailable workload together", () => {
    const status = decideStatus(readiness([dep, ds], [undefined, undefined]));
    assert.deepEqual(status, {
      status: "waiting",
      message: "Deployment/default/csi-rbdplugin-provisioner is not available: not found, DaemonSet/default/csi-rbdplugin is not available: not found",
    });
  });

  it("isWorkload: Deployments and DaemonSets only", () => {
    assert.deepEqual([dep, ds, configMap("c", {})].map(isWorkload), [true, true, false]);
  });
});
