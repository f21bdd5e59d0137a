/**
 * Builds the directory of hook tools put first on the hook's PATH: one client (compiled from
 * client.c once per content hash, cached under the OS temp dir) symlinked under every tool
 * name. Without a C compiler, each name is a tiny sh script running client.mjs on Node.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Every tool Juju puts on PATH for a machine charm (jujuc/server.go registry). */
export const TOOL_NAMES = [
  "action-fail",
  "action-get",
  "action-log",
  "action-set",
  "application-version-set",
  "close-port",
  "config-get",
  "credential-get",
  "goal-state",
  "is-leader",
  "juju-log",
  "juju-reboot",
  "leader-get",
  "leader-set",
  "network-get",
  "open-port",
  "opened-ports",
  "relation-get",
  "relation-ids",
  "relation-list",
  "relation-model-get",
  "relation-set",
  "resource-get",
  "secret-add",
  "secret-get",
  "secret-grant",
  "secret-ids",
  "secret-info-get",
  "secret-remove",
  "secret-revoke",
  "secret-set",
  "state-delete",
  "state-get",
  "state-set",
  "status-get",
  "status-set",
  "storage-add",
  "storage-get",
  "storage-list",
  "unit-get",
] as const;

export type ClientKind = "c" | "node";

function compilerAvailable(): string | undefined {
  for (const cc of [process.env["CC"], "cc", "gcc", "clang"]) {
    if (cc && spawnSync(cc, ["--version"], { stdio: "ignore" }).status === 0) return cc;
  }
  return undefined;
}

/** Returns the tools dir (cached; safe to call from concurrent processes). */
export function ensureToolsDir(prefer: ClientKind = "c"): { dir: string; kind: ClientKind } {
  const source = readFileSync(join(here, "client.c"));
  const fallback = readFileSync(join(here, "client.mjs"));
  const cc = prefer === "c" ? compilerAvailable() : undefined;
  const kind: ClientKind = cc ? "c" : "node";
  const hash = createHash("sha256")
    .update(kind)
    .update(kind === "c" ? source : fallback)
    .update(process.execPath)
    .digest("hex")
    .slice(0, 16);
  const root = join(tmpdir(), `fake-juju-tools-${process.getuid?.() ?? 0}-${hash}`);
  const dir = join(root, "bin");
  const done = join(root, "ready");
  if (existsSync(done)) return { dir, kind };

  const staging = `${root}.tmp-${process.pid}-${Date.now()}`;
  const sdir = join(staging, "bin");
  mkdirSync(sdir, { recursive: true });
  if (cc) {
    const client = join(staging, "jujuc");
    const r = spawnSync(cc, ["-O2", "-o", client, join(here, "client.c")], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`cannot compile fake-juju client: ${r.stderr}`);
    for (const name of TOOL_NAMES) symlinkSync(join(root, "jujuc"), join(sdir, name));
  } else {
    for (const name of TOOL_NAMES) {
      const script = `#!/bin/sh\nexec '${process.execPath}' '${join(here, "client.mjs")}' ${name} "$@"\n`;
      writeFileSync(join(sdir, name), script, { mode: 0o755 });
    }
  }
  writeFileSync(join(staging, "ready"), "");
  try {
    renameSync(staging, root);
  } catch (e) {
    // Another process won the race: use its copy.
    if (!existsSync(done)) throw e;
  }
  return { dir, kind };
}
