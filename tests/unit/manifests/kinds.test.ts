/** The kinds table: apply order, scope and API paths, checked against the rendered objects and the fake API server's table. */
import assert from "node:assert/strict";
import { groupOf, isNamespaced, kindInfo, kindRank, MANAGED_KINDS, NEVER_DELETE, OTHER_KINDS } from "../../../src/manifests/kinds.ts";
import { sortForApply } from "../../../src/manifests/order.ts";
import { KINDS as FAKE_KINDS } from "../../harness/fake-kube/index.ts";
import { renderOk } from "./fixtures.ts";

describe("kinds table", () => {
  it("applies identities and RBAC first, then config, the driver, workloads, StorageClasses and VolumeSnapshotClasses last", () => {
    assert.deepEqual(
      MANAGED_KINDS.map((k) => k.kind),
      ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "ConfigMap", "Secret", "CSIDriver", "Service", "Deployment", "DaemonSet", "StorageClass", "VolumeSnapshotClass"],
    );
    assert.equal(kindRank("Namespace"), -1, "a Namespace goes before everything");
    assert.equal(kindRank("ServiceAccount"), 0);
    assert.equal(kindRank("VolumeSnapshotClass"), MANAGED_KINDS.length - 1);
    assert.equal(kindRank("Widget"), MANAGED_KINDS.length, "unknown kinds go last");
  });

  it("every kind the renderer emits is managed, and in that order", () => {
    const { objects } = renderOk({ "cephfs-enable": true, "metrics-port-rbdplugin": 9000 });
    const kinds = [...new Set(objects.map((o) => o.kind))];
    assert.deepEqual(kinds, MANAGED_KINDS.map((k) => k.kind));
  });

  it("sortForApply orders by kind, then manifest (config, rbd, cephfs), then as given", () => {
    const o = (kind: string, name: string, manifest?: string) => ({
      apiVersion: "v1",
      kind,
      metadata: { name, ...(manifest ? { labels: { "juju.io/manifest": manifest } } : {}) },
    });
    const sorted = sortForApply([
      o("StorageClass", "sc-fs", "cephfs"),
      o("StorageClass", "sc-rbd", "rbd"),
      o("ConfigMap", "b", "cephfs"),
      o("ConfigMap", "a", "config"),
      o("Widget", "w"),
      o("ServiceAccount", "sa2", "rbd"),
      o("ServiceAccount", "sa1", "rbd"),
      o("Namespace", "ns"),
    ]);
    assert.deepEqual(sorted.map((x) => x.metadata.name), ["ns", "sa2", "sa1", "a", "b", "sc-rbd", "sc-fs", "w"]);
  });

  it("knows each kind's scope; unknown kinds count as namespaced", () => {
    for (const k of ["ClusterRole", "ClusterRoleBinding", "CSIDriver", "StorageClass", "Namespace", "PersistentVolume"]) assert.equal(isNamespaced(k), false, k);
    for (const k of ["ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Secret", "Service", "Deployment", "DaemonSet", "PersistentVolumeClaim", "Widget"]) {
      assert.equal(isNamespaced(k), true, k);
    }
    assert.equal(kindInfo("Deployment")?.plural, "deployments");
    assert.equal(kindInfo("Widget"), undefined);
  });

  it("never deletes what holds user data or other workloads", () => {
    assert.deepEqual([...NEVER_DELETE].sort(), ["Namespace", "PersistentVolume", "PersistentVolumeClaim"]);
    for (const k of MANAGED_KINDS) assert.equal(NEVER_DELETE.has(k.kind), false, k.kind);
  });

  it("groupOf: the API group of an apiVersion, '' for core", () => {
    assert.equal(groupOf("v1"), "");
    assert.equal(groupOf("apps/v1"), "apps");
    assert.equal(groupOf("rbac.authorization.k8s.io/v1"), "rbac.authorization.k8s.io");
  });

  it("agrees with the Kubernetes API (as the fake server serves it) on version, plural and scope", () => {
    for (const k of [...MANAGED_KINDS, ...OTHER_KINDS]) {
      const api = FAKE_KINDS.find((f) => f.kind === k.kind);
      assert.ok(api, `${k.kind} is served`);
      assert.equal(k.apiVersion, api.group === "" ? api.version : `${api.group}/${api.version}`, k.kind);
      assert.equal(k.plural, api.plural, k.kind);
      assert.equal(k.namespaced, api.namespaced, k.kind);
    }
  });
});
