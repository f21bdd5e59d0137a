/**
 * `npm run pack` per platform: charmcraft's file names, a manifest naming the one base and
 * architecture, the Node 24 for that architecture, and a clear refusal where npm has no Node 24.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { elfMachine, nodeVersion } from "../../scripts/node-runtime.ts";
import { manifestYaml, packablePlatforms } from "../../scripts/pack.ts";
import { charmFileName, charmPlatforms, parsePlatform } from "../../scripts/platforms.ts";
import { unzip } from "../../scripts/unzip.ts";

const npmPack = (...args: string[]) => spawnSync("npm", ["run", "--silent", "pack", "--", ...args], { encoding: "utf8" });

describe("npm run pack -- --platform", function () {
  this.timeout(600_000);
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), "ceph-csi-packs-"));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("names files as charmcraft does: <name>_<platform with ':' as '-'>.charm", () => {
    assert.equal(charmFileName("ubuntu@24.04:arm64"), "ceph-csi_ubuntu@24.04-arm64.charm");
    assert.equal(charmFileName(parsePlatform("ubuntu@22.04:amd64")), "ceph-csi_ubuntu@22.04-amd64.charm");
  });

  it("packs by default every platform of charmcraft.yaml except those without a Node 24 on npm (s390x)", () => {
    const all = charmPlatforms().map((p) => p.name);
    assert.deepEqual(
      packablePlatforms().map((p) => p.name),
      all.filter((n) => !n.endsWith(":s390x")),
    );
    assert.equal(packablePlatforms().length, 4);
  });

  it("writes one manifest base: that platform's channel and architecture", () => {
    const m = parse(manifestYaml(parsePlatform("ubuntu@22.04:arm64"))) as Record<string, unknown>;
    assert.deepEqual(m["bases"], [{ name: "ubuntu", channel: "22.04", architectures: ["arm64"] }]);
    assert.ok(typeof m["charmcraft-started-at"] === "string");
  });

  it("--platform ubuntu@24.04:arm64 packs that charm with the aarch64 Node 24", async () => {
    const r = npmPack("--platform", "ubuntu@24.04:arm64", "--out-dir", tmp);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(tmp), ["ceph-csi_ubuntu@24.04-arm64.charm"]);
    const dir = join(tmp, "unpacked");
    const entries = await unzip(join(tmp, "ceph-csi_ubuntu@24.04-arm64.charm"), dir);
    const manifest = parse(entries.find((e) => e.name === "manifest.yaml")!.data.toString()) as { bases: unknown };
    assert.deepEqual(manifest.bases, [{ name: "ubuntu", channel: "24.04", architectures: ["arm64"] }]);
    assert.equal(elfMachine(join(dir, "node/bin/node")), 183, "EM_AARCH64");
    assert.equal(entries.find((e) => e.name === "node/bin/node")?.mode, 0o755);
    // The version is the pinned one: the npm package's binary carries it in its version string.
    assert.ok(entries.find((e) => e.name === "node/bin/node")!.data.includes(Buffer.from(`v${nodeVersion()}`)));
  });

  it("refuses s390x (no Node 24 on npm) and platforms charmcraft.yaml does not list, before building anything", () => {
    const listing = () => readdirSync(tmp, { recursive: true, encoding: "utf8" }).sort();
    const before = listing();
    const s390 = npmPack("--platform", "ubuntu@24.04:s390x", "--out-dir", tmp);
    assert.equal(s390.status, 1);
    assert.match(s390.stderr, /no Node 24 build for s390x: build ubuntu@24\.04:s390x with charmcraft/);
    const focal = npmPack("--platform", "ubuntu@20.04:amd64", "--out-dir", tmp);
    assert.equal(focal.status, 1);
    assert.match(focal.stderr, /not a platform of charmcraft\.yaml/);
    const bad = npmPack("--platform", "arm64", "--out-dir", tmp);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /not a platform name like ubuntu@24\.04:amd64/);
    assert.deepEqual(listing(), before, "nothing written to the output dir");
  });
});
