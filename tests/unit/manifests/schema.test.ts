/**
 * Every rendered object, for every release and a set of representative configs, validates
 * against the Kubernetes OpenAPI schema (kubernetes-models), plus the cross-object checks the
 * schema cannot make (unique names, mounts backed by volumes, ConfigMaps that exist).
 */
import assert from "node:assert/strict";
import { DaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import { ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { CSIDriver } from "kubernetes-models/storage.k8s.io/v1/CSIDriver";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1/StorageClass";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { kindOfObject } from "../../harness/fake-kube/kinds.ts";
import { normalizeSnapshot, validateSnapshot } from "../../harness/fake-kube/snapshots.ts";
import { kindRank, MANAGED_KINDS } from "../../../src/manifests/kinds.ts";
import { listReleases } from "../../../src/manifests/releases/index.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";
import { type Any, REPRESENTATIVE, renderOk } from "./fixtures.ts";

/**
 * kubernetes-models has no snapshot.storage.k8s.io kinds: a VolumeSnapshotClass is checked
 * against the external-snapshotter CRD schema the fake API server serves (pruning must drop
 * nothing: an unknown field would be lost silently by the real server).
 */
class VolumeSnapshotClass {
  private readonly data: KubeObject;
  constructor(data: KubeObject) {
    this.data = data;
  }
  validate(): void {
    const info = kindOfObject(this.data.apiVersion, this.data.kind);
    if (!info) throw new Error(`${this.data.apiVersion} ${this.data.kind} is not a snapshot.storage.k8s.io kind`);
    const pruned = structuredClone(this.data) as unknown as Parameters<typeof normalizeSnapshot>[1];
    normalizeSnapshot(info, pruned, undefined);
    assert.deepEqual(pruned, this.data, "the CRD schema prunes a field");
    const causes = validateSnapshot(info, pruned);
    if (causes.length > 0) throw new Error(causes.map((c) => `${c.field}: ${c.message}`).join("; "));
  }
}

// biome-ignore lint/suspicious/noExplicitAny: model constructors take their own data types
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  ServiceAccount,
  ClusterRole,
  ClusterRoleBinding,
  Role,
  RoleBinding,
  ConfigMap,
  Secret,
  CSIDriver,
  Service,
  Deployment,
  DaemonSet,
  StorageClass,
  VolumeSnapshotClass,
};

const CONTAINER_FIELDS = new Set(["name", "image", "imagePullPolicy", "args", "env", "ports", "securityContext", "volumeMounts"]);

function checkObject(o: KubeObject, where: string): void {
  const Model = MODELS[o.kind];
  assert.ok(Model, `${where}: no schema model for kind ${o.kind}`);
  try {
    new Model(structuredClone(o)).validate();
  } catch (e) {
    assert.fail(`${where}: ${o.kind}/${o.metadata.name} fails the schema: ${(e as Error).message}`);
  }
  if (o.kind === "Deployment" || o.kind === "DaemonSet") {
    const pod = (o as Any).spec.template.spec;
    const names = pod.containers.map((c: Any) => c.name);
    assert.equal(new Set(names).size, names.length, `${where}: ${o.metadata.name} duplicate containers ${names}`);
    const volumes = new Set(pod.volumes.map((v: Any) => v.name));
    assert.equal(volumes.size, pod.volumes.length, `${where}: ${o.metadata.name} duplicate volumes`);
    for (const c of pod.containers) {
      for (const k of Object.keys(c)) assert.ok(CONTAINER_FIELDS.has(k), `${where}: unknown container field ${k}`);
      for (const m of c.volumeMounts ?? []) assert.ok(volumes.has(m.name), `${where}: ${c.name} mounts missing volume ${m.name}`);
    }
    const ports = pod.containers.flatMap((c: Any) => (c.ports ?? []).map((p: Any) => p.containerPort));
    assert.equal(new Set(ports).size, ports.length, `${where}: ${o.metadata.name} duplicate container ports`);
    assert.deepEqual((o as Any).spec.selector.matchLabels, (o as Any).spec.template.metadata.labels, `${where}: selector`);
  }
}

function checkSet(objects: readonly KubeObject[], where: string): void {
  const ids = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`);
  assert.equal(new Set(ids).size, ids.length, `${where}: duplicate objects`);
  const order = objects.map((o) => kindRank(o.kind));
  assert.ok(order.every((r) => r >= 0 && r < MANAGED_KINDS.length), `${where}: only managed kinds`);
  assert.deepEqual(order, [...order].sort((a, b) => a - b), `${where}: apply order`);
  const configMaps = new Set(objects.filter((o) => o.kind === "ConfigMap").map((o) => o.metadata.name));
  const serviceAccounts = new Set(objects.filter((o) => o.kind === "ServiceAccount").map((o) => o.metadata.name));
  for (const o of objects) {
    checkObject(o, where);
    if (o.kind === "Deployment" || o.kind === "DaemonSet") {
      const pod = (o as Any).spec.template.spec;
      for (const v of pod.volumes) if (v.configMap) assert.ok(configMaps.has(v.configMap.name), `${where}: ConfigMap ${v.configMap.name}`);
      assert.ok(serviceAccounts.has(pod.serviceAccountName), `${where}: ServiceAccount ${pod.serviceAccountName}`);
    }
  }
}

describe("rendered objects validate against the Kubernetes schema", () => {
  it("rejects an invalid object (the check can fail)", () => {
    assert.throws(() => new StorageClass({ metadata: { name: "x" }, provisioner: "p", parameters: { a: 1 as unknown as string } }).validate());
    const vsc = { apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshotClass", metadata: { name: "x" }, driver: "d" };
    assert.throws(() => new VolumeSnapshotClass({ ...vsc, deletionPolicy: "Keep" }).validate(), /Unsupported value: "Keep"/);
    assert.throws(() => new VolumeSnapshotClass({ ...vsc, deletionPolicy: "Delete", spec: {} }).validate(), /prunes a field/);
    assert.doesNotThrow(() => new VolumeSnapshotClass({ ...vsc, deletionPolicy: "Delete" }).validate());
  });
  for (const release of listReleases()) {
    for (const [name, over, c, kubeletDir] of REPRESENTATIVE) {
      it(`${release}: ${name}`, () => {
        const { objects } = renderOk({ ...over, release }, c, kubeletDir);
        checkSet(objects, `${release} ${name}`);
      });
    }
  }
});
