/**
 * Each release's rendered workloads against the reference sheet (ceph-csi-releases.json):
 * containers and their order, images, args, env, ports, mounts, securityContext, volumes,
 * pod fields, Services, CSIDrivers and RBAC. Differences allowed are the documented config
 * effects only: with metrics ports -1 the liveness-prometheus sidecars and their Services are
 * gone; with ports set, --metricsport / http-metrics / targetPort carry the configured port.
 */
import assert from "node:assert/strict";
import type { CharmConfig } from "../../../src/config/options.ts";
import { listReleases } from "../../../src/manifests/releases/index.ts";
import { LABEL_APP, LABEL_MANIFEST, LABEL_MANIFEST_VERSION, type KubeObject } from "../../../src/manifests/types.ts";
import { type Any, find, referenceReleases, renderOk } from "./fixtures.ts";

const REF = referenceReleases();
const WORKLOADS = ["rbd_provisioner", "rbd_nodeplugin", "cephfs_provisioner", "cephfs_nodeplugin"] as const;
const PORT_OPTION = {
  rbd_provisioner: "metrics-port-rbdplugin-provisioner",
  rbd_nodeplugin: "metrics-port-rbdplugin",
  cephfs_provisioner: "metrics-port-cephfsplugin-provisioner",
  cephfs_nodeplugin: "metrics-port-cephfsplugin",
} as const;
const SERVICE_OF = {
  rbd_provisioner: "csi-rbdplugin-provisioner",
  rbd_nodeplugin: "csi-metrics-rbdplugin",
  cephfs_provisioner: "csi-cephfsplugin-provisioner",
  cephfs_nodeplugin: "csi-metrics-cephfsplugin",
} as const;

/** Rendered container → the sheet's vocabulary. */
function asRef(c: Any): Any {
  return {
    name: c.name,
    image: c.image,
    imagePullPolicy: c.imagePullPolicy ?? null,
    args: c.args,
    env: (c.env ?? []).map((e: Any) => (e.valueFrom ? { name: e.name, fieldRef: e.valueFrom.fieldRef.fieldPath } : { name: e.name, value: e.value })),
    ports: c.ports ?? [],
    securityContext: c.securityContext ?? null,
    volumeMounts: c.volumeMounts ?? [],
  };
}

function volumeAsRef(v: Any): Any {
  if (v.hostPath) return { name: v.name, type: "hostPath", path: v.hostPath.path, ...(v.hostPath.type ? { hostPathType: v.hostPath.type } : {}) };
  if (v.configMap) return { name: v.name, type: "configMap", configMapName: v.configMap.name };
  if (v.emptyDir) return { name: v.name, type: "emptyDir", ...(v.emptyDir.medium ? { medium: v.emptyDir.medium } : {}) };
  if (v.projected) return { name: v.name, type: "projected", sources: v.projected.sources };
  throw new Error(`unexpected volume ${JSON.stringify(v)}`);
}

/** The sheet's container with the documented metrics effect applied. */
function expectedContainers(w: Any, port: number): Any[] {
  return w.containers
    .filter((c: Any) => !(port === -1 && c.name === "liveness-prometheus"))
    .map((c: Any) => {
      const { env_names: _n, securityContext_summary: _s, commented_out_args: _a, commented_out_env: _e, ...rest } = c;
      if (c.name !== "liveness-prometheus") return rest;
      return {
        ...rest,
        args: c.args.map((a: string) => (a.startsWith("--metricsport=") ? `--metricsport=${port}` : a)),
        ports: c.ports.map((p: Any) => (p.name === "http-metrics" ? { ...p, containerPort: port } : p)),
      };
    });
}

