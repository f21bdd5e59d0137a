/**
 * Rendering: (app, parsed config, cluster, kubelet dir) → the ordered Kubernetes objects the charm
 * applies. Pure: no I/O. The release comes from the config's `release`.
 */
import type { CephCluster } from "../ceph/cluster.ts";
import type { ParsedConfig } from "../config/parse.ts";
import { err, ok, type Result } from "../result.ts";
import { type Note, note, type Problem, problem } from "../status/problem.ts";
import { configMaps } from "./config-maps.ts";
import { driverName, isDnsSubdomain, isPathSegmentName, namespaceOf, rbacName } from "./names.ts";
import { CONFIG_MANIFEST_VERSION, labelled, sortForApply } from "./order.ts";
import { UPSTREAM_KUBELET_DIR } from "./patches.ts";
import { rbacObjects } from "./rbac.ts";
import { getRelease } from "./releases/index.ts";
import type { Driver } from "./releases/types.ts";
import { cephfsSecret, rbdSecret } from "./secrets.ts";
import { snapshotClassObjects } from "./snapshot-classes.ts";
import { defaultClasses, planStorageClasses, storageClassObjects } from "./storage-classes.ts";
import type { KubeObject } from "./types.ts";
import { driverObjects } from "./workloads.ts";

export interface RenderInput {
  app: string;
  config: ParsedConfig;
  cluster: CephCluster;
  /** kubelet root dir (kubernetes-info's kubelet-root-dir), normally /var/lib/kubelet. */
  kubeletDir: string;
}

export interface Rendered {
  objects: KubeObject[];
  notes: Note[];
}

/** "/var/snap/x/common/var/lib/kubelet/" → without the trailing '/'; undefined when unusable. */
export function normalizeKubeletDir(dir: string): string | undefined {
  const d = dir.replace(/\/+$/, "");
  if (!d.startsWith("/") || /\s/.test(d) || d.split("/").some((s) => s === "." || s === "..")) return undefined;
  return d;
}

const invalid = (option: string, value: string, why: string): Problem => problem("invalidOption", { option, value, why });

export function render(input: RenderInput): Result<Rendered> {
  const { app, config, cluster } = input;
  const options = config.options;
  if (!options["ceph-rbd-enable"] && !options["cephfs-enable"]) return err(problem("neitherEnabled"));
  const kubeletDir = normalizeKubeletDir(input.kubeletDir === "" ? UPSTREAM_KUBELET_DIR : input.kubeletDir);
  if (kubeletDir === undefined) return err(invalid("kubelet-root-dir", input.kubeletDir, "must be an absolute path"));
  const release = getRelease(options.release);
  if (release === undefined) return err(invalid("release", options.release, "unknown release"));

  const namespace = namespaceOf(options);
  const drivers = { rbd: driverName(options, app, "rbd"), cephfs: driverName(options, app, "cephfs") };
  for (const d of ["rbd", "cephfs"] as const) {
    if (!isDnsSubdomain(drivers[d], 63)) {
      return err(invalid("csidriver-name-formatter", options["csidriver-name-formatter"], `'${drivers[d]}' is not a valid CSIDriver name`));
    }
  }

  const plan = planStorageClasses(app, config, cluster);
  if (!plan.ok) return plan;
  const notes = [...plan.value.notes];
  const defaults = defaultClasses(config, plan.value.classes);
  if (defaults.length > 1) return err(problem("multipleDefaults", { value: options["default-storage"], names: defaults.map((c) => c.name).join(", ") }));
  if (options["default-storage"] !== "" && defaults.length === 0) {
    notes.push(note("noteNoDefaultMatch", { "default-storage": options["default-storage"] }));
  }

  const snapshots = snapshotClassObjects(app, config, cluster, drivers);
  if (!snapshots.ok) return snapshots;

  const objects: KubeObject[] = configMaps(cluster, namespace).map((o) => labelled(o, app, "config", CONFIG_MANIFEST_VERSION));
  const enabled: Driver[] = (["rbd", "cephfs"] as const).filter((d) => options[d === "rbd" ? "ceph-rbd-enable" : "cephfs-enable"]);
  for (const d of enabled) {
    const rel = release[d];
    const rename = (name: string) => rbacName(options, app, name);
    for (const cr of rel.rbac.clusterRoles) {
      if (!isPathSegmentName(rename(cr.name))) {
        return err(invalid("ceph-rbac-name-formatter", options["ceph-rbac-name-formatter"], `'${rename(cr.name)}' is not a valid name`));
      }
    }
    const own: KubeObject[] = [
      ...rbacObjects(rel.rbac, namespace, rename),
      d === "rbd" ? rbdSecret(cluster, namespace) : cephfsSecret(cluster, namespace),
      ...driverObjects({ driver: d, release: rel, config, namespace, driverName: drivers[d], kubeletDir }),
      ...storageClassObjects(
        plan.value.classes.filter((c) => c.manifest === d),
        new Set(defaults.map((c) => c.name)),
        { config, cluster, drivers },
      ),
      ...snapshots.value.filter((s) => s.manifest === d).map((s) => s.object),
    ];
    objects.push(...own.map((o) => labelled(o, app, d, release.version)));
  }
  notes.push(...hostPortClashes(objects, config));
  return ok({ objects: sortForApply(objects), notes });
}

/** With host networking, the two provisioners cannot share a node when they declare the same ports. */
function hostPortClashes(objects: readonly KubeObject[], config: ParsedConfig): Note[] {
  if (!config.options["enable-host-networking"]) return [];
  const ports = (name: string): number[] => {
    const d = objects.find((o) => o.kind === "Deployment" && o.metadata.name === name);
    // biome-ignore lint/suspicious/noExplicitAny: reading our own rendered shape
    const containers: any[] = (d?.["spec"] as any)?.template?.spec?.containers ?? [];
    return containers.flatMap((c) => (c.ports ?? []).map((p: { containerPort: number }) => p.containerPort));
  };
  const rbd = new Set(ports("csi-rbdplugin-provisioner"));
  const shared = ports("csi-cephfsplugin-provisioner")
    .filter((p) => rbd.has(p))
    .sort((a, b) => a - b);
  return shared.length === 0 ? [] : [note("noteHostPorts", { ports: shared.join(", ") })];
}

/** Names of the StorageClasses this config manages (for the delete-storage-class action). */
export function storageClassNames(objects: readonly KubeObject[]): string[] {
  return objects.filter((o) => o.kind === "StorageClass").map((o) => o.metadata.name);
}
