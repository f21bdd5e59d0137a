/** Extracts a .charm (zip) keeping file modes, as Juju does when it unpacks a charm. */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import yauzl from "yauzl";

export interface ZipEntry {
  name: string;
  mode: number;
  data: Buffer;
}

export function readZip(path: string): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out: ZipEntry[] = [];
      zip.on("entry", (e: yauzl.Entry) => {
        zip.openReadStream(e, (err2, stream) => {
          if (err2 || !stream) return reject(err2);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            out.push({ name: e.fileName, mode: (e.externalFileAttributes >>> 16) & 0o7777, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
          stream.on("error", reject);
        });
      });
      zip.on("end", () => resolve(out));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

export async function unzip(file: string, dir: string): Promise<ZipEntry[]> {
  const entries = await readZip(file);
  for (const e of entries) {
    const path = join(dir, e.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, e.data);
    chmodSync(path, e.mode || 0o644);
  }
  return entries;
}
