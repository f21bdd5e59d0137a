/**
 * Where the shipped Node comes from: the host's own binary for its architecture, and, for an
 * architecture npm has no Node 24 for (s390x), the Node.js download
 * site's tarball checked against SHASUMS256.txt. The site is stood in for by a server on
 * 127.0.0.1 serving a tarball made here.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { elfMachine, hasNpmRuntime, nodeRuntime, nodeVersion } from "../../scripts/node-runtime.ts";
import { hostArch } from "../../scripts/platforms.ts";
import { fakeElf, type NodeDistSite, startNodeDistSite } from "./node-dist-site.ts";

describe("node runtime sources", function () {
  this.timeout(120_000);
  let tmp: string;
  let dist: NodeDistSite;
  let site: string;
  const version = nodeVersion();
  const publish = (binary: Buffer, sums?: string) => dist.publish(binary, sums);

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "ceph-csi-runtime-"));
    dist = await startNodeDistSite(version);
    site = dist.url;
  });
  after(async () => {
    await dist.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("the host's architecture uses the binary npm ci installed, built for this machine", async () => {
    const bin = await nodeRuntime(hostArch());
    assert.equal(bin, join(process.cwd(), "node_modules/node/bin/node"));
    assert.equal(elfMachine(bin), { amd64: 62, arm64: 183 }[hostArch()]);
  });

  it("npm has Node 24 for amd64 and arm64 but not s390x, so pack refuses s390x unless told to use the Node.js site", async () => {
    assert.ok(hasNpmRuntime("amd64") && hasNpmRuntime("arm64"));
    assert.equal(hasNpmRuntime("s390x"), false);
    await assert.rejects(nodeRuntime("s390x", { cache: join(tmp, "c0"), distUrl: site }), /npm registry has no Node 24 build for s390x: build this platform with charmcraft/);
  });

  it("takes s390x from the Node.js site when its SHA-256 matches SHASUMS256.txt, and caches it", async () => {
    const binary = fakeElf(22);
    publish(binary);
    const cache = join(tmp, "c1");
    const bin = await nodeRuntime("s390x", { allowNodejsOrg: true, cache, distUrl: site });
    assert.ok(readFileSync(bin).equals(binary));
    dist.clear(); // the second call is served from the cache
    assert.equal(await nodeRuntime("s390x", { allowNodejsOrg: true, cache, distUrl: site }), bin);
  });

  it("refuses a tarball whose SHA-256 is not the published one, and keeps nothing", async () => {
    publish(fakeElf(22), `${"ab".repeat(32)}  ${dist.tarName}\n`);
    const cache = join(tmp, "c2");
    await assert.rejects(nodeRuntime("s390x", { allowNodejsOrg: true, cache, distUrl: site }), /does not match SHASUMS256\.txt/);
    assert.equal(existsSync(join(cache, `v${version}-linux-s390x`, "node")), false);
  });

  it("refuses a binary built for another architecture", async () => {
    publish(fakeElf(62));
    const cache = join(tmp, "c3");
    await assert.rejects(nodeRuntime("s390x", { allowNodejsOrg: true, cache, distUrl: site }), /not s390x/);
    assert.equal(existsSync(join(cache, `v${version}-linux-s390x`, "node")), false);
  });
});
