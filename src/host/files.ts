/**
 * The host seam for files: the charm's private directories (its Ceph conf), written only when
 * their content differs, with their modes enforced. Failures come back as an errno code.
 * Node's synchronous calls behind async functions: the files are a few hundred bytes, a hook does
 * nothing else meanwhile, and node:fs/promises would cost every hook ~4 ms to load.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DirSpec } from "../ceph/conf-files.ts";
import { err, ok, type Result } from "../result.ts";

async function readOr(path: string): Promise<string | undefined> {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Writes `content` with `mode` when it differs (atomically); returns whether it wrote. */
async function ensureFile(path: string, content: string, mode: number): Promise<boolean> {
  if ((await readOr(path)) === content) {
    chmodSync(path, mode);
    return false;
  }
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, content, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, path);
  return true;
}

/** Makes `spec.dir` hold exactly the spec's files (and none of its absent ones). */
export async function syncDir(spec: DirSpec): Promise<Result<{ changed: boolean }, string>> {
  try {
    mkdirSync(spec.dir, { recursive: true, mode: spec.mode });
    chmodSync(spec.dir, spec.mode);
    let changed = false;
    for (const f of spec.files) changed = (await ensureFile(join(spec.dir, f.name), f.content, f.mode)) || changed;
    for (const name of spec.absent) {
      if ((await readOr(join(spec.dir, name))) === undefined) continue;
      rmSync(join(spec.dir, name), { force: true });
      changed = true;
    }
    return ok({ changed });
  } catch (e) {
    return err((e as NodeJS.ErrnoException).code ?? "error");
  }
}

/** A small private file's content; undefined when it is missing or unreadable. */
export const readSmallFile = readOr;

/** Writes a private (0600) file atomically, or removes it (undefined); a failure is ignored (readers then find it missing or old). */
export async function writeSmallFile(path: string, content: string | undefined): Promise<void> {
  try {
    if (content === undefined) rmSync(path, { force: true });
    else await ensureFile(path, content, 0o600);
  } catch {
    // best effort
  }
}

export async function removeDir(dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
}

/** A private (0700) temporary directory. */
export async function privateTempDir(prefix: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o700);
  return dir;
}
