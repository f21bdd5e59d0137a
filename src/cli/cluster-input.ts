/** The `--cluster` file of the render command: what the charm learns from Ceph, checked field by field. */
import { parseClientRelation } from "../ceph/client-relation.ts";
import type { CephCluster, CephFilesystem } from "../ceph/cluster.ts";
import { parseCsiProvider } from "../ceph/csi-relation.ts";
import { parseExternalSecret } from "../ceph/external-secret.ts";
import { RBD_POOLS } from "../ceph/names.ts";
import type { CephAccess } from "../charm/sources/access.ts";
import { clientAccess } from "../charm/sources/ceph-client.ts";
import { providerAccess } from "../charm/sources/ceph-csi.ts";
import { secretAccess } from "../charm/sources/external.ts";
import { err, ok, type Result } from "../result.ts";

/** The cluster, and the kubelet dir when the file names one; the error names the field. */
export type ClusterInput = Result<{ cluster: CephCluster; kubeletDir?: string }, string>;

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string" && x !== "");
const isIdList = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= 0);

const KNOWN = ["fsid", "auth", "user", "key", "monitors", "filesystems", "rbdFeatures", "rbdPools", "kubeletDir"];

const isStringMap = (v: unknown): v is Record<string, string> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string");

/**
 * A cluster file that names its source, as the charm would receive it: `source: ceph-external`
 * with the secret's content under `secret`, `source: ceph` with MicroCeph's application bag under
 * `provider`, or `source: ceph-client` with ceph-mon's unit bags under `units` (and the `fsid`,
 * which ceph-mon does not send). `filesystems` is what `ceph fs ls` shows; `user` is needed for
 * ceph-client (the application name). Turned into the model form below.
 */
function fromSource(r: Record<string, unknown>): Result<Record<string, unknown>, string> {
  const access = sourceAccess(r);
  if (!access.ok) return access;
  const a = access.value;
  // As the charm does: a source that names its filesystems uses only those.
  const listed = r["filesystems"] ?? [];
  const named = a.filesystems;
  const filesystems = Array.isArray(listed) && named !== undefined ? listed.filter((f) => named.includes((f as { name?: string }).name ?? "")) : listed;
  return ok({
    filesystems,
    ...(r["kubeletDir"] !== undefined ? { kubeletDir: r["kubeletDir"] } : {}),
    fsid: a.fsid ?? r["fsid"],
    auth: a.auth,
    user: a.user,
    key: a.key,
    monitors: a.monitors,
    rbdPools: a.rbdPools,
    ...(a.rbdFeatures !== undefined ? { rbdFeatures: a.rbdFeatures } : {}),
  });
}

/** The source's data as the charm's source modules turn it into access. */
function sourceAccess(r: Record<string, unknown>): Result<CephAccess, string> {
  if (r["source"] === "ceph-external") {
    if (!isStringMap(r["secret"])) return err("secret: must be a map of the secret's keys (fsid, monitors, user, key, rbd-pool, cephfs)");
    const x = parseExternalSecret(r["secret"]);
    return x.ok ? ok(secretAccess(x.value, true)) : err(`secret: ${x.error}`);
  }
  if (r["source"] === "ceph") {
    if (!isStringMap(r["provider"])) return err("provider: must be MicroCeph's application bag (fsid, mon_hosts, user_id, user_key, rbd_pool, cephfs_fs_name)");
    const want = ["rbd", ...(r["provider"]["cephfs_fs_name"] !== undefined ? ["cephfs"] : [])] as ("rbd" | "cephfs")[];
    const p = parseCsiProvider(r["provider"], { source: "provider", want });
    if (!p.ok) return err(Array.isArray(p.error) ? `provider: missing ${p.error.join(", ")}` : `provider: ${p.error.text}`);
    return ok(providerAccess(p.value));
  }
  if (r["source"] === "ceph-client") {
    const units = r["units"];
    if (units === null || typeof units !== "object" || Array.isArray(units) || !Object.values(units).every(isStringMap)) {
      return err("units: must map each ceph-mon unit to its bag (ceph-public-address, key, auth, rbd-features)");
    }
    const c = parseClientRelation({ units: units as Record<string, Record<string, string>> });
    if (!c.ok) return err(`units: ${c.error.text}`);
    // The user is the application's name; ceph-mon does not send the fsid: both come from the file.
    return ok(clientAccess(c.value, typeof r["user"] === "string" ? r["user"] : ""));
  }
  return err("source: must be ceph-client, ceph or ceph-external (or leave it out and give the cluster model)");
}

