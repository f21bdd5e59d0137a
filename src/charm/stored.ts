/**
 * The unit's stored state (Juju's state-get/state-set), read once per hook and written once at
 * its end, only when something changed. Values are strings; JSON where structured.
 */
export const KEYS = {
  /** JSON {relId, bag} of what this unit last wrote to its ceph-client unit bag. */
  clientBag: "ceph-client-bag",
  /** `${relId} ${requestId}` of the broker request that completed. */
  brokerDone: "broker-done",
  /** `${monitors} ${fsid}`: the fsid learnt from `ceph fsid` for these monitors. */
  fsid: "fsid",
  /** JSON list of filesystems whose subvolume group `csi` exists. */
  fsEnsured: "fs-ensured",
  /** Frozen at first deployment (also kept in leader settings for a new leader). */
  namespace: "namespace",
  drivername: "csidriver-name-formatter",
  /** Set while apt could not install ceph-common: shown, and retried, until it succeeds. */
  aptFailed: "apt-failed",
  /** Set when the unit last decided its status as the leader (its status may be about the apply). */
  asLeader: "status-as-leader",
  /** Set while something waits for a periodic retry (apt, a failed broker request). */
  retry: "retry-pending",
  /** Set once the leader has applied Ceph CSI (the first apply shows "Deploying CephCSI"). */
  applied: "applied",
  /** Last statuses and version this unit set, to skip redundant hook-tool calls. */
  unitStatus: "unit-status",
  appStatus: "app-status",
  version: "workload-version",
} as const;

export class StoredState {
  readonly #initial: Readonly<Record<string, string>>;
  readonly #current: Record<string, string>;

  constructor(initial: Record<string, string>) {
    this.#initial = { ...initial };
    this.#current = { ...initial };
  }

  get(key: string): string | undefined {
    return this.#current[key];
  }

  set(key: string, value: string | undefined): void {
    if (value === undefined) delete this.#current[key];
    else this.#current[key] = value;
  }

  /** Keys to set and keys to delete since the hook started. */
  changes(): { set: Record<string, string>; deleted: string[] } {
    const set: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.#current)) if (this.#initial[k] !== v) set[k] = v;
    const deleted = Object.keys(this.#initial).filter((k) => !(k in this.#current));
    return { set, deleted };
  }
}
