/**
 * Runs a part of charmcraft.yaml the way charmcraft (craft-parts) runs its build step, on this
 * machine: the project copied to parts/<part>/src and build, the override-build scriptlet run by
 * bash in the build directory with the CRAFT_* variables set, and PATH giving what the build
 * snaps would (a `node`/`npm` pair on Node 24 stands in for the node snap).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "../..");

export interface Part {
  plugin?: string;
  source?: string;
  "build-snaps"?: string[];
  "build-packages"?: string[];
  "override-build"?: string;
  [key: string]: unknown;
}

export interface CharmcraftYaml {
  type: string;
  platforms: Record<string, unknown>;
  parts: Record<string, Part>;
  [key: string]: unknown;
}

export function charmcraftYaml(): CharmcraftYaml {
  return parse(readFileSync(join(REPO, "charmcraft.yaml"), "utf8")) as CharmcraftYaml;
}

const PASSED_ON = ["http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR"];

const TRIPLET: Record<string, string> = { amd64: "x86_64-linux-gnu", arm64: "aarch64-linux-gnu", s390x: "s390x-linux-gnu" };

/** The project's files as charmcraft would copy them (tracked and new files; not node_modules, dist or other ignored output). */
function copyProject(dest: string): void {
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO, encoding: "utf8" })
    .split("\0")
    .filter(Boolean);
  for (const f of files) {
    const to = join(dest, f);
    mkdirSync(dirname(to), { recursive: true });
    try {
      copyFileSync(join(REPO, f), to);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e; // deleted but not yet committed
    }
  }
}

/** Stand-ins for the node snap's commands: the Node 24 of node_modules and npm run on it. */
function snapBin(dir: string): string {
  const bin = join(dir, "snap-bin");
  mkdirSync(bin, { recursive: true });
  const node = realpathSync(join(REPO, "node_modules/node/bin/node"));
  symlinkSync(node, join(bin, "node"));
  const npmCli = realpathSync(execFileSync("sh", ["-c", "command -v npm"], { encoding: "utf8" }).trim());
  writeFileSync(join(bin, "npm"), `#!/bin/sh\nexec "${node}" "${npmCli}" "$@"\n`);
  chmodSync(join(bin, "npm"), 0o755);
  return bin;
}

export interface PartRun {
  status: number | null;
  output: string;
  dirs: { project: string; src: string; build: string; install: string; stage: string; prime: string };
}

/** Runs `parts.<name>.override-build` of charmcraft.yaml for `arch` under `work`. */
export function runOverrideBuild(work: string, name: string, arch: string): PartRun {
  const part = charmcraftYaml().parts[name];
  const script = part?.["override-build"];
  if (!script) throw new Error(`part ${name} has no override-build`);
  const project = join(work, "project");
  const partDir = join(project, "parts", name);
  const dirs = {
    project,
    src: join(partDir, "src"),
    build: join(partDir, "build"),
    install: join(partDir, "install"),
    stage: join(project, "stage"),
    prime: join(project, "prime"),
  };
  copyProject(project);
  // source: . → the pull step copies the project into src; the nil plugin builds in a copy of it.
  copyProject(dirs.src);
  cpSync(dirs.src, dirs.build, { recursive: true });
  for (const d of [dirs.install, dirs.stage, dirs.prime]) mkdirSync(d, { recursive: true });
  const env: Record<string, string> = {
    // The machine's proxy and CA settings reach the build, as charmcraft passes them on.
    ...Object.fromEntries(PASSED_ON.flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : []))),
    PATH: `${snapBin(work)}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    HOME: process.env["HOME"] ?? "/root",
    LANG: "C.UTF-8",
    CRAFT_PROJECT_NAME: "ceph-csi",
    CRAFT_PROJECT_DIR: project,
    CRAFT_PART_NAME: name,
    CRAFT_STEP_NAME: "BUILD",
    CRAFT_PART_SRC: dirs.src,
    CRAFT_PART_SRC_WORK: dirs.src,
    CRAFT_PART_BUILD: dirs.build,
    CRAFT_PART_BUILD_WORK: dirs.build,
    CRAFT_PART_INSTALL: dirs.install,
    CRAFT_STAGE: dirs.stage,
    CRAFT_PRIME: dirs.prime,
    CRAFT_ARCH_BUILD_ON: arch,
    CRAFT_ARCH_BUILD_FOR: arch,
    CRAFT_TARGET_ARCH: arch,
    CRAFT_ARCH_TRIPLET_BUILD_ON: TRIPLET[arch] ?? arch,
    CRAFT_ARCH_TRIPLET_BUILD_FOR: TRIPLET[arch] ?? arch,
    CRAFT_ARCH_TRIPLET: TRIPLET[arch] ?? arch,
    CRAFT_PARALLEL_BUILD_COUNT: "2",
  };
  // craft-parts writes the scriptlet into a bash script that stops at the first failing command.
  const r = spawnSync("/bin/bash", ["-c", `set -euo pipefail\n${script}`], { cwd: dirs.build, env, encoding: "utf8" });
  return { status: r.status, output: `${r.stdout}${r.stderr}`, dirs };
}
