/**
 * Every message the charm shows an operator, in one table: its status, its priority and its
 * template. `<name>` marks a variable part; code fills it only through `message()` in
 * problem.ts, so a text cannot drift from this table. The README lists every entry (a test
 * checks it), and a test produces each one through the charm's own decision.
 *
 * Priority: a blocked problem always wins over a waiting one; between two of the same status the
 * higher priority wins, then the one found first. `join`: several problems of that id show
 * together, comma-separated.
 */
export type StatusName = "active" | "blocked" | "waiting" | "maintenance";

export interface CatalogEntry {
  readonly status: StatusName;
  readonly priority: number;
  readonly template: string;
  readonly join?: boolean;
}

export const CATALOG = {
  // ---------------------------------------------------------------- active
  ready: { status: "active", priority: 0, template: "Ready" },
  noteNoDefaultMatch: { status: "active", priority: 0, template: "'<default-storage>' doesn't match any charm managed StorageClasses" },
  noteNoFilesystem: { status: "active", priority: 0, template: "CephFS is enabled but Ceph has no filesystem: no CephFS StorageClass" },
  noteHostPorts: {
    status: "active",
    priority: 0,
    template: "enable-host-networking: the RBD and CephFS provisioners both use host ports <ports>, so no node runs both",
  },
  notePreviousBroker: {
    status: "active",
    priority: 0,
    template: "using the pools and user of the previous charm's broker request; ceph-mon has not answered this charm's request yet",
  },
  noteReleaseKept: {
    status: "active",
    priority: 0,
    template: "Ceph CSI <running> kept from the previous charm; this charm would deploy <chosen>; next upgrade step: juju config <app> release=<next>",
  },
  appVersions: { status: "active", priority: 0, template: "Versions: <release>" },
  // ------------------------------------------------------------ maintenance
  installing: { status: "maintenance", priority: 0, template: "Ensuring ceph-common package" },
  deploying: { status: "maintenance", priority: 0, template: "Deploying CephCSI" },
  removing: { status: "maintenance", priority: 0, template: "Removing Kubernetes resources" },
  // --------------------------------------------------------- blocked: host
  aptFailed: { status: "blocked", priority: 100, template: "Failed to install ceph apt packages." },
  // ------------------------------------------------------- blocked: config
  unknownOption: { status: "blocked", priority: 90, template: "Unknown config option '<name>'" },
  invalidType: { status: "blocked", priority: 90, template: "Invalid <option>: <value> must be <type>" },
  invalidOption: { status: "blocked", priority: 90, template: "Invalid <option> '<value>': <why>" },
  invalidReclaim: { status: "blocked", priority: 90, template: "Invalid default-reclaim-policy '<value>', valid options are ['Delete', 'Retain']" },
  invalidMetricsPort: {
    status: "blocked",
    priority: 90,
    template: "Invalid metrics port: Invalid value for <option>: <value>. Must be between 1024 and 65535",
  },
  conflictingMetricsPort: { status: "blocked", priority: 90, template: "Invalid metrics port: Value for <option>: <value> conflicts with <other>" },
  invalidTolerations: { status: "blocked", priority: 90, template: "Cannot adjust <pods> Pods: Invalid tolerations: <reason>" },
  invalidParameter: {
    status: "blocked",
    priority: 90,
    template: "<driver> manifests failed to create storage classes: Invalid storage-class-parameter: <token> in <option>",
  },
  namespaceFrozen: { status: "blocked", priority: 85, template: "Namespace cannot be changed after deployment" },
  drivernameFrozen: { status: "blocked", priority: 85, template: "csidriver-name-formatter cannot be changed after deployment" },
  // ----------------------------------------------------- blocked: removal
  removalIncomplete: {
    status: "blocked",
    priority: 80,
    template: "Removal incomplete: <reason>; objects labelled juju.io/application=<app> stay (kubectl command in the log)",
  },
  // --------------------------------------------------- blocked: relations
  missingClient: { status: "blocked", priority: 70, template: "Missing relation: ceph-client (or ceph, or the ceph-external secret)" },
  multipleClients: { status: "blocked", priority: 70, template: "Multiple ceph-client relations" },
  multipleSources: { status: "blocked", priority: 72, template: "Ceph comes from <sources>: keep one of them" },
  secretUnreadable: { status: "blocked", priority: 70, template: "Cannot read the ceph-external secret: <reason>" },
  secretInvalid: { status: "blocked", priority: 70, template: "Invalid ceph-external secret: <why>" },
  relationInvalid: { status: "blocked", priority: 65, template: "Invalid <field> from <source>: '<value>'" },
  relationInvalidKey: { status: "blocked", priority: 65, template: "Invalid <field> from <source>" },
  brokerFailed: { status: "blocked", priority: 60, template: "Broker request failed: <reason>" },
  brokerInvalid: { status: "blocked", priority: 60, template: "Invalid <key> from <unit>: not a broker response" },
  // -------------------------------------------------------- blocked: Ceph
  invalidUser: { status: "blocked", priority: 55, template: "Invalid cephx user name '<user>'" },
  confWrite: { status: "blocked", priority: 55, template: "Failed to write the Ceph configuration in <dir> (<code>)" },
  cephCommand: { status: "blocked", priority: 50, template: "<command> failed: <reason>" },
  poolsMissing: { status: "blocked", priority: 48, template: "Missing Ceph pools: <pools> (as client.<user> sees them)" },
  filesystemsMissing: { status: "blocked", priority: 48, template: "Missing CephFS filesystems: <names> (as client.<user> sees them)" },
  // ----------------------------------------------------- blocked: rendering
  neitherEnabled: { status: "blocked", priority: 45, template: "Neither ceph-rbd nor cephfs is enabled." },
  cephfsNames: {
    status: "blocked",
    priority: 40,
    template: "CephFS manifests failed to create storage classes: cephfs-storage-class-name-formatter does not generate unique names",
  },
  classNameClash: { status: "blocked", priority: 40, template: "StorageClass name '<name>' is generated by both <option> and <other>" },
  snapshotNames: { status: "blocked", priority: 40, template: "<option> does not generate unique VolumeSnapshotClass names (add {name})" },
  snapshotNameClash: { status: "blocked", priority: 40, template: "VolumeSnapshotClass name '<name>' is generated by both <option> and <other>" },
  multipleDefaultSnapshots: {
    status: "blocked",
    priority: 40,
    template: "default-snapshot-class '<value>' marks several VolumeSnapshotClasses of <driver> as default: <names>",
  },
  multipleDefaults: { status: "blocked", priority: 40, template: "default-storage '<value>' marks several StorageClasses as default: <names>" },
  // ------------------------------------------------- blocked: Kubernetes
  missingNamespace: { status: "blocked", priority: 30, template: "Missing namespace '<namespace>'" },
  collisions: {
    status: "blocked",
    priority: 20,
    template: "<count> Kubernetes resource collisions with <holders>: nothing applied; set <options> (action: list-resources)",
  },
  // -------------------------------------------------------------- waiting
  missingData: { status: "waiting", priority: 60, template: "Ceph relation is missing data." },
  providerMissing: { status: "waiting", priority: 60, template: "Waiting for <keys> on the ceph relation" },
  brokerPending: { status: "waiting", priority: 55, template: "Waiting for ceph-mon to process the broker request" },
  cephTimeout: { status: "waiting", priority: 50, template: "<command> timed out after <duration>" },
  kubeconfig: { status: "waiting", priority: 40, template: "Waiting for kubeconfig" },
  kubeApi: { status: "waiting", priority: 35, template: "Waiting for Kubernetes API: <reason>" },
  notAvailable: { status: "waiting", priority: 10, template: "<workload> is not available: <detail>", join: true },
} as const satisfies Record<string, CatalogEntry>;

export type MessageId = keyof typeof CATALOG;
