/** What every Ceph source yields: what it takes to talk to Ceph and render CSI, before asking Ceph anything. */
import type { RbdPools } from "../../ceph/names.ts";

export type SourceName = "ceph-client" | "ceph" | "ceph-external";

export interface CephAccess {
  monitors: string[];
  auth: "cephx" | "none";
  /** cephx id without `client.`. */
  user: string;
  /** A secret: never log it. */
  key: string;
  rbdPools: RbdPools;
  rbdFeatures?: number;
  /** The fsid when a source tells it (else `ceph fsid`). */
  fsid?: string;
  /** client.admin's key (ceph-admin), for management commands on this machine only. */
  adminKey?: string;
  /** The filesystems to use (every one `ceph fs ls` shows when absent). */
  filesystems?: string[];
  /** Pools that must exist, checked with the user's own key on every hook. */
  requiredPools?: string[];
}

export interface SourceOutcome {
  access?: CephAccess;
  /** ceph-mon refused the broker request: it is sent again on a periodic hook. */
  brokerFailed: boolean;
}
