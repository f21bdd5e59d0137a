/**
 * The charm's VolumeSnapshotClasses: one for RBD, one per CephFS filesystem, with the parameters
 * upstream's examples give (clusterID and the snapshotter secret) and the configured deletion
 * policy; `default-snapshot-class` marks at most one per driver as the default.
 */
import type { CephCluster } from "../ceph/cluster.ts";
import { format, type Placeholder } from "../config/formatter.ts";
import type { OptionName } from "../config/options.ts";
import type { ParsedConfig } from "../config/parse.ts";
import { err, ok, type Result } from "../result.ts";
import { problem } from "../status/problem.ts";
import { isDnsSubdomain, namespaceOf } from "./names.ts";
import { CEPHFS_SECRET, RBD_SECRET } from "./secrets.ts";
import type { KubeObject, ManifestName } from "./types.ts";

export const DEFAULT_SNAPSHOT_CLASS_ANNOTATION = "snapshot.storage.kubernetes.io/is-default-class";

interface PlannedSnapshotClass {
  name: string;
  manifest: Exclude<ManifestName, "config">;
  option: OptionName;
  context: Partial<Record<Placeholder, string>>;
  driver: string;
  secret: string;
}

/** The VolumeSnapshotClass objects, each with its manifest (the caller labels them). */
export function snapshotClassObjects(
  app: string,
  config: ParsedConfig,
  cluster: CephCluster,
  drivers: { rbd: string; cephfs: string },
): Result<{ manifest: PlannedSnapshotClass["manifest"]; object: KubeObject }[]> {
  const o = config.options;
  const namespace = namespaceOf(o);
  const planned: PlannedSnapshotClass[] = [];
  if (o["ceph-rbd-enable"]) {
    const context = { app, namespace, name: drivers.rbd };
    planned.push({ name: format(o["rbd-snapshot-class-name-formatter"], context), manifest: "rbd", option: "rbd-snapshot-class-name-formatter", context, driver: drivers.rbd, secret: RBD_SECRET });
  }
  if (o["cephfs-enable"]) {
    for (const fs of cluster.filesystems) {
      const context = { app, namespace, name: fs.name };
      planned.push({ name: format(o["cephfs-snapshot-class-name-formatter"], context), manifest: "cephfs", option: "cephfs-snapshot-class-name-formatter", context, driver: drivers.cephfs, secret: CEPHFS_SECRET });
    }
  }
  const seen = new Map<string, PlannedSnapshotClass>();
  for (const c of planned) {
    if (!isDnsSubdomain(c.name)) {
      return err(problem("invalidOption", { option: c.option, value: o[c.option] as string, why: `'${c.name}' is not a valid VolumeSnapshotClass name` }));
    }
    const other = seen.get(c.name);
    if (other !== undefined) {
      if (other.option === c.option) return err(problem("snapshotNames", { option: c.option }));
      return err(problem("snapshotNameClash", { name: c.name, option: other.option, other: c.option }));
    }
    seen.set(c.name, c);
  }
  const wanted = o["default-snapshot-class"];
  const defaults = wanted === "" ? [] : planned.filter((c) => format(wanted, c.context) === c.name);
  for (const driver of new Set(defaults.map((c) => c.driver))) {
    const same = defaults.filter((c) => c.driver === driver);
    if (same.length > 1) return err(problem("multipleDefaultSnapshots", { value: wanted, driver, names: same.map((c) => c.name).join(", ") }));
  }
  return ok(
    planned.map((c) => ({
      manifest: c.manifest,
      object: {
      apiVersion: "snapshot.storage.k8s.io/v1",
      kind: "VolumeSnapshotClass",
      metadata: { name: c.name, ...(defaults.includes(c) ? { annotations: { [DEFAULT_SNAPSHOT_CLASS_ANNOTATION]: "true" } } : {}) },
      driver: c.driver,
      parameters: {
        clusterID: cluster.fsid,
        "csi.storage.k8s.io/snapshotter-secret-name": c.secret,
        "csi.storage.k8s.io/snapshotter-secret-namespace": namespace,
      },
      deletionPolicy: o["snapshot-deletion-policy"],
      },
    })),
  );
}
