/** One driver's CSIDriver, metrics Services, provisioner Deployment and node-plugin DaemonSet. */
import type { OptionName } from "../config/options.ts";
import type { ParsedConfig } from "../config/parse.ts";
import type { PodSpec } from "./k8s.ts";
import { driverNamePatch, kubeletDirPatch, metricsPatch, rewriteImage } from "./patches.ts";
import type { Driver, DriverRelease, Service, Workload, WorkloadRole } from "./releases/types.ts";
import type { KubeObject } from "./types.ts";

/** The metrics-port option of each workload, and the Service that scrapes it. */
export const METRICS = {
  rbd: {
    provisioner: { option: "metrics-port-rbdplugin-provisioner", service: "csi-rbdplugin-provisioner" },
    nodeplugin: { option: "metrics-port-rbdplugin", service: "csi-metrics-rbdplugin" },
  },
  cephfs: {
    provisioner: { option: "metrics-port-cephfsplugin-provisioner", service: "csi-cephfsplugin-provisioner" },
    nodeplugin: { option: "metrics-port-cephfsplugin", service: "csi-metrics-cephfsplugin" },
  },
} as const satisfies Record<Driver, Record<WorkloadRole, { option: OptionName; service: string }>>;

export interface DriverInputs {
  driver: Driver;
  release: DriverRelease;
  config: ParsedConfig;
  namespace: string;
  /** The formatted CSI driver name. */
  driverName: string;
  kubeletDir: string;
}

function podSpec(w: Workload, role: WorkloadRole, inp: DriverInputs): PodSpec {
  const config = inp.config.options;
  let containers = w.pod.containers.map((c) => ({ ...c, image: rewriteImage(c.image, config["image-registry"]) }));
  let volumes = w.pod.volumes;
  [containers, volumes] = driverNamePatch(containers, volumes, inp.release.driverName, inp.driverName);
  [containers, volumes] = kubeletDirPatch(containers, volumes, inp.kubeletDir);
  containers = metricsPatch(containers, config[METRICS[inp.driver][role].option]);

  const { containers: _c, volumes: _v, ...podFields } = w.pod;
  const pod: PodSpec = { ...podFields, containers, volumes };
  if (role === "provisioner") {
    if (config["enable-host-networking"]) pod.hostNetwork = true;
    if (config["provisioner-replicas"] === 1) delete pod.affinity;
  }
  const tolerations = inp.config.tolerations[inp.driver][role];
  if (tolerations.length > 0) pod.tolerations = tolerations.map((t) => ({ ...t }));
  else delete pod.tolerations;
  return pod;
}

function workloadObject(w: Workload, role: WorkloadRole, inp: DriverInputs): KubeObject {
  const spec: Record<string, unknown> = {};
  if (w.kind === "Deployment") spec["replicas"] = inp.config.options["provisioner-replicas"];
  spec["selector"] = w.selector;
  spec["template"] = { metadata: { labels: { ...w.podLabels } }, spec: podSpec(w, role, inp) };
  return { apiVersion: "apps/v1", kind: w.kind, metadata: { name: w.name, namespace: inp.namespace }, spec };
}

function serviceObject(s: Service, inp: DriverInputs): KubeObject | undefined {
  const role = (["provisioner", "nodeplugin"] as const).find((r) => METRICS[inp.driver][r].service === s.name);
  const port = role === undefined ? undefined : inp.config.options[METRICS[inp.driver][role].option];
  // Without its liveness sidecar a metrics Service would select nothing that listens.
  if (port === -1) return undefined;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: s.name, namespace: inp.namespace, labels: { ...s.labels } },
    spec: {
      selector: { ...s.selector },
      ports: s.ports.map((p) => ({ ...p, targetPort: port ?? p.targetPort })),
    },
  };
}

export function driverObjects(inp: DriverInputs): KubeObject[] {
  const r = inp.release;
  const out: KubeObject[] = [
    { apiVersion: "storage.k8s.io/v1", kind: "CSIDriver", metadata: { name: inp.driverName }, spec: { ...r.csiDriver } },
  ];
  for (const s of r.services) {
    const svc = serviceObject(s, inp);
    if (svc) out.push(svc);
  }
  out.push(workloadObject(r.provisioner, "provisioner", inp), workloadObject(r.nodeplugin, "nodeplugin", inp));
  return out;
}
