/**
 * The charm's StorageClasses: ceph-xfs and ceph-ext4 (RBD) and one CephFS class per
 * (filesystem, data pool), with the default-class annotation chosen by `default-storage`.
 */
import type { CephCluster } from "../ceph/cluster.ts";
import { format, type Placeholder } from "../config/formatter.ts";
import { OPTIONS, type OptionName } from "../config/options.ts";
import { applyParameterEdits, type ParameterEdit } from "../config/parameter-edits.ts";
import type { ParsedConfig } from "../config/parse.ts";
import { err, ok, type Result } from "../result.ts";
import { type Note, note, problem } from "../status/problem.ts";
import { imageFeaturesFromBits } from "./image-features.ts";
import { isDnsSubdomain, namespaceOf } from "./names.ts";
import { CEPHFS_SECRET, RBD_SECRET } from "./secrets.ts";
import type { KubeObject, ManifestName } from "./types.ts";

export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

/** A StorageClass the charm manages, before it becomes an object. */
export interface PlannedClass {
  name: string;
  manifest: Exclude<ManifestName, "config">;
  /** The formatter option the name comes from. */
  option: OptionName;
  /** Placeholder values for this class (also used to match default-storage). */
  context: Partial<Record<Placeholder, string>>;
  fstype?: "xfs" | "ext4";
  fsName?: string;
  pool: string;
}

export interface ClassPlan {
  classes: PlannedClass[];
  notes: Note[];
}

/** The StorageClasses (names and sources) this config manages on this cluster. */
export function planStorageClasses(app: string, config: ParsedConfig, cluster: Pick<CephCluster, "filesystems" | "rbdPools">): Result<ClassPlan> {
  const options = config.options;
  const namespace = namespaceOf(options);
  const classes: PlannedClass[] = [];
  const notes: Note[] = [];
  if (options["ceph-rbd-enable"]) {
    for (const fstype of ["xfs", "ext4"] as const) {
      const option = `ceph-${fstype}-storage-class-name-formatter` as const;
      const pool = cluster.rbdPools[fstype];
      const context = { app, namespace, pool };
      classes.push({ name: format(options[option], context), manifest: "rbd", option, context, fstype, pool });
    }
  }
  if (options["cephfs-enable"]) {
    const option = "cephfs-storage-class-name-formatter";
    if (cluster.filesystems.length === 0) notes.push(note("noteNoFilesystem"));
    for (const fs of cluster.filesystems) {
      for (const [i, pool] of fs.dataPools.entries()) {
        const context: PlannedClass["context"] = { app, namespace, name: fs.name, pool };
        const id = fs.dataPoolIds[i];
        if (id !== undefined) context["pool-id"] = String(id);
        const name = format(options[option], context);
        if (name.includes("{pool-id}")) {
          return err(problem("invalidOption", { option, value: options[option], why: `the data pool id of '${pool}' is not known` }));
        }
        classes.push({ name, manifest: "cephfs", option, context, fsName: fs.name, pool });
      }
    }
  }
  const byName = new Map<string, PlannedClass>();
  for (const c of classes) {
    if (!isDnsSubdomain(c.name)) {
      return err(problem("invalidOption", { option: c.option, value: options[c.option] as string, why: `'${c.name}' is not a valid StorageClass name` }));
    }
    const other = byName.get(c.name);
    if (other !== undefined) {
      if (other.option === c.option && c.option === "cephfs-storage-class-name-formatter") return err(problem("cephfsNames"));
      return err(problem("classNameClash", { name: c.name, option: other.option, other: c.option }));
    }
    byName.set(c.name, c);
  }
  return ok({ classes, notes });
}

/** Which planned classes `default-storage` selects. */
export function defaultClasses(config: ParsedConfig, classes: readonly PlannedClass[]): PlannedClass[] {
  const wanted = config.options["default-storage"];
  if (wanted === "") return [];
  return classes.filter((c) => format(wanted, c.context) === c.name);
}

function rbdEdits(config: ParsedConfig, cluster: CephCluster, fstype: "xfs" | "ext4"): ParameterEdit[] {
  const option = `ceph-${fstype}-storage-class-parameters` as const;
  const edits = config.parameterEdits[fstype];
  if (config.options[option] !== OPTIONS[option].default || cluster.rbdFeatures === undefined) return edits;
  // Left at its default: imageFeatures follows ceph-mon's rbd-features.
  const features = imageFeaturesFromBits(cluster.rbdFeatures);
  return edits.map((e): ParameterEdit => {
    if (e.key !== "imageFeatures" || e.op !== "set") return e;
    return features === "" ? { op: "remove", key: e.key } : { ...e, value: features };
  });
}

function secretParams(secret: string, namespace: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const use of ["provisioner", "controller-expand", "node-stage"]) {
    out[`csi.storage.k8s.io/${use}-secret-name`] = secret;
    out[`csi.storage.k8s.io/${use}-secret-namespace`] = namespace;
  }
  return out;
}

export interface StorageClassInputs {
  config: ParsedConfig;
  cluster: CephCluster;
  drivers: { rbd: string; cephfs: string };
}

/** The StorageClass objects for planned classes; `defaults` get the annotation. */
export function storageClassObjects(classes: readonly PlannedClass[], defaults: ReadonlySet<string>, inp: StorageClassInputs): KubeObject[] {
  const { config, cluster } = inp;
  const options = config.options;
  const namespace = namespaceOf(options);
  return classes.map((c) => {
    let parameters: Record<string, string>;
    let provisioner: string;
    const extra: Record<string, unknown> = {};
    if (c.manifest === "rbd") {
      const fstype = c.fstype ?? "ext4";
      provisioner = inp.drivers.rbd;
      const base = { clusterID: cluster.fsid, pool: c.pool, "csi.storage.k8s.io/fstype": fstype, ...secretParams(RBD_SECRET, namespace) };
      parameters = applyParameterEdits(base, rbdEdits(config, cluster, fstype));
      extra["mountOptions"] = ["discard"];
    } else {
      provisioner = inp.drivers.cephfs;
      const base: Record<string, string> = { clusterID: cluster.fsid, fsName: c.fsName ?? "", pool: c.pool, ...secretParams(CEPHFS_SECRET, namespace) };
      if (options["cephfs-mounter"] !== "") base["mounter"] = options["cephfs-mounter"];
      parameters = applyParameterEdits(base, config.parameterEdits.cephfs);
    }
    const metadata: KubeObject["metadata"] = { name: c.name };
    if (defaults.has(c.name)) metadata.annotations = { [DEFAULT_CLASS_ANNOTATION]: "true" };
    return {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata,
      provisioner,
      parameters,
      reclaimPolicy: options["default-reclaim-policy"],
      volumeBindingMode: "Immediate",
      allowVolumeExpansion: true,
      ...extra,
    };
  });
}
