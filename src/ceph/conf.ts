/**
 * The charm's private Ceph client configuration: `<charmDir>/ceph-conf/` (0700) with
 * `ceph.conf` and `ceph.client.<user>.keyring` (0600), plus `ceph.client.admin.keyring`
 * (0600) only while ceph-admin provides a key. Nothing is read from or written to /etc/ceph.
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fail, ok, type Result } from "./result.ts";

export const CONF_DIR_NAME = "ceph-conf";

export interface ConfInput {
  monitors: readonly string[];
  auth: "cephx" | "none";
  /** cephx id without "client." */
  user: string;
  key: string;
  /** client.admin secret from ceph-admin, when related. */
  adminKey?: string | undefined;
}

export interface ConfFiles {
  dir: string;
  confPath: string;
  user: string;
  keyringPath: string;
  /** Present only when an admin key was given. */
  adminKeyringPath?: string;
}

export interface WriteConfResult extends ConfFiles {
  /** True when some file was created, rewritten or removed. */
  changed: boolean;
}

export function confDir(charmDir: string): string {
  return join(charmDir, CONF_DIR_NAME);
}

export function keyringFile(dir: string, user: string): string {
  return join(dir, `ceph.client.${user}.keyring`);
}

export function renderCephConf(input: Pick<ConfInput, "monitors" | "auth">, dir: string): string {
  return [
    "# Written by the ceph-csi charm. Do not edit.",
    "[global]",
    `mon host = ${input.monitors.join(" ")}`,
    `auth cluster required = ${input.auth}`,
    `auth service required = ${input.auth}`,
    `auth client required = ${input.auth}`,
    "",
    "[client]",
    `keyring = ${join(dir, "ceph.$name.keyring")}`,
    "",
  ].join("\n");
}

export function renderKeyring(user: string, key: string): string {
  return `[client.${user}]\n\tkey = ${key}\n`;
}

async function readOr(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Write `content` (mode) only when it differs; returns whether it wrote. */
async function ensureFile(path: string, content: string, mode: number): Promise<boolean> {
  const current = await readOr(path);
  if (current === content) {
    await chmod(path, mode);
    return false;
  }
  const tmp = `${path}.tmp`;
  await writeFile(tmp, content, { mode });
  await chmod(tmp, mode);
  await rename(tmp, path);
  return true;
}

const USER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Create or update the private conf dir. Failures become a problem, never a throw. */
export async function writeConf(charmDir: string, input: ConfInput): Promise<Result<WriteConfResult>> {
  if (!USER_PATTERN.test(input.user) || input.user === "admin") {
    return fail("blocked", `Invalid cephx user name: '${input.user}'`);
  }
  const dir = confDir(charmDir);
  const confPath = join(dir, "ceph.conf");
  const keyringPath = keyringFile(dir, input.user);
  const adminPath = keyringFile(dir, "admin");
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    let changed = await ensureFile(confPath, renderCephConf(input, dir), 0o644);
    changed = (await ensureFile(keyringPath, renderKeyring(input.user, input.key), 0o600)) || changed;
    if (input.adminKey !== undefined) {
      changed = (await ensureFile(adminPath, renderKeyring("admin", input.adminKey), 0o600)) || changed;
      return ok({ dir, confPath, user: input.user, keyringPath, adminKeyringPath: adminPath, changed });
    }
    if ((await readOr(adminPath)) !== undefined) {
      await rm(adminPath, { force: true });
      changed = true;
    }
    return ok({ dir, confPath, user: input.user, keyringPath, changed });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "error";
    return fail("blocked", `Failed to write the Ceph configuration in ${dir} (${code})`);
  }
}
