/**
 * Runs a foreign-architecture charm's own Node on this machine with QEMU user-mode emulation.
 *
 * With binfmt_misc registered for the architecture the kernel starts the binary through QEMU by
 * itself and nothing changes. Without it (the usual case in a container, where registering is
 * the host's business), the charm's `node/bin/node` is moved to `node/bin/node.<arch>` and a
 * two-line shell wrapper takes its place, starting that very binary under `qemu-<cpu>-static`.
 * `dispatch` finds node at `$CHARM_DIR/node/bin/node`, so it runs unchanged.
 */
import { spawnSync } from "node:child_process";
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** QEMU's CPU name per Debian architecture. */
const QEMU_CPU: Record<string, string> = { arm64: "aarch64", s390x: "s390x", ppc64el: "ppc64le" };

export function qemuFor(arch: string): string {
  const cpu = QEMU_CPU[arch];
  if (!cpu) throw new Error(`no QEMU user-mode emulator known for ${arch}`);
  return `qemu-${cpu}-static`;
}

/** Missing pieces for emulating `arch`, as a hint for the operator (empty when all are there). */
export function missingEmulation(arch: string): string[] {
  const missing: string[] = [];
  if (spawnSync("sh", ["-c", `command -v ${qemuFor(arch)}`]).status !== 0) missing.push(`${qemuFor(arch)} (apt-get install qemu-user-static)`);
  const loader = { arm64: "/lib/ld-linux-aarch64.so.1" }[arch];
  if (loader && spawnSync("test", ["-e", loader]).status !== 0) {
    missing.push(`${arch} C/C++ runtime (dpkg --add-architecture ${arch}; apt-get install libc6:${arch} libstdc++6:${arch} libgcc-s1:${arch})`);
  }
  return missing;
}

/** Runs the foreign binary directly: true when the kernel can (binfmt_misc), false on "Exec format error". */
export function kernelRuns(binary: string): boolean {
  const r = spawnSync(binary, ["-e", "0"], { timeout: 120_000 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOEXEC") return false;
  return r.status === 0;
}

export type EmulationMode = "binfmt_misc" | "explicit qemu wrapper";

/** Makes an unpacked charm's node start under emulation; says how. */
export function emulateCharmNode(charmDir: string, arch: string): EmulationMode {
  const node = join(charmDir, "node/bin/node");
  if (kernelRuns(node)) return "binfmt_misc";
  const real = `${node}.${arch}`;
  renameSync(node, real);
  writeFileSync(node, `#!/bin/sh\nexec ${qemuFor(arch)} "$0.${arch}" "$@"\n`, { mode: 0o755 });
  return "explicit qemu wrapper";
}
