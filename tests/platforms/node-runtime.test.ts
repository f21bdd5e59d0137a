/**
 * Where the shipped Node comes from: the host's own binary for its architecture, and, for an
 * architecture npm has no Node 24 for (s390x, charmcraft builds only), the Node.js download
 * site's tarball checked against SHASUMS256.txt. The site is stood in for by a server on
 * 127.0.0.1 serving a tarball made here.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { elfMachine, hasNpmRuntime, nodeRuntime, nodeVersion } from "../../scripts/node-runtime.ts";
import { hostArch } from "../../scripts/platforms.ts";

/** A file that starts like a big-endian ELF executable for `machine` (s390x is 22). */
function fakeElf(machine: number): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = 2; // 64-bit
  b[5] = 2; // big-endian
  b.writeUInt16BE(machine, 18);
  return b;
}

describe("node runtime sources", function () {
  this.timeout(120_000);
  let tmp: string;
  let server: Server;
  let site: string;
  const files = new Map<string, Buffer>();
  const version = nodeVersion();
  const tarName = `node-v${version}-linux-s390x.tar.gz`;

  function publish(binary: Buffer, sums?: string): void {
    const dir = join(tmp, "tar", `node-v${version}-linux-s390x`, "bin");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "node"), binary);
    execFileSync("tar", ["-czf", join(tmp, tarName), "-C", join(tmp, "tar"), `node-v${version}-linux-s390x`]);
    const tarball = readFileSync(join(tmp, tarName));
    files.set(`/v${version}/${tarName}`, tarball);
    const hash = createHash("sha256").update(tarball).digest("hex");
    files.set(`/v${version}/SHASUMS256.txt`, Buffer.from(sums ?? `${"0".repeat(64)}  node-v${version}-linux-x64.tar.gz\n${hash}  ${tarName}\n`));
  }

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "ceph-csi-runtime-"));
    server = createServer((req, res) => {
      const body = files.get(req.url ?? "");
      res.writeHead(body ? 200 : 404).end(body);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
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
    files.clear(); // the second call is served from the cache
    assert.equal(await nodeRuntime("s390x", { allowNodejsOrg: true, cache, distUrl: site }), bin);
  });

  it("refuses a tarball whose SHA-256 is not the published one, and keeps nothing", async () => {
    publish(fakeElf(22), `${"ab".repeat(32)}  ${tarName}\n`);
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
