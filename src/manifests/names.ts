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

const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const NAME_PART = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** A label value (also a toleration value): empty, or at most 63 alphanumerics with '-', '_', '.' inside. */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** A qualified name (label key, toleration key): `[prefix/]name`, prefix a DNS subdomain, name like a label value but not empty. */
export function isQualifiedName(key: string): boolean {
  const slash = key.indexOf("/");
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0 && !isDnsSubdomain(key.slice(0, slash))) return false;
  return name.length <= 63 && NAME_PART.test(name);
}

/** RBAC object names: anything but '/', '%', '.' and '..' (path segment names). */
export function isPathSegmentName(name: string): boolean {
  return name !== "" && name !== "." && name !== ".." && !/[/%]/.test(name);
}
