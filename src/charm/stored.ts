/**
 * The unit's stored state (Juju's state-get/state-set): read once per hook; the decision returns
 * the keys to change. Values are strings; JSON where structured.
 */
export type Stored = Readonly<Record<string, string>>;

export const KEYS = {
  /** JSON {relId, bag} of what this unit last wrote to its ceph-client unit bag. */
  clientBag: "ceph-client-bag",
  /** JSON {relId, workloads} of what this unit (as leader) wrote to its bag on the ceph relation. */
  cephCsiBag: "ceph-csi-bag",
  /** `${relId} ${requestId}` of the broker request that completed. */
  brokerDone: "broker-done",
  /** `${relId} ${requestId}` of the previous (Python) charm's completed request, used until ours completes. */
  previousBroker: "previous-broker",
  /** `${monitors} ${fsid}`: the fsid learnt from `ceph fsid` for these monitors. */
  fsid: "fsid",
  /** Frozen at first deployment (also kept in leader settings for a new leader). */
  namespace: "namespace",
  drivername: "csidriver-name-formatter",
  /** JSON {release, config}: the release kept from the previous charm after a switch (also in leader settings). */
  releasePin: "release-pin",
  /** Set while apt could not install ceph-common: shown, and retried, until it succeeds. */
  aptFailed: "apt-failed",
  /** Set when the unit last decided its status as the leader (its status may be about the apply). */
  asLeader: "status-as-leader",
  /** Set while something waits for a periodic retry (apt, a failed broker request, an unfinished removal). */
  retry: "retry-pending",
  /** Set once the leader has applied Ceph CSI (the first apply shows "Deploying CephCSI"). */
  applied: "applied",
  /** "absent" once the log said the cluster has no snapshot.storage.k8s.io/v1 API (said once). */
  snapshotApi: "snapshot-api",
  /**
   * JSON {keyOf: fingerprint}: per applied object, the server's answer to the charm's last request
   * (converge/answered.ts); an object standing as answered needs no write.
   */
  serverView: "server-view",
  /** Set while removing the application's objects from Kubernetes did not finish: retried on update-status. */
  purgePending: "purge-pending",
  /** Last statuses and version this unit set, to skip redundant hook-tool calls. */
  unitStatus: "unit-status",
  appStatus: "app-status",
  version: "workload-version",
} as const;

/**
 * Keys older versions of the charm kept, removed on the next hook. `observed-inputs`: the inputs
 * update-status reuses, now in a private file of the charm dir (src/charm/inputs-cache.ts).
 */
export const OBSOLETE_KEYS = ["fs-ensured", "observed-inputs"] as const;

/**
 * A non-leader's update-status can end right after reading leadership and stored state: every
 * input it uses comes with its own hook, so nothing changed since its last hook, unless a retry
 * is pending or its last status was decided as the leader.
 */
export function settledFollower(leader: boolean, stored: Stored): boolean {
  return !leader && stored[KEYS.unitStatus] !== undefined && stored[KEYS.retry] === undefined && stored[KEYS.asLeader] === undefined;
}
