/** Names the charm derives from its formatter options. */

import { format } from "../config/formatter.ts";
import type { CharmConfig } from "../config/options.ts";

export const UPSTREAM_DRIVER_NAMES = { rbd: "rbd.csi.ceph.com", cephfs: "cephfs.csi.ceph.com" } as const;

/** The namespace of every namespaced object ("" means default). */
export function namespaceOf(config: CharmConfig): string {
  return config.namespace === "" ? "default" : config.namespace;
}

export function driverName(config: CharmConfig, app: string, driver: keyof typeof UPSTREAM_DRIVER_NAMES): string {
  return format(config["csidriver-name-formatter"], { name: UPSTREAM_DRIVER_NAMES[driver], app, namespace: namespaceOf(config) });
}

export function rbacName(config: CharmConfig, app: string, upstream: string): string {
  return format(config["ceph-rbac-name-formatter"], { name: upstream, app, namespace: namespaceOf(config) });
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True for a DNS-1123 subdomain of at most `max` characters (StorageClass, CSIDriver names). */
export function isDnsSubdomain(name: string, max = 253): boolean {
  return name.length <= max && DNS1123_SUBDOMAIN.test(name);
}

/** RBAC object names: anything but '/', '%', '.' and '..' (path segment names). */
export function isPathSegmentName(name: string): boolean {
  return name !== "" && name !== "." && name !== ".." && !/[/%]/.test(name);
}