export function parseClusterInput(input: unknown): ClusterInput {
  const bad = (field: string, want: string): ClusterInput => err(`${field}: ${want}`);
  if (input === null || typeof input !== "object" || Array.isArray(input)) return bad("cluster", "must be a map");
  let r = input as Record<string, unknown>;
  if (r["source"] !== undefined) {
    const model = fromSource(r);
    if (!model.ok) return err(model.error);
    r = model.value;
  }
  const unknown = Object.keys(r).find((k) => !KNOWN.includes(k));
  if (unknown !== undefined) return bad(unknown, `unknown field (expected ${KNOWN.join(", ")})`);
  if (typeof r["fsid"] !== "string" || r["fsid"] === "") return bad("fsid", "must be a non-empty string");
  if (r["auth"] !== "cephx" && r["auth"] !== "none") return bad("auth", "must be 'cephx' or 'none'");
  if (typeof r["user"] !== "string" || r["user"] === "") return bad("user", "must be a non-empty string");
  if (r["user"].startsWith("client.")) return bad("user", "must not carry the 'client.' prefix");
  if (typeof r["key"] !== "string" || r["key"] === "") return bad("key", "must be a non-empty string");
  if (!isStringList(r["monitors"]) || r["monitors"].length === 0) return bad("monitors", "must be a non-empty list of addresses");
  const list = r["filesystems"] ?? [];
  if (!Array.isArray(list)) return bad("filesystems", "must be a list of {name, dataPools, dataPoolIds}");
  const filesystems: CephFilesystem[] = [];
  for (const [i, fs] of list.entries()) {
    if (fs === null || typeof fs !== "object") return bad(`filesystems[${i}]`, "must be a map {name, dataPools, dataPoolIds}");
    if (typeof fs.name !== "string" || fs.name === "") return bad(`filesystems[${i}].name`, "must be a non-empty string");
    if (!isStringList(fs.dataPools)) return bad(`filesystems[${i}].dataPools`, "must be a list of pool names");
    const ids = fs.dataPoolIds ?? [];
    if (!isIdList(ids) || (ids.length > 0 && ids.length !== fs.dataPools.length)) {
      return bad(`filesystems[${i}].dataPoolIds`, "must list one pool id per data pool (optional; needed for {pool-id})");
    }
    filesystems.push({ name: fs.name, dataPools: [...fs.dataPools], dataPoolIds: [...ids] });
  }
  const pools = r["rbdPools"] ?? { ...RBD_POOLS };
  if (pools === null || typeof pools !== "object" || Array.isArray(pools)) return bad("rbdPools", "must be a map {xfs, ext4} of pool names");
  const { xfs, ext4 } = pools as Record<string, unknown>;
  if (typeof xfs !== "string" || xfs === "" || typeof ext4 !== "string" || ext4 === "") return bad("rbdPools", "must be a map {xfs, ext4} of pool names");
  const features = r["rbdFeatures"];
  if (features !== undefined && (!Number.isInteger(features) || (features as number) < 0)) {
    return bad("rbdFeatures", "must be a non-negative integer (bitmask)");
  }
  const kubeletDir = r["kubeletDir"];
  if (kubeletDir !== undefined && (typeof kubeletDir !== "string" || !kubeletDir.startsWith("/"))) {
    return bad("kubeletDir", "must be an absolute path");
  }
  const cluster: CephCluster = {
    fsid: r["fsid"],
    auth: r["auth"],
    user: r["user"],
    key: r["key"],
    monitors: r["monitors"],
    rbdPools: { xfs, ext4 },
    filesystems,
  };
  if (features !== undefined) cluster.rbdFeatures = features as number;
  return ok(kubeletDir === undefined ? { cluster } : { cluster, kubeletDir: kubeletDir as string });
}
