/** The `--cluster` file of the render command: what the charm learns from Ceph, checked field by field. */
import type { CephCluster, CephFilesystem } from "../ceph/cluster.ts";
import { RBD_POOLS } from "../ceph/names.ts";
import { err, ok, type Result } from "../result.ts";

/** The cluster, and the kubelet dir when the file names one; the error names the field. */
export type ClusterInput = Result<{ cluster: CephCluster; kubeletDir?: string }, string>;

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string" && x !== "");
const isIdList = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= 0);

const KNOWN = ["fsid", "auth", "user", "key", "monitors", "filesystems", "rbdFeatures", "rbdPools", "kubeletDir"];

export function parseClusterInput(raw: unknown): ClusterInput {
  const bad = (field: string, want: string): ClusterInput => err(`${field}: ${want}`);
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return bad("cluster", "must be a map");
  const r = raw as Record<string, unknown>;
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
