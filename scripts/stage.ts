/**
 * The one place that says what a charm holds: lays the charm's tree out in a directory, with
 * the modes Juju needs. `npm run pack` zips that tree; charmcraft's build step calls this file
 * with `--out "$CRAFT_PART_INSTALL"` and primes the same tree.
 *
 *   node scripts/stage.ts --out DIR --arch arm64     (bundles first; fetches the runtime for arm64)
 *
 * Tree: metadata.yaml, config.yaml, actions.yaml, README.md, LICENSE, dispatch and hooks/* (0755),
 * dist/* (the esbuild bundle), node/bin/node (0755, the Node 24 runtime for the target).
 */
import { chmodSync, copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { bundle } from "./build.ts";
import { nodeRuntime } from "./node-runtime.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

/** Every file of the charm: its path in the charm, where it comes from, its mode. */
export function charmFiles(nodeBinary: string): { name: string; src: string; mode: number }[] {
  const files = ["metadata.yaml", "config.yaml", "actions.yaml", "README.md", "LICENSE"].map((name) => ({ name, src: join(root, name), mode: 0o644 }));
  files.push({ name: "dispatch", src: join(root, "dispatch"), mode: 0o755 });
  for (const hook of readdirSync(join(root, "hooks")).sort()) files.push({ name: `hooks/${hook}`, src: join(root, "hooks", hook), mode: 0o755 });
  for (const path of walk(join(root, "dist"))) files.push({ name: relative(root, path), src: path, mode: 0o644 });
  files.push({ name: "node/bin/node", src: nodeBinary, mode: 0o755 });
  return files;
}

/** Writes the charm tree into `out` (which may exist, as $CRAFT_PART_INSTALL does). dist/ must be built. */
export function stageCharm(out: string, nodeBinary: string): void {
  for (const f of charmFiles(nodeBinary)) {
    const dest = join(out, f.name);
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(f.src, dest);
    chmodSync(dest, f.mode);
  }
}

/** Bundles, fetches the runtime for `arch` and stages: what one charm build does. */
export async function buildCharmTree(out: string, arch: string, allowNodejsOrg = false): Promise<void> {
  await bundle();
  stageCharm(out, await nodeRuntime(arch, { allowNodejsOrg }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { out: { type: "string" }, arch: { type: "string" } } });
  if (!values.out || !values.arch) {
    console.error("usage: node scripts/stage.ts --out DIR --arch amd64|arm64|s390x");
    process.exit(2);
  }
  // The charmcraft build: any architecture charmcraft.yaml lists, from npm or the Node.js site.
  await buildCharmTree(values.out, values.arch, true);
  console.log(`staged the charm for ${values.arch} in ${values.out}`);
}
