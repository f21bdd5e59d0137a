/** The `--cluster` file of the render command: what the charm learns from Ceph, checked field by field. */
import type { CephCluster } from "../ceph/cluster.ts";

export type ClusterInput = { ok: true; cluster: CephCluster; kubeletDir?: string } | { ok: false; message: string };

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string" && x !== "");

export function parseClusterInput(raw: unknown): ClusterInput {
  const bad = (field: string, want: string): ClusterInput => ({ ok: false, message: `${field}: ${want}` });
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return bad("cluster", "must be a map");
  const r = raw as Record<string, unknown>;
  const known = ["fsid", "auth", "user", "key", "monitors", "filesystems", "rbdFeatures", "kubeletDir"];
  const unknown = Object.keys(r).find((k) => !known.includes(k));
  if (unknown !== undefined) return bad(unknown, `unknown field (expected ${known.join(", ")})`);
  if (typeof r["fsid"] !== "string" || r["fsid"] === "") return bad("fsid", "must be a non-empty string");
  if (r["auth"] !== "cephx" && r["auth"] !== "none") return bad("auth", "must be 'cephx' or 'none'");
  if (typeof r["user"] !== "string" || r["user"] === "") return bad("user", "must be a non-empty string");
  if (r["user"].startsWith("client.")) return bad("user", "must not carry the 'client.' prefix");
  if (typeof r["key"] !== "string" || r["key"] === "") return bad("key", "must be a non-empty string");
  if (!isStringList(r["monitors"]) || r["monitors"].length === 0) return bad("monitors", "must be a non-empty list of addresses");
  const filesystems = r["filesystems"] ?? [];
  if (!Array.isArray(filesystems)) return bad("filesystems", "must be a list of {name, dataPools}");
  for (const [i, fs] of filesystems.entries()) {
    if (fs === null || typeof fs !== "object") return bad(`filesystems[${i}]`, "must be a map {name, dataPools}");
    if (typeof fs.name !== "string" || fs.name === "") return bad(`filesystems[${i}].name`, "must be a non-empty string");
    if (!isStringList(fs.dataPools)) return bad(`filesystems[${i}].dataPools`, "must be a list of pool names");
  }
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
    filesystems: filesystems.map((fs: { name: string; dataPools: string[] }) => ({ name: fs.name, dataPools: [...fs.dataPools] })),
  };
  if (features !== undefined) cluster.rbdFeatures = features as number;
  return kubeletDir === undefined ? { ok: true, cluster } : { ok: true, cluster, kubeletDir: kubeletDir as string };
}
