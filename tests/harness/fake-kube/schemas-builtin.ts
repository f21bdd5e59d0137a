/**
 * OpenAPI schemas of the built-in kinds the fake serves. Objects are described field by field
 * where the fake models them (StorageClass, claims, RBAC, Events, ...); large structures it does
 * not model (pod templates, volume sources, node status) are open objects, so any content passes
 * client-side validation and the server's own checks decide.
 */
import type { KindInfo } from "./kinds.ts";
import { arr, bool, free, kindSchema, obj, ref, type Schema, str, strMap, time } from "./schema-dsl.ts";

const CORE = "io.k8s.api.core.v1";
const objectRef = ref(`${CORE}.ObjectReference`);

const claimSpec: Record<string, Schema> = {
  accessModes: arr({ type: "string" }, "ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod."),
  dataSource: free("An existing object to populate the volume from (VolumeSnapshot, PersistentVolumeClaim)."),
  dataSourceRef: free("Like dataSource, for any populator."),
  resources: obj("Minimum (requests.storage) and maximum resources.", { limits: strMap("Maximum amounts."), requests: strMap("Minimum amounts; storage is required.") }),
  selector: ref("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"),
  storageClassName: str("Name of the StorageClass; the default class when unset."),
  volumeAttributesClassName: str("Name of the VolumeAttributesClass."),
  volumeMode: str('"Filesystem" (default) or "Block".'),
  volumeName: str("The PersistentVolume bound to this claim."),
};

const claimStatus: Record<string, Schema> = {
  accessModes: arr({ type: "string" }, "Access modes of the bound volume."),
  allocatedResourceStatuses: strMap("Resize status per resource."),
  allocatedResources: strMap("Resources allocated to the claim."),
  capacity: strMap("Actual resources of the bound volume."),
  conditions: arr(free("type, status, reason, message, lastProbeTime, lastTransitionTime."), "Current conditions."),
  currentVolumeAttributesClassName: str("The VolumeAttributesClass in use."),
  modifyVolumeStatus: free("Status of a volume modification."),
  phase: str('"Pending", "Bound" or "Lost".'),
};

const policyRule = obj(
  "Actions allowed on resources.",
  {
    apiGroups: arr({ type: "string" }, "API groups of the resources."),
    nonResourceURLs: arr({ type: "string" }, "Non-resource URLs."),
    resourceNames: arr({ type: "string" }, "Names the rule is restricted to."),
    resources: arr({ type: "string" }, "Resources the rule applies to."),
    verbs: arr({ type: "string" }, "Verbs allowed."),
  },
  ["verbs"],
);

const roleRef = obj("The role bound.", { apiGroup: str("Group of the role."), kind: str('"Role" or "ClusterRole".'), name: str("Name of the role.") }, ["apiGroup", "kind", "name"]);
const subjects = arr(
  obj("A user, group or service account.", { apiGroup: str("Group of the subject."), kind: str('"User", "Group" or "ServiceAccount".'), name: str("Name."), namespace: str("Namespace of a service account.") }, [
    "kind",
    "name",
  ]),
  "Who the role is bound to.",
);

const coreEvent: Record<string, Schema> = {
  action: str("What was done, or failed."),
  count: { type: "integer", format: "int32", description: "How many times this event occurred." },
  eventTime: { type: "string", format: "date-time", description: "When the event was first observed (MicroTime).", nullable: true },
  firstTimestamp: time("When the event was first recorded."),
  involvedObject: objectRef,
  lastTimestamp: time("When the event was last recorded."),
  message: str("Human-readable description."),
  reason: str("Short machine-readable reason (UpperCamelCase)."),
  related: objectRef,
  reportingComponent: str("Controller that emitted the event."),
  reportingInstance: str("Instance of the controller."),
  series: free("count and lastObservedTime of an event series."),
  source: obj("Who reported the event.", { component: str("Component."), host: str("Node name.") }),
  type: str('"Normal" or "Warning".'),
};

const eventsV1: Record<string, Schema> = {
  action: str("What was done, or failed."),
  deprecatedCount: { type: "integer", format: "int32", description: "core/v1 count." },
  deprecatedFirstTimestamp: time("core/v1 firstTimestamp."),
  deprecatedLastTimestamp: time("core/v1 lastTimestamp."),
  deprecatedSource: obj("core/v1 source.", { component: str("Component."), host: str("Node name.") }),
  eventTime: { type: "string", format: "date-time", description: "When the event was first observed (MicroTime).", nullable: true },
  note: str("Human-readable description."),
  reason: str("Short machine-readable reason (UpperCamelCase)."),
  regarding: objectRef,
  related: objectRef,
  reportingController: str("Controller that emitted the event."),
  reportingInstance: str("Instance of the controller."),
  series: free("count and lastObservedTime of an event series."),
  type: str('"Normal" or "Warning".'),
};

