/** `juju config`: each option's effect on what is applied, and bad values that block without deleting. */
import assert from "node:assert/strict";
import { assertAllOk, given, owned, ready, readyCephfs, storageClasses } from "./states.ts";

describe("scenario: configuration", () => {
  it("default-storage moves the default-class annotation, writing only the two StorageClasses", async () => {
    const s = await given(ready());
    assertAllOk(await s.juju.setConfig({ "default-storage": "ceph-ext4" }));
    const scs = storageClasses(s);
    assert.equal(scs["ceph-ext4"]?.default, true);
    assert.equal(scs["ceph-xfs"]?.default, false);
    assert.deepEqual([...new Set(s.kube.writes().map((w) => w.path.split("/").slice(-2, -1)[0]))], ["storageclasses"]);
    assert.deepEqual(
      [...new Set(s.kube.writes().map((w) => w.path))].sort(),
      ["/apis/storage.k8s.io/v1/storageclasses/ceph-ext4", "/apis/storage.k8s.io/v1/storageclasses/ceph-xfs"],
      "exactly the two StorageClasses written",
    );
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
  });

  it("default-storage matching nothing: Ready with a note naming it", async () => {
    const s = await given(ready());
    assertAllOk(await s.juju.setConfig({ "default-storage": "fast" }));
    assert.deepEqual(s.status(), { status: "active", message: "Ready ('fast' doesn't match any charm managed StorageClasses)" });
    assert.ok(Object.values(storageClasses(s)).every((c) => !c.default));
  });

  it("changed StorageClass parameters: the class is re-created (a new object), logged, Ready", async () => {
    const s = await given(ready());
    const uid = storageClasses(s)["ceph-xfs"]?.uid;
    assertAllOk(await s.juju.setConfig({ "ceph-xfs-storage-class-parameters": "imageFeatures=layering,exclusive-lock" }));
    const sc = storageClasses(s)["ceph-xfs"];
    assert.equal(sc?.parameters["imageFeatures"], "layering,exclusive-lock");
    assert.notEqual(sc?.uid, uid, "a new object");
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
    assert.ok(s.juju.state.logs.some((l) => /re-created StorageClass\/ceph-xfs: the API server refused to update it in place \(.*parameters.*\)/.test(l.message)));
  });

  it("default-reclaim-policy Retain re-creates every class with it", async () => {
    const s = await given(ready());
    const before = storageClasses(s);
    assert.deepEqual(Object.keys(before).sort(), ["ceph-ext4", "ceph-xfs"]);
    assertAllOk(await s.juju.setConfig({ "default-reclaim-policy": "Retain" }));
    assert.deepEqual(
      Object.values(storageClasses(s)).map((c) => c.reclaimPolicy),
      ["Retain", "Retain"],
    );
    const after = storageClasses(s);
    assert.deepEqual(Object.keys(after).sort(), ["ceph-ext4", "ceph-xfs"]);
    for (const [name, c] of Object.entries(before)) {
      assert.ok(c.uid, `${name} had a uid`);
      assert.notEqual(after[name]?.uid, c.uid, `${name} re-created (a new object)`);
    }
  });

  for (const [option, value, message] of [
    ["default-reclaim-policy", "Keep", "Invalid default-reclaim-policy 'Keep', valid options are ['Delete', 'Retain']"],
    ["release", "v1.0.0", /^Invalid release 'v1\.0\.0': supported releases are v3\.16\.0, /],
    ["provisioner-replicas", 0, "Invalid provisioner-replicas '0': must be 1 or more"],
    ["metrics-port-rbdplugin", 80, "Invalid metrics port: Invalid value for metrics-port-rbdplugin: 80. Must be between 1024 and 65535"],
    ["ceph-rbd-tolerations", "a=b,Maybe", "Cannot adjust CephRBD Pods: Invalid tolerations: Invalid operator='Maybe'"],
    ["ceph-xfs-storage-class-parameters", "=x", "RBD manifests failed to create storage classes: Invalid storage-class-parameter: =x in ceph-xfs-storage-class-parameters"],
    ["ceph-rbd-enable", false, "Neither ceph-rbd nor cephfs is enabled."],
  ] as const) {
    it(`${option}=${JSON.stringify(value)}: blocked naming it, nothing written or deleted, the old value comes back`, async () => {
      const s = await given(ready());
      const before = owned(s);
      const o = await s.juju.setConfig({ [option]: value });
      assertAllOk(o);
      assert.equal(s.status().status, "blocked");
      if (typeof message === "string") assert.equal(s.status().message, message);
      else assert.match(s.status().message, message);
      assert.equal(s.kube.writes().length, 0);
      assert.deepEqual(owned(s), before);
      assertAllOk(await s.juju.setConfig({ [option]: null }));
      assert.deepEqual(s.status(), { status: "active", message: "Ready" });
    });
  }

  it("CephFS enabled: driver, classes per data pool, the csi subvolume group created", async () => {
    const s = await given(ready({ filesystems: [{ name: "ceph-fs", dataPools: ["ceph-fs-data", "ceph-fs-ec"] }] }));
    s.ceph.calls.length = 0;
    assertAllOk(await s.juju.setConfig({ "cephfs-enable": true, "cephfs-storage-class-name-formatter": "cephfs-{pool}" }));
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
    const scs = storageClasses(s);
    assert.equal(scs["cephfs-ceph-fs-data"]?.provisioner, "cephfs.csi.ceph.com");
    assert.equal(scs["cephfs-ceph-fs-ec"]?.parameters["pool"], "ceph-fs-ec");
    assert.equal(scs["cephfs-ceph-fs-ec"]?.parameters["fsName"], "ceph-fs");
    assert.ok(owned(s).includes("Deployment/csi-cephfsplugin-provisioner"));
    assert.deepEqual(s.ceph.groups["ceph-fs"], ["csi"]);
    assert.ok(s.ceph.calls.includes("fs subvolumegroup create ceph-fs csi"));
  });

  it("{pool-id} in the CephFS formatter takes the ids `ceph fs ls` reports", async () => {
    const s = await given(ready({ filesystems: [{ name: "ceph-fs", dataPools: ["ceph-fs_data"], dataPoolIds: [7] }] }));
    assertAllOk(await s.juju.setConfig({ "cephfs-enable": true, "cephfs-storage-class-name-formatter": "{name}-{pool-id}" }));
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
    assert.ok(storageClasses(s)["ceph-fs-7"], Object.keys(storageClasses(s)).join(", "));
  });

  it("CephFS enabled without a filesystem: Ready with a note, no CephFS class", async () => {
    const s = await given(ready());
    assertAllOk(await s.juju.setConfig({ "cephfs-enable": true }));
    assert.deepEqual(s.status(), { status: "active", message: "Ready (CephFS is enabled but Ceph has no filesystem: no CephFS StorageClass)" });
    assert.equal(storageClasses(s)["cephfs"], undefined);
  });

  it("CephFS disabled: its driver objects go, RBD stays", async () => {
    const s = await given(readyCephfs());
    assertAllOk(await s.juju.setConfig({ "cephfs-enable": false }));
    assert.equal(storageClasses(s)["cephfs"], undefined);
    assert.ok(!owned(s).some((o) => o.includes("cephfs")), owned(s).join(", "));
    assert.ok(owned(s).includes("CSIDriver/rbd.csi.ceph.com"));
  });

  it("a filesystem created later gets its class and its csi group on the next update-status", async () => {
    const s = await given(readyCephfs({ config: { "cephfs-storage-class-name-formatter": "cephfs-{name}" } }));
    s.setFilesystems([
      { name: "ceph-fs", dataPools: ["ceph-fs_data"] },
      { name: "archive", dataPools: ["archive_data"] },
    ]);
    assertAllOk([await s.hook("update-status")]);
    assert.deepEqual(Object.keys(storageClasses(s)).filter((n) => n.startsWith("cephfs")).sort(), ["cephfs-archive", "cephfs-ceph-fs"]);
    assert.deepEqual(s.ceph.groups["archive"], ["csi"]);
  });

  it("a csi subvolume group deleted later is re-created on the next hook", async () => {
    const s = await given(readyCephfs());
    s.ceph.groups["ceph-fs"] = [];
    assertAllOk([await s.hook("update-status")]);
    assert.deepEqual(s.ceph.groups["ceph-fs"], ["csi"]);
    assert.ok(s.juju.state.logs.some((l) => l.message === "Created CephFS subvolume group csi in ceph-fs"));
  });

  it("enable-host-networking with shared provisioner ports: Ready with the note naming the ports", async () => {
    const s = await given(readyCephfs());
    assertAllOk(await s.juju.setConfig({ "enable-host-networking": true, "metrics-port-rbdplugin-provisioner": 9081, "metrics-port-cephfsplugin-provisioner": 9082 }));
    assert.equal(s.status().status, "active");
    assert.match(s.status().message, /^Ready \(enable-host-networking: the RBD and CephFS provisioners both use host ports [0-9, ]+, so no node runs both\)$/);
  });

  it("image-registry rewrites every image", async () => {
    const s = await given(ready());
    assertAllOk(await s.juju.setConfig({ "image-registry": "registry.example.com/mirror" }));
    const images = s.objects("Deployment").flatMap((d) => ((d["spec"] as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers).map((c) => c.image));
    assert.ok(images.length > 0);
    assert.ok(images.every((i) => i.startsWith("registry.example.com/mirror/")), images.join(", "));
  });

  it("the kubelet root dir comes from kubernetes-info", async () => {
    const s = await given(ready());
    const dir = "/var/snap/k8s/common/var/lib/kubelet";
    assertAllOk((await s.juju.relate("kubernetes-info", "k8s", { app: { "kubelet-root-dir": dir }, units: { "k8s/0": {} } })).outcomes);
    const text = JSON.stringify(s.objects("DaemonSet").find((d) => d.metadata.name === "csi-rbdplugin"));
    assert.ok(text.includes(`${dir}/plugins/rbd.csi.ceph.com`));
    assert.ok(!text.includes('"/var/lib/kubelet'));
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
  });

  it("csidriver-name-formatter is fixed once deployed: blocked, nothing renamed", async () => {
    const s = await given(ready());
    assertAllOk(await s.juju.setConfig({ "csidriver-name-formatter": "alt.{name}" }));
    assert.deepEqual(s.status(), { status: "blocked", message: "csidriver-name-formatter cannot be changed after deployment" });
    assert.ok(owned(s).includes("CSIDriver/rbd.csi.ceph.com"));
    assert.equal(s.kube.writes().length, 0);
  });

  it("namespace is fixed once deployed: blocked, nothing moved", async () => {
    const s = await given(ready());
    assertAllOk(await s.juju.setConfig({ namespace: "elsewhere" }));
    assert.deepEqual(s.status(), { status: "blocked", message: "Namespace cannot be changed after deployment" });
    assert.equal(s.kube.writes().length, 0);
  });
});
