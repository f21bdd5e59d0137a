/**
 * The charm's private Ceph client configuration, as files to write: `ceph-conf/` (0700) under
 * the charm dir with `ceph.conf` and `ceph.client.<user>.keyring` (0600), plus
 * `ceph.client.admin.keyring` (0600) only while an admin key is known. Nothing goes to /etc/ceph.
 * Writing them is the host seam's job (src/host/files.ts).
 */
import { err, ok, type Result } from "../result.ts";
import { problem } from "../status/problem.ts";

export const CONF_DIR_NAME = "ceph-conf";
export const CONF_FILE = "ceph.conf";

export interface ConfInput {
  monitors: readonly string[];
  auth: "cephx" | "none";
  /** cephx id without "client." */
  user: string;
  key: string;
  /** client.admin secret, when the ceph-admin relation gives one. */
  adminKey?: string | undefined;
}

export interface FileSpec {
  name: string;
  content: string;
  mode: number;
}

/** A directory's wanted content: these files, and none of `absent`. */
export interface DirSpec {
  /** Relative to the charm dir (or the temporary dir of a read-only action). */
  dir: string;
  mode: number;
  files: FileSpec[];
  absent: string[];
}

/** Where the files of a DirSpec are, once written under `base`. */
export interface ConfPaths {
  confPath: string;
  user: string;
  keyringPath: string;
  adminKeyringPath?: string;
}

export function keyringName(user: string): string {
  return `ceph.client.${user}.keyring`;
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
    `keyring = ${dir}/ceph.$name.keyring`,
    "",
  ].join("\n");
}

export function renderKeyring(user: string, key: string): string {
  return `[client.${user}]\n\tkey = ${key}\n`;
}

const USER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The charm's cephx id must be a plain Ceph name, and never admin. */
export function checkUser(user: string): Result<string> {
  return USER_PATTERN.test(user) && user !== "admin" ? ok(user) : err(problem("invalidUser", { user }));
}

/** The conf dir's files for `input` (user checked with checkUser), at the absolute path `absDir`. */
export function confDirSpec(input: ConfInput, absDir: string): DirSpec {
  const files: FileSpec[] = [
    { name: CONF_FILE, content: renderCephConf(input, absDir), mode: 0o644 },
    { name: keyringName(input.user), content: renderKeyring(input.user, input.key), mode: 0o600 },
  ];
  const absent: string[] = [];
  if (input.adminKey !== undefined) files.push({ name: keyringName("admin"), content: renderKeyring("admin", input.adminKey), mode: 0o600 });
  else absent.push(keyringName("admin"));
  return { dir: absDir, mode: 0o700, files, absent };
}

export function confPaths(spec: DirSpec, user: string): ConfPaths {
  const admin = spec.files.some((f) => f.name === keyringName("admin"));
  return {
    confPath: `${spec.dir}/${CONF_FILE}`,
    user,
    keyringPath: `${spec.dir}/${keyringName(user)}`,
    ...(admin ? { adminKeyringPath: `${spec.dir}/${keyringName("admin")}` } : {}),
  };
}
