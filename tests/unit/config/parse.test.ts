import assert from "node:assert/strict";
import { defaultConfig } from "../../../src/config/options.ts";
import { type ParsedConfig, parseConfig } from "../../../src/config/parse.ts";
import type { Problem } from "../../../src/status/problem.ts";

function problemOf(raw: Record<string, unknown>): Problem {
  const r = parseConfig(raw);
  if (r.ok) assert.fail(`expected a problem for ${JSON.stringify(raw)}`);
  assert.equal(r.error.status, "blocked");
  return r.error;
}

/** The blocked text for `raw`. */
function problem(raw: Record<string, unknown>): string {
  return problemOf(raw).text;
}

function parsed(raw: Record<string, unknown>): ParsedConfig {
  const r = parseConfig(raw);
  if (!r.ok) assert.fail(`expected ${JSON.stringify(raw)} to parse: ${r.error.text}`);
  return r.value;
}

const NO_TOLERATIONS = { provisioner: [], nodeplugin: [] };
const NO_EDITS_XFS = [{ op: "set", key: "imageFeatures", value: "layering" }];

describe("parseConfig", () => {
  it("fills every unset (missing or null) option with its default", () => {
    assert.deepEqual(parsed({}).options, defaultConfig());
    assert.deepEqual(parsed({ release: null, namespace: undefined }).options, defaultConfig());
    const c = parsed({ "cephfs-enable": true, "provisioner-replicas": 2 }).options;
    assert.equal(c["cephfs-enable"], true);
    assert.equal(c["provisioner-replicas"], 2);
    assert.equal(c["default-storage"], "ceph-xfs");
  });

  it("parses tolerations and parameter edits once, next to the options", () => {
    const defaults = parsed({});
    // cephfs-tolerations defaults to the legacy token: the node plugin tolerates everything
    assert.deepEqual(defaults.tolerations, { rbd: NO_TOLERATIONS, cephfs: { provisioner: [], nodeplugin: [{ operator: "Exists" }] } });
    assert.deepEqual(parsed({ "cephfs-tolerations": "" }).tolerations.cephfs, NO_TOLERATIONS);
    assert.deepEqual(defaults.parameterEdits, { xfs: NO_EDITS_XFS, ext4: NO_EDITS_XFS, cephfs: [] });

    const p = parsed({
      "ceph-rbd-tolerations": "a=b,Equal,NoSchedule",
      "cephfs-tolerations": "$csi-cephfsplugin-legacy$",
      "ceph-xfs-storage-class-parameters": "imageFeatures- mkfsOptions=-m0",
      "ceph-ext4-storage-class-parameters": "",
      "cephfs-storage-class-parameters": "kernelMountOptions=ms_mode=secure",
    });
    const t = { key: "a", operator: "Equal", value: "b", effect: "NoSchedule" };
    assert.deepEqual(p.tolerations.rbd, { provisioner: [t], nodeplugin: [t] });
    assert.deepEqual(p.tolerations.cephfs, { provisioner: [], nodeplugin: [{ operator: "Exists" }] });
    assert.deepEqual(p.parameterEdits, {
      xfs: [
        { op: "remove", key: "imageFeatures" },
        { op: "set", key: "mkfsOptions", value: "-m0" },
      ],
      ext4: [],
      cephfs: [{ op: "set", key: "kernelMountOptions", value: "ms_mode=secure" }],
    });
  });

  it("does not change its input", () => {
    const raw = { namespace: "x" };
    parseConfig(raw);
    assert.deepEqual(raw, { namespace: "x" });
  });

  it("names the option and value on a type error (catalog invalidType), and unknown options", () => {
    assert.equal(problem({ "provisioner-replicas": "3" }), "Invalid provisioner-replicas: '3' must be an integer");
    assert.equal(problem({ "provisioner-replicas": 1.5 }), "Invalid provisioner-replicas: 1.5 must be an integer");
    assert.equal(problem({ "cephfs-enable": "yes" }), "Invalid cephfs-enable: 'yes' must be a boolean (true or false)");
    assert.equal(problem({ namespace: 5 }), "Invalid namespace: 5 must be a string");
    assert.equal(problemOf({ namespace: 5 }).id, "invalidType");
    assert.equal(problem({ "cephfs-enabled": true }), "Unknown config option 'cephfs-enabled'");
    assert.equal(problemOf({ "cephfs-enabled": true }).id, "unknownOption");
  });

  it("uses the Python charm's metrics port texts", () => {
    assert.equal(problem({ "metrics-port-rbdplugin": 80 }), "Invalid metrics port: Invalid value for metrics-port-rbdplugin: 80. Must be between 1024 and 65535");
    assert.equal(problem({ "metrics-port-cephfsplugin": 65536 }), "Invalid metrics port: Invalid value for metrics-port-cephfsplugin: 65536. Must be between 1024 and 65535");
    assert.equal(problem({ "metrics-port-cephfsplugin": 0 }), "Invalid metrics port: Invalid value for metrics-port-cephfsplugin: 0. Must be between 1024 and 65535");
    assert.equal(
      problem({ "metrics-port-rbdplugin": 9000, "metrics-port-cephfsplugin": 9000 }),
      "Invalid metrics port: Value for metrics-port-rbdplugin: 9000 conflicts with metrics-port-cephfsplugin",
    );
    assert.equal(problemOf({ "metrics-port-rbdplugin": 9000, "metrics-port-cephfsplugin": 9000 }).id, "conflictingMetricsPort");
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
      problem({ "ceph-ext4-storage-class-parameters": "-" }),
      "RBD manifests failed to create storage classes: Invalid storage-class-parameter: - in ceph-ext4-storage-class-parameters",
    );
    assert.equal(
      problem({ "cephfs-storage-class-parameters": "=x" }),
      "CephFS manifests failed to create storage classes: Invalid storage-class-parameter: =x in cephfs-storage-class-parameters",
    );
    assert.equal(problem({ "cephfs-mounter": "nfs" }), "Invalid cephfs-mounter 'nfs': valid options are '', 'kernel' and 'fuse'");
    for (const m of ["", "kernel", "fuse"]) assert.ok(parseConfig({ "cephfs-mounter": m }).ok, m);
  });

  it("release, replicas, registry, namespace", () => {
    assert.match(problem({ release: "v9.9.9" }), /^Invalid release 'v9.9.9': supported releases are v3.16.0, v3.15.1, v3.15.0, .*v3.9.0, v3.8.1, v3.8.0, v3.7.2$/);
    assert.match(problem({ release: "v3.7.1" }), /^Invalid release 'v3.7.1': supported releases are v3.16.0, v3.15.1, .*, v3.7.2$/);
    for (const r of ["v3.7.2", "v3.8.0", "v3.8.1", "v3.9.0"]) assert.ok(parseConfig({ release: r }).ok, r);
    assert.equal(problem({ "provisioner-replicas": 0 }), "Invalid provisioner-replicas '0': must be 1 or more");
    assert.equal(problem({ "provisioner-replicas": -2 }), "Invalid provisioner-replicas '-2': must be 1 or more");
    assert.equal(problemOf({ "provisioner-replicas": 0 }).id, "invalidOption");
    assert.ok(parseConfig({ "provisioner-replicas": 1 }).ok);
    for (const bad of ["https://quay.io", "quay.io/", "quay.io/cephcsi:v1", "Registry With Space", "registry.local:99999", "registry.local:0", "quay.io/Mirror", "-quay.io", "quay..io", "quay.io/a@sha256"]) {
      assert.match(problem({ "image-registry": bad }), new RegExp(`^Invalid image-registry '${bad.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}'`));
    }
    for (const good of ["", "ghcr.io/canonical/cdk", "registry.local:5000", "10.0.0.1:5000/mirror/sub", "Registry.Example.COM", "localhost:65535/a__b/c-d.e"]) {
      assert.ok(parseConfig({ "image-registry": good }).ok, good);
    }
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

  it("never shows a key-shaped value in a message", () => {
    const key = "AQBexampleexampleexampleexampleexample==";
    const text = problem({ "image-registry": key });
    assert.ok(!text.includes(key), text);
    assert.match(text, /<redacted>/);
  });
});
