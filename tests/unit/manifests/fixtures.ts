/** Shared inputs for the manifests tests. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CephCluster, CephFilesystem } from "../../../src/ceph/cluster.ts";
import { RBD_POOLS } from "../../../src/ceph/names.ts";
import type { CharmConfig } from "../../../src/config/options.ts";
import { type ParsedConfig, parseConfig } from "../../../src/config/parse.ts";
import { type Rendered, render } from "../../../src/manifests/render.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";
import type { Result } from "../../../src/result.ts";

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
    rbdPools: { ...RBD_POOLS },
    filesystems: [fs("ceph-fs", ["ceph-fs_data"], [3])],
    ...over,
  };
}

/** A filesystem as `ceph fs ls` gives it; pool ids default to 10, 11, ... */
export function fs(name: string, dataPools: string[], dataPoolIds: number[] = dataPools.map((_, i) => 10 + i)): CephFilesystem {
  return { name, dataPools, dataPoolIds };
}

/** A config as the charm parses it (through parseConfig: the only way one is made). */
export function config(over: Partial<CharmConfig> = {}): ParsedConfig {
  const r = parseConfig(over);
  if (!r.ok) throw new Error(`config does not parse: ${r.error.text}`);
  return r.value;
}

export function renderWith(over: Partial<CharmConfig> = {}, c: CephCluster = cluster(), opts: { app?: string; kubeletDir?: string } = {}): Result<Rendered> {
  return render({ app: opts.app ?? "ceph-csi", config: config(over), cluster: c, kubeletDir: opts.kubeletDir ?? "/var/lib/kubelet" });
}

/** The problem text of a render that must fail. */
export function renderProblem(over: Partial<CharmConfig> = {}, c: CephCluster = cluster(), opts: { app?: string; kubeletDir?: string } = {}): string {
  const r = renderWith(over, c, opts);
  if (r.ok) throw new Error("render succeeded where it should not");
  return r.error.text;
}

export function renderOk(over: Partial<CharmConfig> = {}, c: CephCluster = cluster(), kubeletDir = "/var/lib/kubelet"): Rendered & { noteTexts: string[] } {
  const r = renderWith(over, c, { kubeletDir });
  if (!r.ok) throw new Error(`render failed: ${r.error.text}`);
  return { ...r.value, noteTexts: r.value.notes.map((n) => n.text) };
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
    cluster({ filesystems: [fs("fs1", ["fs1-data", "fs1-ec"]), fs("fs2", ["fs2-data"])] }),
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
  [
    "pool ids and custom RBD pools",
    { "cephfs-enable": true, "cephfs-storage-class-name-formatter": "{name}-{pool-id}", "default-storage": "{name}-{pool-id}" },
    cluster({ rbdPools: { xfs: "rbd-xfs", ext4: "rbd-ext4" }, filesystems: [fs("fs", ["fs-data"], [7])] }),
    "/var/lib/kubelet",
  ],
];
