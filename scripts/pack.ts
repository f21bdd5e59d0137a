/**
 * `npm run pack`: builds the deployable charm from the npm registry alone.
 * The archive holds the metadata, dispatch + hooks, the esbuild bundle and a Node 24 LTS runtime
 * (the `node` npm package's binary for this architecture), and is written to the repo root.
 */
import { createWriteStream, existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ZipFile } from "yazl";
import { bundle } from "./build.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const CHARM_FILE = join(root, "ceph-csi_ubuntu-22.04-amd64.charm");

function manifestYaml(): string {
  const bases = ["22.04", "24.04"]
    .map((channel) => `  - name: ubuntu\n    channel: "${channel}"\n    architectures:\n      - amd64\n`)
    .join("");
  return `charmcraft-version: "3.0.0"\ncharmcraft-started-at: "${new Date().toISOString()}"\nbases:\n${bases}analysis:\n  attributes:\n    - name: language\n      result: javascript\n    - name: framework\n      result: unknown\n`;
}

/** The Node runtime that npm installed for this machine (package `node`, a Node 24 LTS binary). */
export function nodeRuntime(): string {
  const bin = realpathSync(join(root, "node_modules/node/bin/node"));
  if (!existsSync(bin)) throw new Error("node_modules/node/bin/node is missing: run npm ci");
  return bin;
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

export async function pack(out = CHARM_FILE): Promise<string> {
  await bundle();
  const zip = new ZipFile();
  const file = (src: string, name: string, mode = 0o644) =>
    zip.addBuffer(readFileSync(src), name, { mode: 0o100000 | mode, mtime: new Date(0) });
  for (const name of ["metadata.yaml", "config.yaml", "actions.yaml", "README.md", "LICENSE"]) {
    file(join(root, name), name);
  }
  zip.addBuffer(Buffer.from(manifestYaml()), "manifest.yaml", { mode: 0o100644 });
  file(join(root, "dispatch"), "dispatch", 0o755);
  for (const hook of readdirSync(join(root, "hooks"))) file(join(root, "hooks", hook), `hooks/${hook}`, 0o755);
  for (const path of walk(join(root, "dist"))) file(path, relative(root, path));
  // The runtime is large: store it compressed, readable and executable.
  zip.addBuffer(readFileSync(nodeRuntime()), "node/bin/node", { mode: 0o100755, mtime: new Date(0) });
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(out)).on("close", resolve).on("error", reject);
  });
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await pack();
  console.log(`${relative(root, out)} (${(statSync(out).size / 1e6).toFixed(1)} MB)`);
}
