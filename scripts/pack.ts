/**
 * `npm run pack`: builds deployable charms from the npm registry alone, one per platform, named
 * as charmcraft names them (`ceph-csi_ubuntu@24.04-arm64.charm`), in the repository root.
 *
 *   npm run pack                                       every platform of charmcraft.yaml npm has a Node 24 for
 *   npm run pack -- --platform ubuntu@24.04:s390x      s390x too, its Node from the Node.js download site (verified)
 *   npm run pack -- --platform ubuntu@26.04:arm64      one (repeatable); --out-dir DIR to write elsewhere (made if missing)
 *
 * Each archive is the tree scripts/stage.ts lays out (the same step charmcraft runs) plus the
 * manifest.yaml charmcraft would write for that base and architecture.
 */
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ZipFile } from "yazl";
import { bundle } from "./build.ts";
import { hasNpmRuntime, NODE_MAJOR, nodeRuntime } from "./node-runtime.ts";
import { charmFileName, charmPlatforms, hostPlatform, type Platform, parsePlatform } from "./platforms.ts";
import { stageCharm } from "./stage.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The manifest charmcraft writes: the one base and architecture the charm runs on. */
export function manifestYaml(p: Platform): string {
  return [
    `charmcraft-version: "3.0.0"`,
    `charmcraft-started-at: "${new Date().toISOString()}"`,
    "bases:",
    `  - name: ${p.distro}`,
    `    channel: "${p.channel}"`,
    "    architectures:",
    `      - ${p.arch}`,
    "analysis:",
    "  attributes:",
    "    - name: language",
    "      result: javascript",
    "    - name: framework",
    "      result: unknown",
    "",
  ].join("\n");
}

/** The platforms `npm run pack` builds by default: charmcraft.yaml's, where npm has a Node 24 for the architecture. */
export function packablePlatforms(): Platform[] {
  return charmPlatforms().filter((p) => hasNpmRuntime(p.arch));
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

/** Zips a staged tree (modes kept, fixed times) with the platform's manifest. */
async function zipTree(tree: string, platform: Platform, out: string): Promise<void> {
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from(manifestYaml(platform)), "manifest.yaml", { mode: 0o100644, mtime: new Date(0) });
  for (const path of walk(tree)) {
    zip.addBuffer(readFileSync(path), relative(tree, path), { mode: 0o100000 | (statSync(path).mode & 0o7777), mtime: new Date(0) });
  }
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(out)).on("close", resolve).on("error", reject);
  });
}

/** Fails, before any work, for a platform charmcraft.yaml does not list. */
function checkPackable(platform: Platform): void {
  if (!charmPlatforms().some((p) => p.name === platform.name)) {
    throw new Error(`${platform.name} is not a platform of charmcraft.yaml (${charmPlatforms().map((p) => p.name).join(", ")})`);
  }
}

/**
 * Packs one platform (dist/ must be built). Where npm has no Node 24 (s390x) the runtime is the
 * official tarball from the Node.js download site (NODE_DIST_URL for a mirror), checked against
 * SHASUMS256.txt: the path the charmcraft build takes too.
 */
async function packOne(platform: Platform, out: string): Promise<string> {
  let node: string;
  try {
    node = await nodeRuntime(platform.arch, { allowNodejsOrg: true });
  } catch (e) {
    const where = hasNpmRuntime(platform.arch) ? "npm" : `the Node.js download site (npm has no Node ${NODE_MAJOR} for ${platform.arch}; set NODE_DIST_URL for a mirror)`;
    throw new Error(`no Node ${NODE_MAJOR} runtime for ${platform.name} from ${where}: ${(e as Error).message.split("\n")[0]}`);
  }
  const tree = mkdtempSync(join(tmpdir(), "ceph-csi-stage-"));
  try {
    stageCharm(tree, node);
    await zipTree(tree, platform, out);
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
  return out;
}

/** Bundles and packs one charm (default: the platform of this machine) to `out`. */
export async function pack(out?: string, platform: Platform | string = hostPlatform()): Promise<string> {
  const p = typeof platform === "string" ? parsePlatform(platform) : platform;
  checkPackable(p);
  await bundle();
  return packOne(p, out ?? join(root, charmFileName(p)));
}

/** Bundles once and packs each platform into `outDir`; returns the files. */
export async function packPlatforms(platforms: Platform[], outDir = root): Promise<string[]> {
  platforms.forEach(checkPackable);
  mkdirSync(outDir, { recursive: true });
  await bundle();
  const files: string[] = [];
  for (const p of platforms) files.push(await packOne(p, join(outDir, charmFileName(p))));
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { platform: { type: "string", multiple: true }, "out-dir": { type: "string" } } });
  try {
    const platforms = values.platform?.map(parsePlatform) ?? packablePlatforms();
    for (const out of await packPlatforms(platforms, values["out-dir"] ?? root)) {
      console.log(`${relative(process.cwd(), out) || out} (${(statSync(out).size / 1e6).toFixed(1)} MB)`);
    }
  } catch (e) {
    console.error(`pack: ${(e as Error).message}`);
    process.exit(1);
  }
}
