/**
 * Ceph that no Juju model manages: the content of the Juju user secret named by the
 * `ceph-external` option. Keys (Juju content keys are lower-case): `fsid`, `monitors` (space- or
 * comma-separated), `user` (with or without `client.`), `key`, optional `rbd-pool` (one pool for
 * both RBD classes; else `xfs-pool` and `ext4-pool`), optional `cephfs` (filesystem names to use;
 * else every filesystem). Pure.
 */
import { isCephxKey } from "../redact.ts";
import { err, ok, type Result } from "../result.ts";
import { normalizeMonitor, shownValue, sortUnique } from "./addresses.ts";
import { bareId } from "./csi-relation.ts";

export interface ExternalCeph {
  fsid: string;
  monitors: string[];
  user: string;
  /** A secret: never log it. */
  key: string;
  rbdPool?: string;
  /** Filesystems to use (all when absent). */
  cephfs?: string[];
}

const REQUIRED = ["fsid", "monitors", "user", "key"] as const;
const KNOWN = new Set<string>([...REQUIRED, "rbd-pool", "cephfs"]);
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const CEPH_NAME = /^[A-Za-z0-9_.-]{1,255}$/;
const CEPHX_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const list = (v: string): string[] => v.split(/[\s,]+/).filter((t) => t !== "");

/** The secret's content checked; the error says what is wrong (never a key). */
export function parseExternalSecret(content: Readonly<Record<string, string>>): Result<ExternalCeph, string> {
  const missing = REQUIRED.filter((k) => (content[k] ?? "").trim() === "");
  if (missing.length > 0) return err(`missing ${missing.join(", ")}`);
  const unknown = Object.keys(content).filter((k) => !KNOWN.has(k));
  if (unknown.length > 0) return err(`unknown key${unknown.length > 1 ? "s" : ""} ${unknown.sort().join(", ")} (known: fsid, monitors, user, key, rbd-pool, cephfs)`);
  const fsid = (content["fsid"] as string).trim();
  if (!UUID.test(fsid)) return err(`fsid '${shownValue(fsid)}' is not a UUID`);
  const tokens = list(content["monitors"] as string);
  const bad = tokens.find((t) => normalizeMonitor(t) === undefined);
  if (bad !== undefined) return err(`monitor '${shownValue(bad)}' is not an address`);
  const user = bareId((content["user"] as string).trim());
  if (!CEPHX_ID.test(user) || user === "admin") return err(`user '${shownValue(user)}' is not a usable cephx id (and never admin)`);
  if (!isCephxKey((content["key"] as string).trim())) return err("key is not a cephx key");
  const rbdPool = content["rbd-pool"]?.trim();
  if (rbdPool !== undefined && rbdPool !== "" && !CEPH_NAME.test(rbdPool)) return err(`rbd-pool '${shownValue(rbdPool)}' is not a pool name`);
  const cephfs = content["cephfs"] !== undefined ? list(content["cephfs"]) : undefined;
  const badFs = cephfs?.find((n) => !CEPH_NAME.test(n));
  if (badFs !== undefined) return err(`cephfs '${shownValue(badFs)}' is not a filesystem name`);
  return ok({
    fsid: fsid.toLowerCase(),
    monitors: sortUnique(tokens.map((t) => normalizeMonitor(t) as string)),
    user,
    key: (content["key"] as string).trim(),
    ...(rbdPool ? { rbdPool } : {}),
    ...(cephfs !== undefined && cephfs.length > 0 ? { cephfs } : {}),
  });
}
