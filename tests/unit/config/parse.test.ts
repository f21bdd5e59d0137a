import assert from "node:assert/strict";
import { defaultConfig } from "../../../src/config/options.ts";
import { parseConfig } from "../../../src/config/parse.ts";

function problem(raw: Record<string, unknown>): string {
  const r = parseConfig(raw);
  if (r.ok) assert.fail(`expected a problem for ${JSON.stringify(raw)}`);
  assert.equal(r.problem.status, "blocked");
  return r.problem.message;
}

describe("parseConfig", () => {
  it("fills every unset (missing or null) option with its default", () => {
    assert.deepEqual(parseConfig({}), { ok: true, config: defaultConfig() });
    assert.deepEqual(parseConfig({ release: null, namespace: undefined }), { ok: true, config: defaultConfig() });
    const r = parseConfig({ "cephfs-enable": true, "provisioner-replicas": 2 });
    assert.ok(r.ok);
    assert.equal(r.config["cephfs-enable"], true);
    assert.equal(r.config["provisioner-replicas"], 2);
    assert.equal(r.config["default-storage"], "ceph-xfs");
  });

  it("does not change its input", () => {
    const raw = { namespace: "x" };
    parseConfig(raw);
    assert.deepEqual(raw, { namespace: "x" });
  });

  it("names the option and value on a type error, and unknown options", () => {
    assert.equal(problem({ "provisioner-replicas": "3" }), "Invalid provisioner-replicas: '3' must be an integer");
    assert.equal(problem({ "provisioner-replicas": 1.5 }), "Invalid provisioner-replicas: 1.5 must be an integer");
    assert.equal(problem({ "cephfs-enable": "yes" }), "Invalid cephfs-enable: 'yes' must be a boolean (true or false)");
    assert.equal(problem({ namespace: 5 }), "Invalid namespace: 5 must be a string");
    assert.equal(problem({ "cephfs-enabled": true }), "Unknown config option 'cephfs-enabled'");
  });

  it("uses the Python charm's metrics port texts", () => {
    assert.equal(problem({ "metrics-port-rbdplugin": 80 }), "Invalid metrics port: Invalid value for metrics-port-rbdplugin: 80. Must be between 1024 and 65535");
    assert.equal(problem({ "metrics-port-cephfsplugin": 65536 }), "Invalid metrics port: Invalid value for metrics-port-cephfsplugin: 65536. Must be between 1024 and 65535");
    assert.equal(problem({ "metrics-port-cephfsplugin": 0 }), "Invalid metrics port: Invalid value for metrics-port-cephfsplugin: 0. Must be between 1024 and 65535");
    assert.equal(
      problem({ "metrics-port-rbdplugin": 9000, "metrics-port-cephfsplugin": 9000 }),
      "Invalid metrics port: Value for metrics-port-rbdplugin: 9000 conflicts with metrics-port-cephfsplugin",
    );
    assert.ok(parseConfig({ "metrics-port-rbdplugin": 1024, "metrics-port-cephfsplugin": 65535, "metrics-port-rbdplugin-provisioner": -1 }).ok);
  });

  it("uses the Python charm's tolerations texts", () => {
    assert.equal(problem({ "ceph-rbd-tolerations": "a=b,Maybe" }), "Cannot adjust CephRBD Pods: Invalid tolerations: Invalid operator='Maybe'");
    assert.equal(problem({ "cephfs-tolerations": "a=b,Equal,Sometimes" }), "Cannot adjust CephFS Pods: Invalid tolerations: Invalid effect='Sometimes'");
    assert.equal(
      problem({ "cephfs-tolerations": "a=b,Equal,NoSchedule,NoExecute" }),
      "Cannot adjust CephFS Pods: Invalid tolerations: Too many effects=['NoSchedule', 'NoExecute']",
    );
    assert.match(problem({ "ceph-rbd-tolerations": "justakey" }), /^Cannot adjust CephRBD Pods: Invalid tolerations: Invalid toleration 'justakey'/);
    assert.match(problem({ "ceph-rbd-tolerations": "$csi-cephfsplugin-legacy$" }), /^Cannot adjust CephRBD Pods/);
  });

  it("reclaim policy, storage class parameters, mounter", () => {
    assert.equal(problem({ "default-reclaim-policy": "Recycle" }), "Invalid default-reclaim-policy 'Recycle', valid options are ['Delete', 'Retain']");
    assert.equal(
      problem({ "ceph-xfs-storage-class-parameters": "imageFeatures=layering bogus" }),
      "RBD manifests failed to create storage classes: Invalid storage-class-parameter: bogus in ceph-xfs-storage-class-parameters",
    );
    assert.equal(
      problem({ "cephfs-storage-class-parameters": "=x" }),
      "CephFS manifests failed to create storage classes: Invalid storage-class-parameter: =x in cephfs-storage-class-parameters",
    );
    assert.equal(problem({ "cephfs-mounter": "nfs" }), "Invalid cephfs-mounter 'nfs': valid options are '', 'kernel' and 'fuse'");
    for (const m of ["", "kernel", "fuse"]) assert.ok(parseConfig({ "cephfs-mounter": m }).ok, m);
  });

  it("release, replicas, registry, namespace", () => {
    assert.match(problem({ release: "v9.9.9" }), /^Invalid release 'v9.9.9': supported releases are v3.16.0, v3.15.1, v3.15.0, .*v3.9.0$/);
    assert.equal(problem({ "provisioner-replicas": 0 }), "Invalid provisioner-replicas: 0. Must be 1 or more");
    for (const bad of ["https://quay.io", "quay.io/", "quay.io/cephcsi:v1", "Registry With Space"]) {
      assert.match(problem({ "image-registry": bad }), new RegExp(`^Invalid image-registry '${bad.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}'`));
    }
    for (const good of ["", "ghcr.io/canonical/cdk", "registry.local:5000", "10.0.0.1:5000/mirror/sub"]) assert.ok(parseConfig({ "image-registry": good }).ok, good);
    assert.match(problem({ namespace: "Ceph_CSI" }), /^Invalid namespace 'Ceph_CSI': must be a DNS-1123 label/);
    assert.match(problem({ namespace: "a".repeat(64) }), /^Invalid namespace/);
    assert.ok(parseConfig({ namespace: "ceph-csi" }).ok);
  });

  it("formatters with unknown placeholders or empty names", () => {
    assert.equal(
      problem({ "ceph-xfs-storage-class-name-formatter": "{app}-{pool}" }),
      "Invalid ceph-xfs-storage-class-name-formatter '{app}-{pool}': unknown placeholder {pool} (allowed: {app}, {namespace})",
    );
    assert.equal(problem({ "csidriver-name-formatter": "{name" }), "Invalid csidriver-name-formatter '{name': unbalanced '{'");
    assert.equal(problem({ "ceph-rbac-name-formatter": "" }), "Invalid ceph-rbac-name-formatter '': must not be empty");
    assert.match(problem({ "default-storage": "{fs}" }), /^Invalid default-storage '\{fs\}': unknown placeholder \{fs\}/);
    assert.ok(parseConfig({ "default-storage": "", "cephfs-storage-class-name-formatter": "{app}-{name}-{pool}-{pool-id}" }).ok);
  });
});
