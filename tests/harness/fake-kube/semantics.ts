/**
 * What the real API server does to an object besides storing it: defaulting, Secret stringData,
 * schema validation (kubernetes-models), immutable fields, names, and workload status.
 */
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Node } from "kubernetes-models/v1/Node";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { PersistentVolume } from "kubernetes-models/v1/PersistentVolume";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { DaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import { ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1/StorageClass";
import { CSIDriver } from "kubernetes-models/storage.k8s.io/v1/CSIDriver";
import { Event } from "kubernetes-models/v1/Event";
import { Event as EventV1 } from "kubernetes-models/events.k8s.io/v1/Event";
import { CustomResourceDefinition } from "kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition";
import { clone, deepEqual, isObject, type JsonObject } from "./json.ts";
import type { KindInfo } from "./kinds.ts";
import { checkSnapshotUpdate, normalizeSnapshot, validateSnapshot } from "./snapshots.ts";
import { type Cause, invalid } from "./status.ts";
import { checkVolumeUpdate, normalizeVolume, validateVolume } from "./volumes.ts";
import { hasSeLinuxMount, type KubeVersion } from "./versions.ts";

type Validatable = { validate(): void };
/** kubernetes-models classes by "group/Kind" (snapshot kinds are checked in snapshots.ts). */
const MODELS: Record<string, new (data: never) => Validatable> = {
  "/Namespace": Namespace,
  "/Node": Node,
  "/ServiceAccount": ServiceAccount,
  "/ConfigMap": ConfigMap,
  "/Secret": Secret,
  "/Service": Service,
  "/PersistentVolume": PersistentVolume,
  "/PersistentVolumeClaim": PersistentVolumeClaim,
  "/Event": Event,
  "apps/Deployment": Deployment,
  "apps/DaemonSet": DaemonSet,
  "events.k8s.io/Event": EventV1,
  "rbac.authorization.k8s.io/ClusterRole": ClusterRole,
  "rbac.authorization.k8s.io/ClusterRoleBinding": ClusterRoleBinding,
  "rbac.authorization.k8s.io/Role": Role,
  "rbac.authorization.k8s.io/RoleBinding": RoleBinding,
  "storage.k8s.io/StorageClass": StorageClass,
  "storage.k8s.io/CSIDriver": CSIDriver,
  "apiextensions.k8s.io/CustomResourceDefinition": CustomResourceDefinition,
} as Record<string, new (data: never) => Validatable>;

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const RBAC_NAME = /^[^/%]+$/;

export const CSIDRIVER_DEFAULTS: JsonObject = {
  attachRequired: true,
  podInfoOnMount: false,
  requiresRepublish: false,
  storageCapacity: false,
  fsGroupPolicy: "ReadWriteOnceWithFSType",
  volumeLifecycleModes: ["Persistent"],
  seLinuxMount: false,
};

function obj(x: unknown): JsonObject {
  return isObject(x) ? x : {};
}

/** Secret `stringData` is write-only: it is merged into base64 `data`. */
function convertStringData(o: JsonObject): void {
  const sd = o["stringData"];
  if (!isObject(sd)) return;
  const data = obj(o["data"]);
  for (const [k, v] of Object.entries(sd)) data[k] = Buffer.from(String(v), "utf8").toString("base64");
  o["data"] = data;
  delete o["stringData"];
}

function setDefault(o: JsonObject, key: string, value: unknown): void {
  if (o[key] === undefined) o[key] = clone(value) as JsonObject[string];
}

function defaultEnvSources(c: JsonObject): void {
  const env = c["env"];
  if (!Array.isArray(env)) return;
  for (const e of env) {
    const fieldRef = isObject(e) ? obj(e["valueFrom"])["fieldRef"] : undefined;
    if (isObject(fieldRef)) setDefault(fieldRef, "apiVersion", "v1");
  }
}

function defaultVolumes(spec: JsonObject): void {
  const volumes = spec["volumes"];
  if (!Array.isArray(volumes)) return;
  for (const v of volumes) {
    if (!isObject(v)) continue;
    if (isObject(v["hostPath"])) setDefault(v["hostPath"], "type", "");
    for (const src of ["configMap", "secret", "projected", "downwardAPI"]) {
      if (isObject(v[src])) setDefault(v[src] as JsonObject, "defaultMode", 420);
    }
  }
}

function defaultPodSpec(spec: JsonObject): void {
  setDefault(spec, "restartPolicy", "Always");
  setDefault(spec, "dnsPolicy", "ClusterFirst");
  setDefault(spec, "schedulerName", "default-scheduler");
  setDefault(spec, "terminationGracePeriodSeconds", 30);
  setDefault(spec, "securityContext", {});
  // The deprecated serviceAccount mirrors serviceAccountName.
  if (typeof spec["serviceAccountName"] === "string") setDefault(spec, "serviceAccount", spec["serviceAccountName"]);
  defaultVolumes(spec);
  for (const list of ["containers", "initContainers"]) {
    const cs = spec[list];
    if (!Array.isArray(cs)) continue;
    for (const c of cs) {
      if (!isObject(c)) continue;
      setDefault(c, "terminationMessagePath", "/dev/termination-log");
      setDefault(c, "terminationMessagePolicy", "File");
      const image = typeof c["image"] === "string" ? c["image"] : "";
      setDefault(c, "imagePullPolicy", image.endsWith(":latest") || !image.includes(":") ? "Always" : "IfNotPresent");
      setDefault(c, "resources", {});
      defaultEnvSources(c);
      const ports = c["ports"];
      if (Array.isArray(ports)) for (const p of ports) if (isObject(p)) setDefault(p, "protocol", "TCP");
    }
  }
}

/** A pod template as stored: `metadata.creationTimestamp: null` and the pod spec defaults. */
function defaultTemplate(spec: JsonObject): void {
  const template = obj(spec["template"]);
  const tm = obj(template["metadata"]);
  if (tm["creationTimestamp"] === undefined) tm["creationTimestamp"] = null;
  template["metadata"] = tm;
  defaultPodSpec(obj(template["spec"]));
  spec["template"] = template;
}

/** Server defaults for the kinds the charm writes (a subset of the real ones). */
export function applyDefaults(kind: string, o: JsonObject, v?: KubeVersion): void {
  switch (kind) {
    case "StorageClass":
      setDefault(o, "reclaimPolicy", "Delete");
      setDefault(o, "volumeBindingMode", "Immediate");
      break;
    case "CSIDriver": {
      const spec = obj(o["spec"]);
      for (const [key, value] of Object.entries(CSIDRIVER_DEFAULTS)) {
        if (key === "seLinuxMount" && v !== undefined && !hasSeLinuxMount(v)) continue;
        setDefault(spec, key, value);
      }
      o["spec"] = spec;
      break;
    }
    case "Secret":
      setDefault(o, "type", "Opaque");
      break;
    case "Service": {
      const spec = obj(o["spec"]);
      setDefault(spec, "type", "ClusterIP");
      setDefault(spec, "sessionAffinity", "None");
      setDefault(spec, "clusterIP", `10.152.183.${(hash(String(obj(o["metadata"])["name"])) % 250) + 2}`);
      const ports = spec["ports"];
      if (Array.isArray(ports)) {
        for (const p of ports) {
          if (!isObject(p)) continue;
          setDefault(p, "protocol", "TCP");
          setDefault(p, "targetPort", p["port"]);
        }
      }
      o["spec"] = spec;
      break;
    }
    case "Deployment": {
      const spec = obj(o["spec"]);
      setDefault(spec, "replicas", 1);
      setDefault(spec, "revisionHistoryLimit", 10);
      setDefault(spec, "progressDeadlineSeconds", 600);
      setDefault(spec, "strategy", { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } });
      defaultTemplate(spec);
      break;
    }
    case "DaemonSet": {
      const spec = obj(o["spec"]);
      setDefault(spec, "revisionHistoryLimit", 10);
      setDefault(spec, "updateStrategy", { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
      defaultTemplate(spec);
      break;
    }
    case "Namespace": {
      // Every namespace is labelled with its name (the rest is the strategy's: see cluster.ts).
      const m = obj(o["metadata"]);
      const labels = obj(m["labels"]);
      if (typeof m["name"] === "string") setDefault(labels, "kubernetes.io/metadata.name", m["name"]);
      m["labels"] = labels;
      o["metadata"] = m;
      break;
    }
  }
}

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}

/** Everything a create or update must pass; throws 422 Invalid. */
export function validate(k: KindInfo, o: JsonObject): void {
  const meta = obj(o["metadata"]);
  const name = String(meta["name"] ?? "");
  const causes: Cause[] = [];
  // The API server's IsDNS1123Subdomain: a length error and a format error, each a cause.
  if (k.group === "rbac.authorization.k8s.io") {
    if (!RBAC_NAME.test(name)) causes.push({ field: "metadata.name", message: `Invalid value: ${JSON.stringify(name)}: may not contain '/' or '%'` });
  } else {
    if (name.length > 253) causes.push({ field: "metadata.name", message: `Invalid value: ${JSON.stringify(name)}: must be no more than 253 characters` });
    if (!DNS_SUBDOMAIN.test(name)) {
      causes.push({
        field: "metadata.name",
        message: `Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      });
    }
  }
  for (const [key, value] of Object.entries(obj(meta["labels"]))) {
    const nm = key.includes("/") ? key.slice(key.indexOf("/") + 1) : key;
    if (!LABEL_NAME.test(nm) || nm.length > 63) causes.push({ field: "metadata.labels", message: `Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.'` });
    if (typeof value !== "string" || !LABEL_VALUE.test(value) || value.length > 63) {
      causes.push({ field: "metadata.labels", message: `Invalid value: "${String(value)}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character` });
    }
  }
  if (causes.length === 0) causes.push(...validateVolume(k.kind, o), ...validateSnapshot(k, o));
  if (causes.length === 0) {
    const Model = MODELS[`${k.group}/${k.kind}`];
    if (Model) {
      const body = clone(o);
      delete obj(body["metadata"])["managedFields"];
      try {
        new Model(body as never).validate();
      } catch (e) {
        causes.push({ field: "<schema>", message: `Invalid value: ${(e as Error).message}` });
      }
    }
  }
  if (causes.length > 0) throw invalid(k.kind, k.group, name, causes);
}

/** StorageClass fields whose update the API server forbids (mountOptions and allowVolumeExpansion may change). */
const SC_FORBIDDEN = ["parameters", "provisioner", "reclaimPolicy"];

/**
 * Rejects updates of immutable fields like the real API server: StorageClass parameters,
 * provisioner, reclaimPolicy ("Forbidden: updates to parameters are forbidden.") and
 * volumeBindingMode ("field is immutable"); the CSIDriver spec; claim specs; snapshot sources.
 */
export function checkImmutable(k: KindInfo, before: JsonObject, after: JsonObject): void {
  const name = String(obj(after["metadata"])["name"] ?? "");
  const causes: Cause[] = [];
  if (k.kind === "StorageClass") {
    for (const f of SC_FORBIDDEN) {
      if (!deepEqual(before[f], after[f])) causes.push({ field: f, message: `Forbidden: updates to ${f} are forbidden.`, reason: "FieldValueForbidden" });
    }
    if (!deepEqual(before["volumeBindingMode"], after["volumeBindingMode"])) {
      causes.push({ field: "volumeBindingMode", message: `Invalid value: ${JSON.stringify(after["volumeBindingMode"] ?? null)}: field is immutable` });
    }
  }
  causes.push(...checkVolumeUpdate(k.kind, before, after), ...checkSnapshotUpdate(k, before, after));
  causes.push(...immutableFieldCauses(k, before, after));
  if (causes.length > 0) throw invalid(k.kind, k.group, name, causes);
}

/** Go's %v of a JSON value as validation messages print it (strings quoted). */
function goValue(v: unknown): string {
  return JSON.stringify(v ?? null);
}

/** `v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}` */
function goLabelSelector(sel: unknown): string {
  const s = obj(sel);
  const labels = Object.entries(obj(s["matchLabels"])).sort(([a], [b]) => a.localeCompare(b));
  const ml = labels.length === 0 ? "map[string]string(nil)" : `map[string]string{${labels.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(", ")}}`;
  const ex = s["matchExpressions"];
  const me = Array.isArray(ex) && ex.length > 0
    ? `[]v1.LabelSelectorRequirement{${ex.map((e) => `v1.LabelSelectorRequirement{Key:${JSON.stringify(obj(e)["key"])}, Operator:${JSON.stringify(obj(e)["operator"])}, Values:[]string{${(Array.isArray(obj(e)["values"]) ? (obj(e)["values"] as unknown[]) : []).map((x) => JSON.stringify(x)).join(", ")}}}`).join(", ")}}`
    : "[]v1.LabelSelectorRequirement(nil)";
  return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`;
}

/** CSIDriver fields that may not change, with the field names the API server's causes use (sic). */
const CSIDRIVER_IMMUTABLE: [string, string][] = [
  ["attachRequired", "spec.attachedRequired"],
  ["fsGroupPolicy", "spec.fsGroupPolicy"],
  ["podInfoOnMount", "spec.podInfoOnMount"],
  ["volumeLifecycleModes", "spec.volumeLifecycleModes"],
];

/**
 * Immutable fields besides StorageClass, claims and snapshots: the CSIDriver fields above
 * (storageCapacity, requiresRepublish, seLinuxMount may change), workload selectors, binding
 * roleRefs and Secret type, with the real messages.
 */
function immutableFieldCauses(k: KindInfo, before: JsonObject, after: JsonObject): Cause[] {
  const causes: Cause[] = [];
  const immutable = (field: string, shown: string, why = "field is immutable") => causes.push({ field, message: `Invalid value: ${shown}: ${why}` });
  if (k.kind === "CSIDriver") {
    const b = obj(before["spec"]);
    const a = obj(after["spec"]);
    for (const [f, field] of CSIDRIVER_IMMUTABLE) {
      if (deepEqual(b[f], a[f])) continue;
      const v = a[f];
      immutable(field, f === "volumeLifecycleModes" ? `[]storage.VolumeLifecycleMode{${(Array.isArray(v) ? v : []).map((x) => JSON.stringify(x)).join(", ")}}` : goValue(v));
    }
  }
  if (k.group === "apps" && (k.kind === "Deployment" || k.kind === "DaemonSet")) {
    const sb = obj(before["spec"])["selector"];
    const sa = obj(after["spec"])["selector"];
    if (!deepEqual(sb, sa)) immutable("spec.selector", goLabelSelector(sa));
  }
  if (k.group === "rbac.authorization.k8s.io" && (k.kind === "RoleBinding" || k.kind === "ClusterRoleBinding")) {
    if (!deepEqual(before["roleRef"], after["roleRef"])) {
      const r = obj(after["roleRef"]);
      immutable("roleRef", `rbac.RoleRef{APIGroup:${goValue(r["apiGroup"] ?? "")}, Kind:${goValue(r["kind"] ?? "")}, Name:${goValue(r["name"] ?? "")}}`, "cannot change roleRef");
    }
  }
  if (k.group === "" && k.kind === "Secret" && !deepEqual(before["type"], after["type"])) immutable("type", goValue(after["type"]));
  return causes;
}

/** Secret handling, defaults, status subresources, pruning: the object as the server would store it. */
export function normalize(k: KindInfo, o: JsonObject, before: JsonObject | undefined, v?: KubeVersion): void {
  if (k.kind === "Secret") convertStringData(o);
  if (k.group === "") normalizeVolume(k.kind, o, before);
  normalizeSnapshot(k, o, before);
  applyDefaults(k.kind, o, v);
}

export interface WorkloadConditions {
  nodes: number;
  notReady: boolean;
}

function antiAffinityRequired(podSpec: JsonObject): boolean {
  const req = obj(obj(podSpec["affinity"])["podAntiAffinity"])["requiredDuringSchedulingIgnoredDuringExecution"];
  return Array.isArray(req) && req.length > 0;
}

/** A plausible `status` for Deployments and DaemonSets. */
export function workloadStatus(kind: string, o: JsonObject, c: WorkloadConditions): JsonObject | undefined {
  const spec = obj(o["spec"]);
  const generation = obj(o["metadata"])["generation"] ?? 1;
  if (kind === "Deployment") {
    const replicas = typeof spec["replicas"] === "number" ? spec["replicas"] : 1;
    const podSpec = obj(obj(spec["template"])["spec"]);
    const schedulable = antiAffinityRequired(podSpec) ? Math.min(replicas, c.nodes) : replicas;
    const available = c.notReady ? 0 : schedulable;
    const ok = available >= replicas;
    return {
      observedGeneration: generation,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: available,
      availableReplicas: available,
      ...(replicas - available > 0 ? { unavailableReplicas: replicas - available } : {}),
      conditions: [
        {
          type: "Available",
          status: ok ? "True" : "False",
          reason: ok ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
          message: ok ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
        },
      ],
    };
  }
  if (kind === "DaemonSet") {
    const ready = c.notReady ? 0 : c.nodes;
    return {
      observedGeneration: generation,
      currentNumberScheduled: c.nodes,
      desiredNumberScheduled: c.nodes,
      numberMisscheduled: 0,
      numberReady: ready,
      numberAvailable: ready,
      updatedNumberScheduled: c.nodes,
      ...(c.nodes - ready > 0 ? { numberUnavailable: c.nodes - ready } : {}),
    };
  }
  return undefined;
}