/** Field schemas (besides apiVersion, kind, metadata) and descriptions, by "group/Kind". */
const KIND_FIELDS: Record<string, [string, Record<string, Schema>, string[]?]> = {
  "/Namespace": ["A scope for names.", { spec: obj("Finalizers.", { finalizers: arr({ type: "string" }, "Finalizers.") }), status: obj("Phase.", { conditions: arr(free("Condition."), "Conditions."), phase: str('"Active" or "Terminating".') }) }],
  "/Node": ["A worker node.", { spec: free("Node spec."), status: free("Node status (conditions, addresses, capacity).") }],
  "/ServiceAccount": [
    "An identity for processes in pods.",
    { automountServiceAccountToken: bool("Mount a token automatically."), imagePullSecrets: arr(free("name"), "Image pull secrets."), secrets: arr(objectRef, "Secrets (legacy).") },
  ],
  "/ConfigMap": ["Non-confidential key/value data.", { binaryData: strMap("Base64 binary values."), data: strMap("String values."), immutable: bool("Data cannot change.") }],
  "/Secret": [
    "Confidential key/value data.",
    { data: strMap("Base64 values."), immutable: bool("Data cannot change."), stringData: strMap("Write-only string values, merged into data."), type: str('Type, e.g. "Opaque".') },
  ],
  "/Service": ["A network service.", { spec: free("Service spec."), status: free("Service status.") }],
  "/PersistentVolume": [
    "A piece of storage in the cluster.",
    { spec: free("capacity, accessModes, claimRef, csi (driver, volumeHandle, ...), persistentVolumeReclaimPolicy, storageClassName, volumeMode, ..."), status: obj("Phase.", { lastPhaseTransitionTime: time("Last phase change."), message: str("Message."), phase: str('"Pending", "Available", "Bound", "Released" or "Failed".'), reason: str("Reason.") }) },
  ],
  "/PersistentVolumeClaim": ["A user's request for storage.", { spec: obj("What the claim asks for.", claimSpec), status: obj("What the claim got.", claimStatus) }],
  "/Event": ["A report of an event somewhere in the cluster.", coreEvent, ["metadata", "involvedObject"]],
  "apps/Deployment": ["Declarative updates for pods.", { spec: free("Deployment spec (replicas, selector, template, strategy)."), status: free("Deployment status.") }],
  "apps/DaemonSet": ["A pod on every node.", { spec: free("DaemonSet spec (selector, template, updateStrategy)."), status: free("DaemonSet status.") }],
  "events.k8s.io/Event": ["A report of an event somewhere in the cluster.", eventsV1, ["eventTime"]],
  "rbac.authorization.k8s.io/ClusterRole": ["Cluster-wide permissions.", { aggregationRule: free("Aggregation of other ClusterRoles."), rules: arr(policyRule, "Permissions.") }],
  "rbac.authorization.k8s.io/ClusterRoleBinding": ["Binds a ClusterRole cluster-wide.", { roleRef, subjects }, ["roleRef"]],
  "rbac.authorization.k8s.io/Role": ["Namespaced permissions.", { rules: arr(policyRule, "Permissions.") }],
  "rbac.authorization.k8s.io/RoleBinding": ["Binds a Role or ClusterRole in a namespace.", { roleRef, subjects }, ["roleRef"]],
  "storage.k8s.io/StorageClass": [
    "A class of dynamically provisioned storage. provisioner, parameters, reclaimPolicy and volumeBindingMode cannot change.",
    {
      allowVolumeExpansion: bool("Whether claims of this class can grow."),
      allowedTopologies: arr(free("matchLabelExpressions"), "Where volumes can be provisioned."),
      mountOptions: arr({ type: "string" }, "Mount options of provisioned volumes."),
      parameters: strMap("Provisioner parameters."),
      provisioner: str("Name of the provisioner (CSI driver)."),
      reclaimPolicy: str('"Delete" (default) or "Retain".'),
      volumeBindingMode: str('"Immediate" (default) or "WaitForFirstConsumer".'),
    },
    ["provisioner"],
  ],
  "storage.k8s.io/CSIDriver": ["A CSI driver's properties.", { spec: free("attachRequired, podInfoOnMount, fsGroupPolicy, volumeLifecycleModes, ...") }, ["spec"]],
  "apiextensions.k8s.io/CustomResourceDefinition": ["A custom resource type.", { spec: free("group, names, scope, versions."), status: free("Conditions, accepted names, stored versions.") }, ["spec"]],
};

export function builtinSchema(k: KindInfo): Schema | undefined {
  const entry = KIND_FIELDS[`${k.group}/${k.kind}`];
  return entry ? kindSchema(k, entry[0], entry[1], entry[2]) : undefined;
}
