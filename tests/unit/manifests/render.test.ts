import assert from "node:assert/strict";
import { normalizeKubeletDir, render, storageClassNames } from "../../../src/manifests/render.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";
import { type Any, cluster, config, FAKE_KEY, find, fs, podSpec, renderOk, renderProblem, renderWith } from "./fixtures.ts";

const names = (objects: readonly KubeObject[], kind: string) => objects.filter((o) => o.kind === kind).map((o) => o.metadata.name);
const containerNames = (pod: Any) => pod.containers.map((c: Any) => c.name);
const allArgs = (pod: Any): string[] => pod.containers.flatMap((c: Any) => c.args);

/** `kubectl get sc` as the seed walkthrough prints it (columns aligned by hand there; compared by cells here). */
function kubectlGetSc(objects: readonly KubeObject[]): string[][] {
  return objects
    .filter((o) => o.kind === "StorageClass")
    .map((o) => o as Any)
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .map((sc) => [
      sc.metadata.name + (sc.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true" ? " (default)" : ""),
      sc.provisioner,
      sc.reclaimPolicy,
      sc.volumeBindingMode,
      String(sc.allowVolumeExpansion),
    ]);
}

const SEED_TABLE = `
NAME                PROVISIONER         RECLAIMPOLICY   VOLUMEBINDINGMODE  ALLOWVOLUMEEXPANSION
ceph-ext4           rbd.csi.ceph.com    Delete          Immediate          true
ceph-xfs (default)  rbd.csi.ceph.com    Delete          Immediate          true
cephfs              cephfs.csi.ceph.com Delete          Immediate          true
`;

describe("render", () => {
  describe("StorageClasses", () => {
    it("reproduces the seed walkthrough's kubectl get sc table (defaults + cephfs)", () => {
      const rows = SEED_TABLE.trim().split("\n").slice(1).map((l) => l.replace(" (default)", "\u0000(default)").split(/\s+/).map((c) => c.replace("\u0000", " ")));
      assert.deepEqual(kubectlGetSc(renderOk({ "cephfs-enable": true }).objects), rows);
    });

    it("ceph-xfs / ceph-ext4 carry the upstream example's parameters", () => {
      const { objects } = renderOk();
      const xfs = find(objects, "StorageClass", "ceph-xfs");
      assert.deepEqual(xfs.parameters, {
        clusterID: cluster().fsid,
        pool: "xfs-pool",
        "csi.storage.k8s.io/fstype": "xfs",
        "csi.storage.k8s.io/provisioner-secret-name": "csi-rbd-secret",
        "csi.storage.k8s.io/provisioner-secret-namespace": "default",
        "csi.storage.k8s.io/controller-expand-secret-name": "csi-rbd-secret",
        "csi.storage.k8s.io/controller-expand-secret-namespace": "default",
        "csi.storage.k8s.io/node-stage-secret-name": "csi-rbd-secret",
        "csi.storage.k8s.io/node-stage-secret-namespace": "default",
        imageFeatures: "layering",
      });
      assert.deepEqual(xfs.mountOptions, ["discard"]);
      assert.equal(find(objects, "StorageClass", "ceph-ext4").parameters.pool, "ext4-pool");
      assert.equal(find(objects, "StorageClass", "ceph-ext4").metadata.annotations, undefined);
    });

    it("the RBD classes use the cluster model's pools", () => {
      const { objects } = renderOk({}, cluster({ rbdPools: { xfs: "fast-xfs", ext4: "slow-ext4" } }));
      assert.equal(find(objects, "StorageClass", "ceph-xfs").parameters.pool, "fast-xfs");
      assert.equal(find(objects, "StorageClass", "ceph-ext4").parameters.pool, "slow-ext4");
    });

    it("imageFeatures follow ceph-mon's rbd-features only while the option is at its default", () => {
      const c = cluster({ rbdFeatures: 1 + 2 + 4 + 8 + 16 + 32 + 128 });
      assert.equal(find(renderOk({}, c).objects, "StorageClass", "ceph-xfs").parameters.imageFeatures, "layering,exclusive-lock,object-map,fast-diff,deep-flatten");
      const custom = renderOk({ "ceph-xfs-storage-class-parameters": "imageFeatures=layering,exclusive-lock" }, c).objects;
      assert.equal(find(custom, "StorageClass", "ceph-xfs").parameters.imageFeatures, "layering,exclusive-lock");
      assert.equal(find(custom, "StorageClass", "ceph-ext4").parameters.imageFeatures, "layering,exclusive-lock,object-map,fast-diff,deep-flatten");
      assert.equal("imageFeatures" in find(renderOk({}, cluster({ rbdFeatures: 2 })).objects, "StorageClass", "ceph-xfs").parameters, false);
    });

    it("parameter edits add, replace and remove; reclaim policy and mounter apply", () => {
      const { objects } = renderOk({
        "cephfs-enable": true,
        "ceph-ext4-storage-class-parameters": "imageFeatures- mkfsOptions=-m0 pool=other",
        "cephfs-storage-class-parameters": "kernelMountOptions=ms_mode=secure",
        "cephfs-mounter": "kernel",
        "default-reclaim-policy": "Retain",
      });
      const ext4 = find(objects, "StorageClass", "ceph-ext4");
      assert.equal(ext4.parameters.imageFeatures, undefined);
      assert.equal(ext4.parameters.mkfsOptions, "-m0");
      assert.equal(ext4.parameters.pool, "other");
      const fs = find(objects, "StorageClass", "cephfs");
      assert.equal(fs.parameters.mounter, "kernel");
      assert.equal(fs.parameters.kernelMountOptions, "ms_mode=secure");
      assert.equal(fs.parameters.fsName, "ceph-fs");
      assert.equal(fs.parameters.pool, "ceph-fs_data");
      assert.equal(fs.parameters["csi.storage.k8s.io/node-stage-secret-name"], "csi-cephfs-secret");
      assert.equal(fs.mountOptions, undefined);
      for (const sc of objects.filter((o) => o.kind === "StorageClass")) assert.equal((sc as Any).reclaimPolicy, "Retain");
    });

    it("one CephFS class per (filesystem, data pool) from the formatter; default chosen by formatter", () => {
      const c = cluster({ filesystems: [fs("a", ["a1", "a2"]), fs("b", ["b1"])] });
      const { objects } = renderOk({ "cephfs-enable": true, "cephfs-storage-class-name-formatter": "{name}-{pool}", "default-storage": "{name}-a2" }, c);
      assert.deepEqual(names(objects, "StorageClass"), ["ceph-xfs", "ceph-ext4", "a-a1", "a-a2", "b-b1"]);
      const defaults = objects.filter((o) => o.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true");
      assert.deepEqual(defaults.map((o) => o.metadata.name), ["a-a2"]);
    });

    it("blocks on colliding names and on several defaults; notes when the default matches nothing", () => {
      const c = cluster({ filesystems: [fs("a", ["a1", "a2"])] });
      const r1 = renderWith({ "cephfs-enable": true }, c, { app: "x" });
      assert.equal(r1.ok, false);
      if (r1.ok) return;
      assert.equal(r1.error.id, "cephfsNames");
      assert.equal(r1.error.status, "blocked");
      assert.equal(r1.error.text, "CephFS manifests failed to create storage classes: cephfs-storage-class-name-formatter does not generate unique names");
      assert.equal(
        renderProblem({ "ceph-ext4-storage-class-name-formatter": "ceph-xfs" }),
        "StorageClass name 'ceph-xfs' is generated by both ceph-xfs-storage-class-name-formatter and ceph-ext4-storage-class-name-formatter",
      );
      // a CephFS class named like an RBD class is a clash between two options, not a cephfs formatter problem
      assert.equal(
        renderProblem({ "cephfs-enable": true, "cephfs-storage-class-name-formatter": "ceph-xfs" }),
        "StorageClass name 'ceph-xfs' is generated by both ceph-xfs-storage-class-name-formatter and cephfs-storage-class-name-formatter",
      );
      const r3 = renderWith({ "cephfs-enable": true, "cephfs-storage-class-name-formatter": "fs-{pool}", "default-storage": "fs-{pool}" }, c);
      assert.equal(r3.ok ? "" : `${r3.error.id}: ${r3.error.text}`, "multipleDefaults: default-storage 'fs-{pool}' marks several StorageClasses as default: fs-a1, fs-a2");
      const nope = renderOk({ "default-storage": "nope" });
      assert.deepEqual(nope.noteTexts, ["'nope' doesn't match any charm managed StorageClasses"]);
      assert.deepEqual(nope.notes.map((n) => [n.id, n.status]), [["noteNoDefaultMatch", "active"]]);
      assert.deepEqual(renderOk({ "default-storage": "" }).notes, []);
      assert.deepEqual(renderOk().notes, []);
    });

    it("cephfs enabled without filesystems: no CephFS class, a note, the driver still rendered", () => {
      const { objects, notes } = renderOk({ "cephfs-enable": true }, cluster({ filesystems: [] }));
      assert.deepEqual(names(objects, "StorageClass"), ["ceph-xfs", "ceph-ext4"]);
      assert.deepEqual(
        notes.map((n) => [n.id, n.text]),
        [["noteNoFilesystem", "CephFS is enabled but Ceph has no filesystem: no CephFS StorageClass"]],
      );
      assert.ok(names(objects, "DaemonSet").includes("csi-cephfsplugin"));
    });

    it("{pool-id} takes the data pool ids from the cluster model ({name}-{pool-id} gives fs-3)", () => {
      const over = { "cephfs-enable": true, "cephfs-storage-class-name-formatter": "{name}-{pool-id}" };
      const one = renderOk(over, cluster({ filesystems: [fs("fs", ["fs_data"], [3])] })).objects;
      assert.deepEqual(names(one, "StorageClass"), ["ceph-xfs", "ceph-ext4", "fs-3"]);
      assert.equal(find(one, "StorageClass", "fs-3").parameters.pool, "fs_data");
      // ids follow the data pools' order, not their sort order
      const two = renderOk({ ...over, "cephfs-storage-class-name-formatter": "cephfs-{pool-id}" }, cluster({ filesystems: [fs("fs", ["d1", "d2"], [7, 3])] })).objects;
      assert.deepEqual(names(two, "StorageClass"), ["ceph-xfs", "ceph-ext4", "cephfs-7", "cephfs-3"]);
      assert.equal(find(two, "StorageClass", "cephfs-3").parameters.pool, "d2");
      // default-storage can use the id too
      const def = renderOk({ ...over, "default-storage": "{name}-{pool-id}" }, cluster({ filesystems: [fs("fs", ["fs_data"], [3])] })).objects;
      assert.deepEqual(def.filter((o) => o.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true").map((o) => o.metadata.name), ["fs-3"]);
    });

    it("{pool-id} without known ids is blocked, naming the pool", () => {
      const over = { "cephfs-enable": true, "cephfs-storage-class-name-formatter": "cephfs-{pool-id}" };
      assert.equal(
        renderProblem(over, cluster({ filesystems: [fs("ceph-fs", ["ceph-fs_data"], [])] })),
        "Invalid cephfs-storage-class-name-formatter 'cephfs-{pool-id}': the data pool id of 'ceph-fs_data' is not known",
      );
    });

    it("storageClassNames lists the StorageClasses among rendered objects", () => {
      assert.deepEqual(storageClassNames(renderOk().objects), ["ceph-xfs", "ceph-ext4"]);
      const app = renderWith({ "cephfs-enable": true, "ceph-xfs-storage-class-name-formatter": "{app}-xfs" }, cluster(), { app: "app" });
      assert.ok(app.ok);
      assert.deepEqual(storageClassNames(app.value.objects), ["app-xfs", "ceph-ext4", "cephfs"]);
      assert.deepEqual(storageClassNames(renderOk({ "ceph-rbd-enable": false, "cephfs-enable": true }, cluster({ filesystems: [] })).objects), []);
      assert.deepEqual(storageClassNames([]), []);
    });
  });

  describe("config manifest and secrets", () => {
    it("renders the three ConfigMaps and the two Secrets with the charm's own user", () => {
      const { objects } = renderOk({ "cephfs-enable": true, namespace: "ceph" });
      const conf = find(objects, "ConfigMap", "ceph-config");
      assert.equal(conf.metadata.namespace, "ceph");
      assert.equal(conf.data.keyring, "");
      assert.match(conf.data["ceph.conf"], /^\[global\]\nauth_cluster_required = cephx\nauth_service_required = cephx\nauth_client_required = cephx\n$/);
      assert.deepEqual(JSON.parse(find(objects, "ConfigMap", "ceph-csi-config").data["config.json"]), [
        { clusterID: cluster().fsid, monitors: cluster().monitors, cephFS: { subvolumeGroup: "csi" } },
      ]);
      assert.equal(find(objects, "ConfigMap", "ceph-csi-encryption-kms-config").data["config.json"], "{}");
      assert.equal(conf.metadata.labels["juju.io/manifest-version"], "config-v0");
      assert.deepEqual(find(objects, "Secret", "csi-rbd-secret").stringData, { userID: "ceph-csi", userKey: FAKE_KEY });
      assert.deepEqual(find(objects, "Secret", "csi-cephfs-secret").stringData, { userID: "ceph-csi", userKey: FAKE_KEY, adminID: "ceph-csi", adminKey: FAKE_KEY });
      assert.equal(find(objects, "Secret", "csi-rbd-secret").type, "Opaque");
    });

    it("auth none goes into ceph.conf", () => {
      assert.match(find(renderOk({}, cluster({ auth: "none" })).objects, "ConfigMap", "ceph-config").data["ceph.conf"], /auth_client_required = none/);
    });
  });

  describe("labels, order, enable flags", () => {
    it("labels every object with app, manifest and manifest-version", () => {
      const { objects } = renderOk({ "cephfs-enable": true, release: "v3.12.2" });
      for (const o of objects) {
        const m = o.metadata.labels?.["juju.io/manifest"];
        assert.equal(o.metadata.labels?.["juju.io/application"], "ceph-csi");
        assert.equal(o.metadata.labels?.["juju.io/manifest-version"], m === "config" ? "config-v0" : `${m}-v3.12.2`);
      }
      assert.equal(find(objects, "StorageClass", "cephfs").metadata.labels["juju.io/manifest"], "cephfs");
      assert.equal(find(objects, "Secret", "csi-rbd-secret").metadata.labels["juju.io/manifest"], "rbd");
    });

    it("applies RBAC first, StorageClasses then VolumeSnapshotClasses last; no Namespace", () => {
      const kinds = [...new Set(renderOk({ "cephfs-enable": true, "metrics-port-rbdplugin": 9000 }).objects.map((o) => o.kind))];
      assert.deepEqual(kinds, ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "ConfigMap", "Secret", "CSIDriver", "Service", "Deployment", "DaemonSet", "StorageClass", "VolumeSnapshotClass"]);
    });

    it("a disabled driver renders none of its objects; both disabled blocks", () => {
      const rbdOnly = renderOk().objects;
      assert.equal(rbdOnly.filter((o) => o.metadata.labels?.["juju.io/manifest"] === "cephfs").length, 0);
      assert.deepEqual(names(rbdOnly, "CSIDriver"), ["rbd.csi.ceph.com"]);
      const fsOnly = renderOk({ "ceph-rbd-enable": false, "cephfs-enable": true, "default-storage": "cephfs" }).objects;
      assert.equal(fsOnly.filter((o) => o.metadata.labels?.["juju.io/manifest"] === "rbd").length, 0);
      const none = renderWith({ "ceph-rbd-enable": false });
      assert.deepEqual(none.ok ? undefined : [none.error.id, none.error.status, none.error.text], ["neitherEnabled", "blocked", "Neither ceph-rbd nor cephfs is enabled."]);
    });

    it("emits the rbd CSIDriver in every release, including v3.12+", () => {
      const { objects } = renderOk({ release: "v3.16.0" });
      assert.deepEqual(find(objects, "CSIDriver", "rbd.csi.ceph.com").spec, { attachRequired: true, podInfoOnMount: false, seLinuxMount: true, fsGroupPolicy: "File" });
    });

    it("blocks a release it does not carry (parseConfig normally refuses it first)", () => {
      const base = config();
      const r = render({ app: "a", config: { ...base, options: { ...base.options, release: "v3.7.1" } }, cluster: cluster(), kubeletDir: "/var/lib/kubelet" });
      assert.equal(r.ok ? "" : r.error.text, "Invalid release 'v3.7.1': unknown release");
    });
  });

  describe("workload config effects", () => {
    it("image-registry rewrites every image's registry part; empty keeps upstream", () => {
      const { objects } = renderOk({ "cephfs-enable": true, "image-registry": "registry.example.com/mirror", release: "v3.10.0" });
      const images = ["Deployment", "DaemonSet"].flatMap((k) => objects.filter((o) => o.kind === k)).flatMap((o: Any) => o.spec.template.spec.containers.map((c: Any) => c.image));
      for (const i of images) assert.match(i, /^registry\.example\.com\/mirror\/(cephcsi|sig-storage|k8s-staging-sig-storage)\//);
      assert.ok(images.includes("registry.example.com/mirror/k8s-staging-sig-storage/csi-resizer:v1.9.2"));
      assert.equal(podSpec(renderOk().objects, "DaemonSet", "csi-rbdplugin").containers[0].image, "quay.io/cephcsi/cephcsi:v3.16.0");
    });

    it("provisioner-replicas sets replicas; at 1 the anti-affinity goes", () => {
      const three = renderOk({ "cephfs-enable": true }).objects;
      assert.equal(find(three, "Deployment", "csi-rbdplugin-provisioner").spec.replicas, 3);
      assert.ok(podSpec(three, "Deployment", "csi-cephfsplugin-provisioner").affinity.podAntiAffinity);
      const one = renderOk({ "cephfs-enable": true, "provisioner-replicas": 1 }).objects;
      for (const n of ["csi-rbdplugin-provisioner", "csi-cephfsplugin-provisioner"]) {
        assert.equal(find(one, "Deployment", n).spec.replicas, 1);
        assert.equal(podSpec(one, "Deployment", n).affinity, undefined);
      }
    });

    it("enable-host-networking puts the provisioners on the host network, noting shared sidecar ports", () => {
      const r = renderOk({ "cephfs-enable": true, "enable-host-networking": true });
      assert.equal(podSpec(r.objects, "Deployment", "csi-rbdplugin-provisioner").hostNetwork, true);
      assert.equal(podSpec(r.objects, "Deployment", "csi-cephfsplugin-provisioner").hostNetwork, true);
      assert.deepEqual(r.noteTexts, ["enable-host-networking: the RBD and CephFS provisioners both use host ports 8090, 8091, 8092, 8093, so no node runs both"]);
      assert.equal(r.notes[0]?.id, "noteHostPorts");
      assert.deepEqual(renderOk({ "cephfs-enable": true, "enable-host-networking": true, release: "v3.12.3" }).notes, []);
      assert.deepEqual(renderOk({ "enable-host-networking": true }).notes, [], "one provisioner alone shares nothing");
      assert.equal(podSpec(renderOk().objects, "Deployment", "csi-rbdplugin-provisioner").hostNetwork, undefined);
    });

    it("tolerations: rbd on both workloads; cephfs legacy token only on the DaemonSet", () => {
      const { objects } = renderOk({ "cephfs-enable": true, "ceph-rbd-tolerations": "a=b,Equal,NoSchedule c=,Exists" });
      const want = [
        { key: "a", operator: "Equal", value: "b", effect: "NoSchedule" },
        { key: "c", operator: "Exists" },
      ];
      assert.deepEqual(podSpec(objects, "Deployment", "csi-rbdplugin-provisioner").tolerations, want);
      assert.deepEqual(podSpec(objects, "DaemonSet", "csi-rbdplugin").tolerations, want);
      assert.deepEqual(podSpec(objects, "DaemonSet", "csi-cephfsplugin").tolerations, [{ operator: "Exists" }]);
      assert.equal(podSpec(objects, "Deployment", "csi-cephfsplugin-provisioner").tolerations, undefined);
      const custom = renderOk({ "cephfs-enable": true, "cephfs-tolerations": "x=y,Equal" }).objects;
      assert.deepEqual(podSpec(custom, "Deployment", "csi-cephfsplugin-provisioner").tolerations, [{ key: "x", operator: "Equal", value: "y" }]);
      assert.equal(podSpec(renderOk({ "cephfs-enable": true, "cephfs-tolerations": "" }).objects, "DaemonSet", "csi-cephfsplugin").tolerations, undefined);
    });

    it("metrics: -1 drops the sidecar and its Service; a port rewrites args, containerPort and targetPort once", () => {
      const off = renderOk({ "cephfs-enable": true }).objects;
      assert.deepEqual(names(off, "Service"), []);
      assert.deepEqual(containerNames(podSpec(off, "DaemonSet", "csi-rbdplugin")), ["csi-rbdplugin", "driver-registrar"]);
      const on = renderOk({ "metrics-port-rbdplugin-provisioner": 9100, "metrics-port-rbdplugin": 9101 }).objects;
      const prov = podSpec(on, "Deployment", "csi-rbdplugin-provisioner");
      assert.deepEqual(containerNames(prov), ["csi-rbdplugin", "csi-provisioner", "csi-snapshotter", "csi-attacher", "csi-resizer", "csi-rbdplugin-controller", "liveness-prometheus"]);
      const live = prov.containers.find((c: Any) => c.name === "liveness-prometheus");
      assert.ok(live.args.includes("--metricsport=9100"));
      assert.deepEqual(live.ports, [{ name: "http-metrics", containerPort: 9100, protocol: "TCP" }]);
      assert.equal(find(on, "Service", "csi-rbdplugin-provisioner").spec.ports[0].targetPort, 9100);
      assert.equal(find(on, "Service", "csi-metrics-rbdplugin").spec.ports[0].targetPort, 9101);
      assert.ok(allArgs(podSpec(on, "DaemonSet", "csi-rbdplugin")).includes("--metricsport=9101"));
    });

    it("kubelet dir rewrites args, mountPaths and hostPaths", () => {
      const dir = "/var/snap/k8s/common/var/lib/kubelet";
      const { objects } = renderOk({ "cephfs-enable": true }, cluster(), `${dir}/`);
      const ds = podSpec(objects, "DaemonSet", "csi-rbdplugin");
      assert.ok(allArgs(ds).includes(`--pluginpath=${dir}/plugins`));
      assert.ok(allArgs(ds).includes(`--stagingpath=${dir}/plugins/kubernetes.io/csi/`));
      assert.ok(allArgs(ds).includes(`--kubelet-registration-path=${dir}/plugins/rbd.csi.ceph.com/csi.sock`));
      const text = JSON.stringify(objects);
      assert.equal(text.includes('"/var/lib/kubelet'), false);
      assert.equal(text.includes("=/var/lib/kubelet"), false);
      const fs = podSpec(objects, "DaemonSet", "csi-cephfsplugin");
      assert.equal(fs.volumes.find((v: Any) => v.name === "ceph-csi-mountinfo").hostPath.path, `${dir}/plugins/cephfs.csi.ceph.com/mountinfo`);
      assert.equal(fs.containers[0].volumeMounts.find((m: Any) => m.name === "mountpoint-dir").mountPath, `${dir}/pods`);
      assert.equal(renderProblem({}, cluster(), { kubeletDir: "relative/dir" }), "Invalid kubelet-root-dir 'relative/dir': must be an absolute path");
      // empty means the upstream default
      assert.deepEqual(renderOk({}, cluster(), "").objects, renderOk().objects);
    });

    it("namespace goes on every namespaced object and every binding subject", () => {
      const { objects } = renderOk({ "cephfs-enable": true, namespace: "ceph-csi", "metrics-port-cephfsplugin": 9000 });
      const clusterScoped = new Set(["ClusterRole", "ClusterRoleBinding", "CSIDriver", "StorageClass", "VolumeSnapshotClass"]);
      for (const o of objects) assert.equal(o.metadata.namespace, clusterScoped.has(o.kind) ? undefined : "ceph-csi", `${o.kind}/${o.metadata.name}`);
      for (const o of objects.filter((x) => x.kind.endsWith("Binding"))) for (const s of (o as Any).subjects) assert.equal(s.namespace, "ceph-csi");
      assert.equal(find(objects, "StorageClass", "ceph-xfs").parameters["csi.storage.k8s.io/node-stage-secret-namespace"], "ceph-csi");
    });

    it("csidriver and rbac formatters rename drivers, sockets, classes, roles and roleRefs", () => {
      const { objects } = renderOk({ "cephfs-enable": true, "csidriver-name-formatter": "{app}.{name}", "ceph-rbac-name-formatter": "{app}-{name}" });
      assert.deepEqual(names(objects, "CSIDriver"), ["ceph-csi.rbd.csi.ceph.com", "ceph-csi.cephfs.csi.ceph.com"]);
      const ds = podSpec(objects, "DaemonSet", "csi-rbdplugin");
      assert.ok(allArgs(ds).includes("--drivername=ceph-csi.rbd.csi.ceph.com"));
      assert.ok(allArgs(ds).includes("--kubelet-registration-path=/var/lib/kubelet/plugins/ceph-csi.rbd.csi.ceph.com/csi.sock"));
      assert.equal(ds.volumes.find((v: Any) => v.name === "socket-dir").hostPath.path, "/var/lib/kubelet/plugins/ceph-csi.rbd.csi.ceph.com");
      const fsds = podSpec(objects, "DaemonSet", "csi-cephfsplugin");
      assert.equal(fsds.volumes.find((v: Any) => v.name === "socket-dir").hostPath.path, "/var/lib/kubelet/plugins/ceph-csi.cephfs.csi.ceph.com/");
      assert.ok(allArgs(podSpec(objects, "Deployment", "csi-rbdplugin-provisioner")).includes("--drivername=ceph-csi.rbd.csi.ceph.com"));
      assert.equal(find(objects, "StorageClass", "ceph-xfs").provisioner, "ceph-csi.rbd.csi.ceph.com");
      assert.equal(find(objects, "StorageClass", "cephfs").provisioner, "ceph-csi.cephfs.csi.ceph.com");
      const crb = find(objects, "ClusterRoleBinding", "ceph-csi-rbd-csi-provisioner-role");
      assert.equal(crb.roleRef.name, "ceph-csi-rbd-external-provisioner-runner");
      find(objects, "ClusterRole", "ceph-csi-cephfs-csi-nodeplugin");
      assert.equal(find(objects, "RoleBinding", "rbd-csi-provisioner-role-cfg").roleRef.name, "rbd-external-provisioner-cfg");
    });

    it("blocks a formatter that makes an invalid name", () => {
      assert.equal(
        renderProblem({ "csidriver-name-formatter": "{app}" }, cluster(), { app: "A_B" }),
        "Invalid csidriver-name-formatter '{app}': 'A_B' is not a valid CSIDriver name",
      );
      assert.equal(
        renderProblem({ "ceph-xfs-storage-class-name-formatter": "{app}_xfs" }),
        "Invalid ceph-xfs-storage-class-name-formatter '{app}_xfs': 'ceph-csi_xfs' is not a valid StorageClass name",
      );
      assert.equal(
        renderProblem({ "ceph-rbac-name-formatter": "{app}/{name}" }),
        "Invalid ceph-rbac-name-formatter '{app}/{name}': 'ceph-csi/rbd-external-provisioner-runner' is not a valid name",
      );
    });

    it("normalizeKubeletDir drops trailing slashes and refuses relative or odd paths", () => {
      assert.equal(normalizeKubeletDir("/var/snap/k8s/common/var/lib/kubelet//"), "/var/snap/k8s/common/var/lib/kubelet");
      for (const bad of ["relative", "/a/../b", "/a/./b", "/a b"]) assert.equal(normalizeKubeletDir(bad), undefined, bad);
    });

    it("never leaks the key outside the Secrets", () => {
      const { objects } = renderOk({ "cephfs-enable": true });
      for (const o of objects.filter((x) => x.kind !== "Secret")) assert.equal(JSON.stringify(o).includes(FAKE_KEY), false, o.metadata.name);
    });
  });
});
