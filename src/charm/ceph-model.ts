/**
 * From access to the cluster model: the private conf, then `ceph fsid` (unless known), `ceph fs
 * ls` (with CephFS enabled) and the `csi` subvolume group of every filesystem (created when
 * missing, checked on every hook). The one path that builds the model the renderer takes.
 */
import type { CephCluster } from "../ceph/cluster.ts";
import { sortFilesystems } from "../ceph/cluster.ts";
import {
  type CephCommand,
  type CephOutcome,
  FS_LS,
  FSID,
  LSPOOLS,
  parseDone,
  parsePools,
  parseFsid,
  parseFsLs,
  parseSubvolumeGroups,
  subvolumeGroupCreate,
  subvolumeGroupLs,
} from "../ceph/commands.ts";
import { type ConfInput, type ConfPaths, checkUser } from "../ceph/conf-files.ts";
import { CSI_SUBVOLUME_GROUP } from "../ceph/names.ts";
import type { Result } from "../result.ts";
import { problem } from "../status/problem.ts";
import type { Draft } from "./draft.ts";
import type { CephAccess } from "./sources/access.ts";
import { KEYS } from "./stored.ts";

export interface ModelOptions {
  /** List filesystems (CephFS enabled). */
  cephfs: boolean;
  /** Create missing `csi` subvolume groups and remember the fsid (false: read-only). */
  write: boolean;
  /** Where the conf goes: the charm dir, or a temporary dir (read-only actions). */
  scope: "charm" | "temporary";
}

export function confInput(access: CephAccess): ConfInput {
  return { monitors: access.monitors, auth: access.auth, user: access.user, key: access.key, adminKey: access.adminKey };
}

/** The conf written (its paths), "pending" once asked for, "failed" with a problem. */
export function privateConf(d: Draft, access: CephAccess, scope: ModelOptions["scope"]): ConfPaths | "pending" | "failed" {
  const user = checkUser(access.user);
  if (!user.ok) {
    d.problems.push(user.error);
    return "failed";
  }
  const answer = d.obs.answers.conf;
  if (answer === undefined) {
    d.need({ kind: "conf", input: confInput(access), scope });
    return "pending";
  }
  if (!answer.ok) {
    d.problems.push(problem("confWrite", { dir: answer.error.dir, code: answer.error.code }));
    return "failed";
  }
  return answer.value;
}

/**
 * The parsed answer to `cmd`: "pending" after asking for it when there is none yet, "failed"
 * with the parser's problem recorded.
 */
function ask<T>(d: Draft, cmd: CephCommand, asAdmin: boolean, parse: (o: CephOutcome) => Result<T>): { value: T } | "pending" | "failed" {
  const outcome = d.obs.answers.ceph[cmd.key];
  if (outcome === undefined) {
    d.need({ kind: "ceph", command: cmd, asAdmin });
    return "pending";
  }
  const r = parse(outcome);
  if (!r.ok) {
    d.problems.push(r.error);
    return "failed";
  }
  return { value: r.value };
}

export function cephModel(d: Draft, access: CephAccess, o: ModelOptions): CephCluster | undefined {
  const conf = privateConf(d, access, o.scope);
  if (conf === "failed") return undefined;
  // The commands go in the same round as the conf: they run once it is written.
  let pending = conf === "pending";
  const asAdmin = access.adminKey !== undefined;
  const monitorsKey = access.monitors.join(",");
  let fsid = access.fsid;
  if (fsid === undefined) {
    const [forMonitors, cached] = (d.stored(KEYS.fsid) ?? "").split(" ");
    if (forMonitors === monitorsKey && cached) fsid = cached;
  }
  if (fsid === undefined) {
    const r = ask(d, FSID, asAdmin, parseFsid);
    if (r === "failed") return undefined;
    if (r === "pending") pending = true;
    else fsid = r.value;
  }
  let filesystems: CephCluster["filesystems"] = [];
  if (o.cephfs) {
    const r = ask(d, FS_LS, asAdmin, parseFsLs);
    if (r === "failed") return undefined;
    if (r === "pending") pending = true;
    else {
      filesystems = r.value;
      if (access.filesystems !== undefined) {
        const named = access.filesystems;
        const missing = named.filter((n) => !filesystems.some((f) => f.name === n));
        if (missing.length > 0) {
          d.problems.push(problem("filesystemsMissing", { names: missing.join(", "), user: access.user }));
          return undefined;
        }
        filesystems = filesystems.filter((f) => named.includes(f.name));
      }
    }
  }
  if (access.requiredPools !== undefined && access.requiredPools.length > 0) {
    // Ceph no Juju manages: its pools are checked on every hook, with the user's own key.
    const r = ask(d, LSPOOLS, asAdmin, parsePools);
    if (r === "failed") return undefined;
    if (r === "pending") pending = true;
    else {
      const missing = access.requiredPools.filter((p) => !r.value.includes(p));
      if (missing.length > 0) {
        d.problems.push(problem("poolsMissing", { pools: missing.join(", "), user: access.user }));
        return undefined;
      }
    }
  }
  if (pending || fsid === undefined) return undefined;
  if (o.write) d.store(KEYS.fsid, `${monitorsKey} ${fsid}`);
  if (o.write && !csiGroups(d, filesystems.map((f) => f.name), asAdmin)) return undefined;
  return {
    fsid,
    monitors: [...access.monitors],
    auth: access.auth,
    user: access.user,
    key: access.key,
    rbdPools: access.rbdPools,
    filesystems: sortFilesystems(filesystems),
    ...(access.rbdFeatures !== undefined ? { rbdFeatures: access.rbdFeatures } : {}),
  };
}

/** Every filesystem has the `csi` group: true when known, false while asking or on a problem. */
function csiGroups(d: Draft, filesystems: readonly string[], asAdmin: boolean): boolean {
  let ready = true;
  for (const fs of filesystems) {
    const groups = ask(d, subvolumeGroupLs(fs), asAdmin, (o) => parseSubvolumeGroups(fs, o));
    if (groups === "failed") return false;
    if (groups === "pending") {
      ready = false;
      continue;
    }
    if (groups.value.includes(CSI_SUBVOLUME_GROUP)) continue;
    const create = subvolumeGroupCreate(fs);
    const created = ask(d, create, asAdmin, (o) => parseDone(create, o));
    if (created === "failed") return false;
    if (created === "pending") {
      ready = false;
      continue;
    }
    d.log(`Created CephFS subvolume group ${CSI_SUBVOLUME_GROUP} in ${fs}`);
  }
  return ready;
}
