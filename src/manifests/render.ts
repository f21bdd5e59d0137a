/**
 * Rendering: (app, config, cluster, kubelet dir) → the ordered Kubernetes objects the charm
 * applies. Pure: no I/O. The release comes from `config.release`.
 */
import type { CephCluster } from "../ceph/cluster.ts";
import type { CharmConfig } from "../config/options.ts";
import { semanticProblem } from "../config/parse.ts";
import { parseTolerations } from "../config/tolerations.ts";
import { configMaps } from "./config-maps.ts";
import { driverName, isDnsSubdomain, isPathSegmentName, namespaceOf, rbacName } from "./names.ts";
import { CONFIG_MANIFEST_VERSION, labelled, sortForApply } from "./order.ts";
import { UPSTREAM_KUBELET_DIR } from "./patches.ts";
import { rbacObjects } from "./rbac.ts";
import { getRelease } from "./releases/index.ts";
import type { Driver } from "./releases/types.ts";
import { cephfsSecret, rbdSecret } from "./secrets.ts";
import { defaultClasses, planStorageClasses, storageClassObjects } from "./storage-classes.ts";
import type { KubeObject, Problem } from "./types.ts";
import { driverObjects } from "./workloads.ts";

export { KIND_ORDER } from "./order.ts";
export { storageClassNames } from "./storage-classes.ts";

export interface RenderInput {
  app: string;
  config: CharmConfig;
  cluster: CephCluster;
  /** kubelet root dir (kubernetes-info's kubelet-root-dir), normally /var/lib/kubelet. */
  kubeletDir: string;
}

export type RenderResult = { ok: true; objects: KubeObject[]; warnings: string[] } | { ok: false; problem: Problem };

const blocked = (message: string): { ok: false; problem: Problem } => ({ ok: false, problem: { status: "blocked", message } });

/** "/var/snap/x/common/var/lib/kubelet/" → without the trailing '/'; undefined when unusable. */
export function normalizeKubeletDir(dir: string): string | undefined {
  const d = dir.replace(/\/+$/, "");
  if (!d.startsWith("/") || /\s/.test(d) || d.split("/").some((s) => s === "." || s === "..")) return undefined;
  return d;
}

export function render(input: RenderInput): RenderResult {
  const { app, config, cluster } = input;
  const configProblem = semanticProblem(config);
  if (configProblem !== undefined) return blocked(configProblem);
  if (!config["ceph-rbd-enable"] && !config["cephfs-enable"]) return blocked("Neither ceph-rbd nor cephfs is enabled.");
  const kubeletDir = normalizeKubeletDir(input.kubeletDir === "" ? UPSTREAM_KUBELET_DIR : input.kubeletDir);
  if (kubeletDir === undefined) return blocked(`Invalid kubelet-root-dir '${input.kubeletDir}': must be an absolute path`);
  const release = getRelease(config.release);
  if (release === undefined) return blocked(`Invalid release '${config.release}'`);

  const namespace = namespaceOf(config);
  const drivers = { rbd: driverName(config, app, "rbd"), cephfs: driverName(config, app, "cephfs") };
  for (const d of ["rbd", "cephfs"] as const) {
    if (!isDnsSubdomain(drivers[d], 63)) {
      return blocked(`Invalid csidriver-name-formatter '${config["csidriver-name-formatter"]}': '${drivers[d]}' is not a valid CSIDriver name`);
    }
  }

  const plan = planStorageClasses(app, config, cluster);
  if (!plan.ok) return plan;
  const warnings = [...plan.warnings];
  const defaults = defaultClasses(config, plan.classes);
  if (defaults.length > 1) return blocked(`Multiple StorageClasses are marked as default: ${defaults.map((c) => c.name).join(", ")}`);
  if (config["default-storage"] !== "" && defaults.length === 0) {
    warnings.push(`'${config["default-storage"]}' doesn't match any charm managed StorageClasses`);
  }

  const objects: KubeObject[] = configMaps(cluster, namespace).map((o) => labelled(o, app, "config", CONFIG_MANIFEST_VERSION));
  const tolerations = {
    rbd: parseTolerations(config["ceph-rbd-tolerations"], false),
    cephfs: parseTolerations(config["cephfs-tolerations"], true),
  };
  const enabled: Driver[] = (["rbd", "cephfs"] as const).filter((d) => config[d === "rbd" ? "ceph-rbd-enable" : "cephfs-enable"]);
  for (const d of enabled) {
    const rel = release[d];
    const tol = tolerations[d];
    const rename = (name: string) => rbacName(config, app, name);
    for (const cr of rel.rbac.clusterRoles) {
      if (!isPathSegmentName(rename(cr.name))) {
        return blocked(`Invalid ceph-rbac-name-formatter '${config["ceph-rbac-name-formatter"]}': '${rename(cr.name)}' is not a valid name`);
      }
    }
    const own: KubeObject[] = [
      ...rbacObjects(rel.rbac, namespace, rename),
      d === "rbd" ? rbdSecret(cluster, namespace) : cephfsSecret(cluster, namespace),
      ...driverObjects({
        driver: d,
        release: rel,
        config,
        namespace,
        driverName: drivers[d],
        kubeletDir,
        tolerations: tol.ok ? tol.tolerations : { provisioner: [], nodeplugin: [] },
      }),
      ...storageClassObjects(
        plan.classes.filter((c) => c.manifest === d),
        new Set(defaults.map((c) => c.name)),
        { config, cluster, drivers },
      ),
    ];
    objects.push(...own.map((o) => labelled(o, app, d, release.version)));
  }
  warnings.push(...hostPortClashes(objects, config));
  return { ok: true, objects: sortForApply(objects), warnings };
}

/** With host networking, the two provisioners cannot share a node when they declare the same ports. */
function hostPortClashes(objects: readonly KubeObject[], config: CharmConfig): string[] {
  if (!config["enable-host-networking"]) return [];
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
  if (shared.length === 0) return [];
  return [
    `enable-host-networking: the RBD and CephFS provisioners both use host ports ${shared.join(", ")}, so no node runs both`,
  ];
}
