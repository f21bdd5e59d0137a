/**
 * `npm run pack` per platform: charmcraft's file names, a manifest naming the one base and
 * architecture, the Node 24 for that architecture (s390x: the Node.js site's verified tarball),
 * and a clear refusal of platforms charmcraft.yaml does not list.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { elfMachine, nodeVersion } from "../../scripts/node-runtime.ts";
import { manifestYaml, packablePlatforms } from "../../scripts/pack.ts";
import { charmFileName, charmPlatforms, parsePlatform } from "../../scripts/platforms.ts";
import { unzip } from "../../scripts/unzip.ts";
import { fakeElf, startNodeDistSite } from "./node-dist-site.ts";

const npmPack = (...args: string[]) => spawnSync("npm", ["run", "--silent", "pack", "--", ...args], { encoding: "utf8" });
/** npm run pack without blocking this process (for servers it runs). */
function npmPackAsync(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", "pack", "--", ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("close", (status) => resolve({ status, stderr }));
  });
}

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
    assert.equal(packablePlatforms().length, 6);
    assert.ok(all.includes("ubuntu@26.04:arm64") && all.includes("ubuntu@22.04:amd64"));
  });

  it("writes one manifest base: that platform's channel and architecture", () => {
    const m = parse(manifestYaml(parsePlatform("ubuntu@22.04:arm64"))) as Record<string, unknown>;
    assert.deepEqual(m["bases"], [{ name: "ubuntu", channel: "22.04", architectures: ["arm64"] }]);
    assert.ok(typeof m["charmcraft-started-at"] === "string");
  });

  it("--platform ubuntu@26.04:arm64 packs that charm with the aarch64 Node 24", async () => {
    const out = join(tmp, "new-dir");
    const r = npmPack("--platform", "ubuntu@26.04:arm64", "--out-dir", out);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(out), ["ceph-csi_ubuntu@26.04-arm64.charm"], "--out-dir is made when missing");
    const dir = join(tmp, "unpacked");
    const entries = await unzip(join(out, "ceph-csi_ubuntu@26.04-arm64.charm"), dir);
    const manifest = parse(entries.find((e) => e.name === "manifest.yaml")!.data.toString()) as { bases: unknown };
    assert.deepEqual(manifest.bases, [{ name: "ubuntu", channel: "26.04", architectures: ["arm64"] }]);
    assert.equal(elfMachine(join(dir, "node/bin/node")), 183, "EM_AARCH64");
    assert.equal(entries.find((e) => e.name === "node/bin/node")?.mode, 0o755);
    // The version is the pinned one: the npm package's binary carries it in its version string.
    assert.ok(entries.find((e) => e.name === "node/bin/node")!.data.includes(Buffer.from(`v${nodeVersion()}`)));
  });

  it("packs s390x with the Node.js site's tarball checked against SHASUMS256.txt (a stand-in site; NODE_DIST_URL)", async () => {
    const site = await startNodeDistSite(nodeVersion());
    const cache = mkdtempSync(join(tmpdir(), "ceph-csi-node-cache-"));
    try {
      site.publish(fakeElf(22));
      const out = join(tmp, "s390x");
      const env = { ...process.env, NODE_DIST_URL: site.url, NODE_RUNTIME_CACHE: cache };
      // Not spawnSync: the stand-in site answers from this process's event loop.
      const r = await npmPackAsync(env, "--platform", "ubuntu@26.04:s390x", "--out-dir", out);
      assert.equal(r.status, 0, r.stderr);
      const entries = await unzip(join(out, "ceph-csi_ubuntu@26.04-s390x.charm"), join(out, "unpacked"));
      const manifest = parse(entries.find((e) => e.name === "manifest.yaml")!.data.toString()) as { bases: unknown };
      assert.deepEqual(manifest.bases, [{ name: "ubuntu", channel: "26.04", architectures: ["s390x"] }]);
      assert.ok(entries.find((e) => e.name === "node/bin/node")!.data.equals(fakeElf(22)), "the tarball's node");
      // A tarball that does not match the published checksum: refused, nothing written.
      site.publish(fakeElf(22), `${"ab".repeat(32)}  ${site.tarName}\n`);
      rmSync(cache, { recursive: true, force: true });
      const bad = await npmPackAsync(env, "--platform", "ubuntu@24.04:s390x", "--out-dir", out);
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /no Node 24 runtime for ubuntu@24\.04:s390x from the Node\.js download site .*does not match SHASUMS256\.txt/);
      assert.equal(existsSync(join(out, "ceph-csi_ubuntu@24.04-s390x.charm")), false);
    } finally {
      await site.close();
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it("refuses platforms charmcraft.yaml does not list and malformed names, before building anything", () => {
    const listing = () => readdirSync(tmp, { recursive: true, encoding: "utf8" }).sort();
    const before = listing();
    const focal = npmPack("--platform", "ubuntu@20.04:amd64", "--out-dir", tmp);
    assert.equal(focal.status, 1);
    assert.match(focal.stderr, /not a platform of charmcraft\.yaml/);
    const bad = npmPack("--platform", "arm64", "--out-dir", tmp);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /not a platform name like ubuntu@24\.04:amd64/);
    assert.deepEqual(listing(), before, "nothing written to the output dir");
  });
});
