import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { NEWEST_RELEASE } from "../../../src/config/options.ts";
import { getRelease, listReleases } from "../../../src/manifests/releases/index.ts";
import { generate } from "../../../scripts/gen-releases.ts";
import { find, REPO, referenceReleases, renderOk } from "./fixtures.ts";

describe("release table", () => {
  it("lists v3.16.0 … v3.7.2 newest first (the Python charm's v3.7.2, v3.8.0 and v3.8.1 too), NEWEST_RELEASE first", () => {
    const list = listReleases();
    assert.equal(list[0], NEWEST_RELEASE);
    assert.deepEqual(list.slice(-4), ["v3.9.0", "v3.8.1", "v3.8.0", "v3.7.2"]);
    assert.equal(list.length, 20);
    const key = (v: string) => v.slice(1).split(".").map(Number).reduce((a, n) => a * 1000 + n, 0);
    assert.deepEqual(list, [...list].sort((a, b) => key(b) - key(a)));
  });

  it("the README's release table lists exactly these releases, the default marked", () => {
    const readme = readFileSync(join(REPO, "README.md"), "utf8");
    const start = readme.indexOf("### Ceph CSI releases");
    assert.ok(start > 0, "README has a Ceph CSI releases section");
    const section = readme.slice(start, readme.indexOf("\n#", start + 1));
    const rows = section.split("\n").filter((l) => /^\| `v/.test(l));
    const listed = rows.flatMap((l) => [...(l.split("|")[1] ?? "").matchAll(/`(v[0-9.]+)`/g)].map((m) => m[1]));
    assert.deepEqual(listed, listReleases());
    assert.ok(rows[0]?.includes(`\`${NEWEST_RELEASE}\` (default)`));
  });

  it("data.json is what scripts/gen-releases.ts makes from the reference sheet", () => {
    const committed = JSON.parse(readFileSync(join(REPO, "src/manifests/releases/data.json"), "utf8"));
    assert.deepEqual(generate(referenceReleases(), committed.source), committed);
  });

  it("getRelease resolves a release once, frozen all the way down; undefined for unknown releases", () => {
    const a = getRelease("v3.11.0");
    assert.ok(a);
    assert.equal(getRelease("v3.11.0"), a, "the same resolved release each time");
    const args = a.rbd.provisioner.pod.containers[0]!.args;
    assert.throws(() => args.push("--mutated"), TypeError);
    assert.ok(Object.isFrozen(a.rbd.provisioner.pod) && Object.isFrozen(a.cephfs.csiDriver));
    assert.equal(getRelease("v3.11.0")!.rbd.provisioner.pod.containers[0]!.args.includes("--mutated"), false);
    assert.equal(getRelease("v3.7.1"), undefined);
    assert.equal(getRelease("v3.16.1"), undefined);
  });

  it("changing a rendered object never reaches the release or the next render (shared parts are frozen)", () => {
    const first = renderOk({ release: "v3.11.0", "cephfs-enable": true }).objects;
    const pod = find(first, "Deployment", "csi-rbdplugin-provisioner").spec.template.spec;
    const attempt = (change: () => void) => {
      try {
        change();
      } catch (e) {
        assert.ok(e instanceof TypeError, String(e));
      }
    };
    attempt(() => pod.containers[0].args.push("--mutated"));
    attempt(() => pod.volumes.push({ name: "extra", emptyDir: {} }));
    const again = find(renderOk({ release: "v3.11.0", "cephfs-enable": true }).objects, "Deployment", "csi-rbdplugin-provisioner").spec.template.spec;
    assert.equal(again.containers[0].args.includes("--mutated"), false);
    assert.equal(again.volumes.some((v: { name: string }) => v.name === "extra"), false);
  });

  it("carries the release switches the sheet documents", () => {
    const args = (v: string, w: "provisioner" | "nodeplugin", d: "rbd" | "cephfs", c: string) =>
      getRelease(v)![d][w].pod.containers.find((x) => x.name === c)!.args;
    assert.ok(args("v3.11.0", "provisioner", "rbd", "csi-provisioner").includes("--feature-gates=Topology=false"));
    assert.ok(!args("v3.12.0", "provisioner", "rbd", "csi-provisioner").includes("--feature-gates=Topology=false"));
    assert.ok(!args("v3.12.0", "provisioner", "rbd", "csi-provisioner").includes("--immediate-topology=false"));
    assert.ok(args("v3.12.1", "provisioner", "rbd", "csi-provisioner").includes("--immediate-topology=false"));
    assert.ok(!args("v3.16.0", "provisioner", "cephfs", "csi-provisioner").includes("--immediate-topology=false"));
    assert.equal(getRelease("v3.14.2")!.cephfs.provisioner.pod.containers.length, 5);
    assert.equal(getRelease("v3.15.0")!.cephfs.provisioner.pod.containers[2]!.name, "csi-attacher");
    assert.equal(getRelease("v3.14.2")!.cephfs.csiDriver.attachRequired, false);
    assert.equal(getRelease("v3.15.0")!.cephfs.csiDriver.attachRequired, true);
    assert.equal(getRelease("v3.10.2")!.rbd.provisioner.pod.containers[0]!.name, "csi-provisioner");
    assert.equal(getRelease("v3.11.0")!.rbd.provisioner.pod.containers[0]!.name, "csi-rbdplugin");
    // v3.7.2–v3.8.1: no seLinuxMount; v3.7.2 alone pulls its RBD provisioner from k8s.gcr.io and has a thin CephFS RBAC.
    assert.equal(getRelease("v3.8.1")!.rbd.csiDriver.seLinuxMount, undefined);
    assert.equal(getRelease("v3.9.0")!.rbd.csiDriver.seLinuxMount, true);
    const image = (v: string, d: "rbd" | "cephfs") => getRelease(v)![d].provisioner.pod.containers.find((x) => x.name === "csi-provisioner")!.image;
    assert.equal(image("v3.7.2", "rbd"), "k8s.gcr.io/sig-storage/csi-provisioner:v3.2.1");
    assert.equal(image("v3.7.2", "cephfs"), "registry.k8s.io/sig-storage/csi-provisioner:v3.2.1");
    assert.deepEqual(getRelease("v3.7.2")!.cephfs.rbac.clusterRoles.map((r) => r.name), ["cephfs-external-provisioner-runner"]);
    assert.ok(getRelease("v3.8.0")!.cephfs.rbac.clusterRoles.length > 1);
    assert.ok(!args("v3.7.2", "provisioner", "rbd", "csi-attacher").includes("--default-fstype=ext4"));
    assert.ok(args("v3.8.0", "provisioner", "rbd", "csi-attacher").includes("--default-fstype=ext4"));
  });
});
