/** Shared inputs for the manifests tests. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CephCluster } from "../../../src/ceph/cluster.ts";
import { type CharmConfig, defaultConfig } from "../../../src/config/options.ts";
import { type RenderResult, render } from "../../../src/manifests/render.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "../../..");

// biome-ignore lint/suspicious/noExplicitAny: the reference sheet is untyped JSON
export type Any = any;

/** The reference sheet (CI keeps shared/ beside the repository). */
export function referenceReleases(): Any {
  return JSON.parse(readFileSync(join(REPO, "../shared/reference/ceph-csi-releases.json"), "utf8"));
}

export const FAKE_KEY = "AQBexampleexampleexampleexampleexample==";

export function cluster(over: Partial<CephCluster> = {}): CephCluster {
  return {
    fsid: "2b4c8a1e-6f0d-4c3b-9a57-0e1f2d3c4b5a",
    monitors: ["10.0.0.11", "10.0.0.12", "10.0.0.13"],
    auth: "cephx",
    user: "ceph-csi",
    key: FAKE_KEY,
    filesystems: [{ name: "ceph-fs", dataPools: ["ceph-fs_data"] }],
    ...over,
  };
}

export function config(over: Partial<CharmConfig> = {}): CharmConfig {
  return { ...defaultConfig(), ...over };
}

export function renderOk(over: Partial<CharmConfig> = {}, c: CephCluster = cluster(), kubeletDir = "/var/lib/kubelet"): {
  objects: KubeObject[];
  warnings: string[];
} {
  const r: RenderResult = render({ app: "ceph-csi", config: config(over), cluster: c, kubeletDir });
  if (!r.ok) throw new Error(`render failed: ${r.problem.message}`);
  return r;
}

export function find(objects: readonly KubeObject[], kind: string, name: string): Any {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (o === undefined) throw new Error(`no ${kind}/${name}`);
  return o;
}

export function podSpec(objects: readonly KubeObject[], kind: string, name: string): Any {
  return find(objects, kind, name).spec.template.spec;
}

/** Representative configs for the schema checks (name → config overrides, cluster, kubelet dir). */
export const REPRESENTATIVE: [string, Partial<CharmConfig>, CephCluster, string][] = [
  ["defaults", {}, cluster(), "/var/lib/kubelet"],
  [
    "cephfs with 2 filesystems and 3 data pools",
    { "cephfs-enable": true, "cephfs-storage-class-name-formatter": "cephfs-{name}-{pool}", "cephfs-mounter": "fuse" },
    cluster({ filesystems: [{ name: "fs1", dataPools: ["fs1-data", "fs1-ec"] }, { name: "fs2", dataPools: ["fs2-data"] }] }),
    "/var/lib/kubelet",
  ],
  [
    "metrics ports set",
    {
      "cephfs-enable": true,
      "metrics-port-rbdplugin": 9080,
      "metrics-port-rbdplugin-provisioner": 9081,
      "metrics-port-cephfsplugin": 9082,
      "metrics-port-cephfsplugin-provisioner": 9083,
    },
    cluster(),
    "/var/lib/kubelet",
  ],
  [
    "tolerations",
    {
      "cephfs-enable": true,
      "ceph-rbd-tolerations": "node-role.kubernetes.io/control-plane=,Exists,NoSchedule dedicated=storage,Equal",
      "cephfs-tolerations": "=,Exists",
    },
    cluster(),
    "/var/lib/kubelet",
  ],
  ["registry and replicas 1", { "cephfs-enable": true, "image-registry": "registry.example.com:5000/mirror", "provisioner-replicas": 1 }, cluster(), "/var/lib/kubelet"],
  [
    "formatters and namespace",
    {
      "cephfs-enable": true,
      namespace: "ceph-csi",
      "csidriver-name-formatter": "{app}.{name}",
      "ceph-rbac-name-formatter": "{app}-{name}",
      "ceph-xfs-storage-class-name-formatter": "{app}-xfs",
      "ceph-ext4-storage-class-name-formatter": "{app}-ext4",
      "cephfs-storage-class-name-formatter": "{app}-{name}",
      "default-storage": "{app}-{name}",
      "default-reclaim-policy": "Retain",
    },
    cluster({ rbdFeatures: 61 }),
    "/var/lib/kubelet",
  ],
  ["kubelet dir and host networking", { "cephfs-enable": true, "enable-host-networking": true }, cluster(), "/var/snap/k8s/common/var/lib/kubelet"],
  ["cephfs only", { "cephfs-enable": true, "ceph-rbd-enable": false, "default-storage": "cephfs" }, cluster(), "/var/lib/kubelet"],
];
