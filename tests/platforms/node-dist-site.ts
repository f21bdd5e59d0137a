/**
 * A stand-in for the Node.js download site on 127.0.0.1: serves `/v<version>/<tarball>` and
 * `SHASUMS256.txt` for a Linux s390x "node" made here (an ELF header is all the build checks).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A file that starts like a big-endian 64-bit ELF executable for `machine` (s390x is 22). */
export function fakeElf(machine: number): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = 2; // 64-bit
  b[5] = 2; // big-endian
  b.writeUInt16BE(machine, 18);
  return b;
}

export interface NodeDistSite {
  /** Base URL, as NODE_DIST_URL takes it. */
  url: string;
  tarName: string;
  /** Publishes `binary` as bin/node of the s390x tarball; `sums` replaces the honest SHASUMS256.txt. */
  publish(binary: Buffer, sums?: string): void;
  /** Serves nothing until the next publish. */
  clear(): void;
  close(): Promise<void>;
}

export async function startNodeDistSite(version: string): Promise<NodeDistSite> {
  const tmp = mkdtempSync(join(tmpdir(), "ceph-csi-node-dist-"));
  const files = new Map<string, Buffer>();
  const tarName = `node-v${version}-linux-s390x.tar.gz`;
  const server = createServer((req, res) => {
    const body = files.get(req.url ?? "");
    res.writeHead(body ? 200 : 404).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tarName,
    publish(binary, sums) {
      const dir = join(tmp, "tar", `node-v${version}-linux-s390x`, "bin");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "node"), binary);
      execFileSync("tar", ["-czf", join(tmp, tarName), "-C", join(tmp, "tar"), `node-v${version}-linux-s390x`]);
      const tarball = readFileSync(join(tmp, tarName));
      files.set(`/v${version}/${tarName}`, tarball);
      const hash = createHash("sha256").update(tarball).digest("hex");
      files.set(`/v${version}/SHASUMS256.txt`, Buffer.from(sums ?? `${"0".repeat(64)}  node-v${version}-linux-x64.tar.gz\n${hash}  ${tarName}\n`));
    },
    clear: () => files.clear(),
    async close() {
      await new Promise((r) => server.close(r));
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