function checkRelease(version: string, ports: Record<(typeof WORKLOADS)[number], number>): void {
  const ref = REF.releases[version];
  const over: Partial<CharmConfig> = { release: version, "cephfs-enable": true };
  for (const w of WORKLOADS) (over as Record<string, number>)[PORT_OPTION[w]] = ports[w];
  const { objects } = renderOk(over);

  for (const key of WORKLOADS) {
    const w = ref.workloads[key];
    const obj = find(objects, w.kind, w.name);
    const pod = obj.spec.template.spec;
    const where = `${version} ${key}`;
    assert.deepEqual(pod.containers.map(asRef), expectedContainers(w, ports[key]), `${where}: containers`);
    assert.deepEqual(pod.volumes.map(volumeAsRef), w.volumes, `${where}: volumes`);
    assert.equal(obj.spec.replicas ?? null, w.replicas, `${where}: replicas`);
    assert.deepEqual(obj.spec.selector.matchLabels, w.selector_matchLabels, `${where}: selector`);
    assert.deepEqual(obj.spec.template.metadata.labels, w.pod_labels, `${where}: pod labels`);
    assert.equal(pod.serviceAccountName, w.serviceAccountName, `${where}: serviceAccountName`);
    assert.equal(pod.priorityClassName ?? null, w.priorityClassName, `${where}: priorityClassName`);
    assert.equal(pod.hostNetwork ?? false, w.hostNetwork, `${where}: hostNetwork`);
    assert.equal(pod.hostPID ?? false, w.hostPID, `${where}: hostPID`);
    assert.equal(pod.dnsPolicy ?? null, w.dnsPolicy, `${where}: dnsPolicy`);
    assert.deepEqual(pod.affinity ?? null, w.affinity, `${where}: affinity`);
    // Documented effect: the default cephfs-tolerations ($csi-cephfsplugin-legacy$) lets the CephFS node plugin run everywhere.
    assert.deepEqual(pod.tolerations, key === "cephfs_nodeplugin" ? [{ operator: "Exists" }] : undefined, `${where}: tolerations`);
    const allowed = new Set(["serviceAccountName", "priorityClassName", "hostNetwork", "hostPID", "dnsPolicy", "affinity", "tolerations", "containers", "volumes"]);
    assert.deepEqual(Object.keys(pod).filter((k) => !allowed.has(k)), [], `${where}: unexpected pod fields`);

    const svcName = SERVICE_OF[key];
    const svc = objects.find((o) => o.kind === "Service" && o.metadata.name === svcName) as Any;
    const refSvc = ref.services.find((s: Any) => s.name === svcName);
    if (ports[key] === -1) assert.equal(svc, undefined, `${where}: Service ${svcName} without its sidecar`);
    else {
      const { [LABEL_APP]: _a, [LABEL_MANIFEST]: _m, [LABEL_MANIFEST_VERSION]: _v, ...labels } = svc.metadata.labels;
      assert.deepEqual(labels, refSvc.labels, `${where}: Service labels`);
      assert.deepEqual(svc.spec.selector, refSvc.selector, `${where}: Service selector`);
      assert.deepEqual(svc.spec.ports, refSvc.ports.map((p: Any) => ({ ...p, targetPort: ports[key] })), `${where}: Service ports`);
      assert.equal(svc.spec.type, undefined);
    }
  }

  for (const d of ["rbd", "cephfs"] as const) {
    const cd = ref.csidrivers[d];
    assert.deepEqual(find(objects, "CSIDriver", cd.name).spec, cd.spec, `${version} ${d}: CSIDriver`);
    const rbac = ref.rbac[d].same_as ? REF.releases[ref.rbac[d].same_as].rbac[d] : ref.rbac[d];
    checkRbac(objects, rbac, `${version} ${d}`);
  }
}

function checkRbac(objects: readonly KubeObject[], rbac: Any, where: string): void {
  for (const sa of rbac.service_accounts) assert.equal(find(objects, "ServiceAccount", sa.name).metadata.namespace, "default", where);
  for (const r of rbac.cluster_roles) assert.deepEqual(find(objects, "ClusterRole", r.name).rules, r.rules, `${where}: ClusterRole ${r.name}`);
  for (const r of rbac.roles) assert.deepEqual(find(objects, "Role", r.name).rules, r.rules, `${where}: Role ${r.name}`);
  for (const b of [...rbac.cluster_role_bindings.map((x: Any) => ["ClusterRoleBinding", x]), ...rbac.role_bindings.map((x: Any) => ["RoleBinding", x])]) {
    const o = find(objects, b[0], b[1].name);
    assert.deepEqual(o.subjects, b[1].subjects, `${where}: ${b[0]} ${b[1].name} subjects`);
    assert.deepEqual(o.roleRef, b[1].roleRef, `${where}: ${b[0]} ${b[1].name} roleRef`);
  }
  const kinds = ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"];
  const prefix = where.endsWith("rbd") ? "rbd" : "cephfs";
  const rendered = objects.filter((o) => kinds.includes(o.kind) && o.metadata.labels?.[LABEL_MANIFEST] === prefix).length;
  const expected = rbac.service_accounts.length + rbac.cluster_roles.length + rbac.cluster_role_bindings.length + rbac.roles.length + rbac.role_bindings.length;
  assert.equal(rendered, expected, `${where}: number of RBAC objects`);
}

describe("rendered workloads equal upstream for every release", () => {
  it("covers exactly the releases of the reference sheet", () => {
    assert.deepEqual([...listReleases()].sort(), Object.keys(REF.releases).sort());
  });
  for (const version of Object.keys(REF.releases)) {
    it(`${version}: default metrics (sidecars removed)`, () => {
      checkRelease(version, { rbd_provisioner: -1, rbd_nodeplugin: -1, cephfs_provisioner: -1, cephfs_nodeplugin: -1 });
    });
    it(`${version}: upstream metrics ports (and one moved)`, () => {
      checkRelease(version, { rbd_provisioner: 8680, rbd_nodeplugin: 9680, cephfs_provisioner: 8681, cephfs_nodeplugin: 9681 });
    });
  }
});
