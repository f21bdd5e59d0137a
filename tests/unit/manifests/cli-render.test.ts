/** The render command, run as a process (bin/render.js and src/cli/render.ts). */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { REDACTED } from "../../../src/cli/render.ts";
import { type Any, FAKE_KEY, REPO } from "./fixtures.ts";

function run(script: string, args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, script), ...args], { cwd: REPO, encoding: "utf8", timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const EXAMPLES = ["--config", "examples/render-config.yaml", "--cluster", "examples/render-cluster.yaml"];

describe("render CLI", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "render-cli-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it("bin/render.js prints the objects as multi-document YAML, keys redacted", () => {
    const r = run("bin/render.js", EXAMPLES);
    assert.equal(r.code, 0, r.stderr);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Any);
    const ids = docs.map((d) => `${d.kind}/${d.metadata.name}`);
    for (const id of ["ConfigMap/ceph-csi-config", "StorageClass/ceph-xfs", "StorageClass/cephfs", "DaemonSet/csi-cephfsplugin", "CSIDriver/rbd.csi.ceph.com"]) {
      assert.ok(ids.includes(id), id);
    }
    assert.equal(docs[0].kind, "ServiceAccount");
    assert.equal(docs.at(-1).kind, "StorageClass");
    assert.ok(!ids.some((id) => id.startsWith("VolumeSnapshotClass/")), "no VolumeSnapshotClass unless the cluster serves the API");
    assert.equal(r.stdout.includes(FAKE_KEY), false);
    assert.equal(docs.find((d) => d.metadata.name === "csi-rbd-secret").stringData.userKey, REDACTED);
    assert.equal(docs.find((d) => d.metadata.name === "csi-rbd-secret").stringData.userID, "ceph-csi");
  });

  it("--include-secrets prints the key; --release picks the release", () => {
    const r = run("src/cli/render.ts", [...EXAMPLES, "--include-secrets", "--release", "v3.9.0"]);
    assert.equal(r.code, 0, r.stderr);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Any);
    assert.equal(docs.find((d) => d.metadata.name === "csi-cephfs-secret").stringData.adminKey, FAKE_KEY);
    assert.equal(docs.find((d) => d.kind === "DaemonSet").metadata.labels["juju.io/manifest-version"], "rbd-v3.9.0");
  });

  it("--snapshot-api adds the VolumeSnapshotClasses the charm makes where the cluster serves that API", () => {
    const r = run("src/cli/render.ts", [...EXAMPLES, "--snapshot-api"]);
    assert.equal(r.code, 0, r.stderr);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Any);
    const classes = docs.filter((d) => d.kind === "VolumeSnapshotClass");
    assert.deepEqual(classes.map((d) => d.driver).sort(), ["cephfs.csi.ceph.com", "rbd.csi.ceph.com"]);
    assert.equal(docs.at(-1).kind, "VolumeSnapshotClass", "applied last");
    const rbd = classes.find((d) => d.driver === "rbd.csi.ceph.com");
    assert.equal(rbd.metadata.name, "ceph-rbd-snapshot");
    assert.equal(rbd.parameters["csi.storage.k8s.io/snapshotter-secret-name"], "csi-rbd-secret");
  });

  it("prints warnings on stderr and still succeeds", () => {
    const config = file("c.yaml", "default-storage: nothing\n");
    const r = run("src/cli/render.ts", ["--config", config, "--cluster", "examples/render-cluster.yaml"]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /warning: 'nothing' doesn't match any charm managed StorageClasses/);
  });

  const badCases: [string, string, string, RegExp][] = [
    ["config value", "provisioner-replicas: three\n", "", /Invalid provisioner-replicas: 'three' must be an integer/],
    ["config option", "bogus: 1\n", "", /Unknown config option 'bogus'/],
    ["config shape", "- a\n", "", /must be a map of option: value/],
    ["blocked by render", "ceph-rbd-enable: false\n", "", /blocked: Neither ceph-rbd nor cephfs is enabled\./],
    ["cluster monitors", "", "fsid: f\nauth: cephx\nuser: u\nkey: k\nmonitors: []\n", /monitors: must be a non-empty list/],
    ["cluster auth", "", "fsid: f\nauth: kerberos\nuser: u\nkey: k\nmonitors: [a]\n", /auth: must be 'cephx' or 'none'/],
    ["cluster fs", "", "fsid: f\nauth: cephx\nuser: u\nkey: k\nmonitors: [a]\nfilesystems: [{name: x}]\n", /filesystems\[0\]\.dataPools/],
    ["cluster features", "", "fsid: f\nauth: cephx\nuser: u\nkey: k\nmonitors: [a]\nrbdFeatures: -1\n", /rbdFeatures: must be a non-negative integer/],
    ["cluster yaml", "", "fsid: [\n", /not valid YAML/],
    ["cluster pool ids", "", "fsid: f\nauth: cephx\nuser: u\nkey: k\nmonitors: [a]\nfilesystems: [{name: x, dataPools: [a, b], dataPoolIds: [1]}]\n", /filesystems\[0\]\.dataPoolIds/],
    ["cluster rbd pools", "", "fsid: f\nauth: cephx\nuser: u\nkey: k\nmonitors: [a]\nrbdPools: {xfs: x}\n", /rbdPools: must be a map \{xfs, ext4\}/],
  ];
  for (const [name, configText, clusterText, message] of badCases) {
    it(`bad input (${name}) → exit 2 and a message naming the field`, () => {
      const config = configText === "" ? "examples/render-config.yaml" : file("config.yaml", configText);
      const clusterFile = clusterText === "" ? "examples/render-cluster.yaml" : file("cluster.yaml", clusterText);
      const r = run("src/cli/render.ts", ["--config", config, "--cluster", clusterFile]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, "");
    });
  }

  it("takes RBD pool names and CephFS data pool ids from the cluster file", () => {
    const clusterFile = file(
      "cluster.yaml",
      "fsid: f\nauth: cephx\nuser: u\nkey: k\nmonitors: [a]\nrbdPools: {xfs: px, ext4: pe}\nfilesystems: [{name: fs, dataPools: [d], dataPoolIds: [3]}]\n",
    );
    const config = file("config.yaml", "cephfs-enable: true\ncephfs-storage-class-name-formatter: '{name}-{pool-id}'\n");
    const r = run("src/cli/render.ts", ["--config", config, "--cluster", clusterFile]);
    assert.equal(r.code, 0, r.stderr);
    const classes = parseAllDocuments(r.stdout)
      .map((d) => d.toJS() as Any)
      .filter((d) => d.kind === "StorageClass");
    assert.deepEqual(
      classes.map((c) => [c.metadata.name, c.parameters.pool]),
      [
        ["ceph-xfs", "px"],
        ["ceph-ext4", "pe"],
        ["fs-3", "d"],
      ],
    );
  });

  it("missing arguments and unknown flags → exit 2 with usage", () => {
    for (const args of [[], ["--config", "examples/render-config.yaml"], [...EXAMPLES, "--nope"]]) {
      const r = run("src/cli/render.ts", args);
      assert.equal(r.code, 2, args.join(" "));
      assert.match(r.stderr, /usage: render/);
    }
  });
});
