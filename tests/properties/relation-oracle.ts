/**
 * What ceph-mon (and MicroCeph, ceph-admin) may send, stated from the relation protocol in
 * ../shared/reference/ceph-mon-protocol.md and Ceph's own formats, independently of the charm's
 * parsers: address tokens, cephx keys, auth modes, feature masks, fsids.
 */
import { isIP } from "node:net";

const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

function isPort(p: string): boolean {
  return /^[0-9]+$/.test(p) && Number(p) >= 1 && Number(p) <= 65535;
}

function isHostname(h: string): boolean {
  if (h.length > 253 || /^[0-9.]+$/.test(h)) return false;
  return h.split(".").every((l) => LABEL.test(l));
}

/** One monitor address as Ceph clients take it in `mon host`. */
export function isAddress(token: string): boolean {
  if (isIP(token) === 6) return true;
  const bracket = /^\[([^\]]*)\](?::(.*))?$/.exec(token);
  if (bracket) return isIP(bracket[1] as string) === 6 && (bracket[2] === undefined || isPort(bracket[2]));
  const colon = token.lastIndexOf(":");
  const host = colon < 0 ? token : token.slice(0, colon);
  if (colon >= 0 && !isPort(token.slice(colon + 1))) return false;
  return isIP(host) === 4 || isHostname(host);
}

/** A space-separated list of addresses (ceph-public-address, mon_hosts). */
export function isAddressList(value: string): boolean {
  const tokens = value.split(/\s+/).filter((t) => t !== "");
  return tokens.every(isAddress);
}

/** A cephx secret: 28 bytes, base64, as Ceph prints it (40 characters, two '=' of padding). */
export function isCephxKey(value: string): boolean {
  return value.length === 40 && /^[A-Za-z0-9+/]+==$/.test(value) && Buffer.from(value, "base64").length === 28;
}

export const isAuth = (v: string): boolean => v === "cephx" || v === "none";
export const isFeatures = (v: string): boolean => /^[0-9]{1,10}$/.test(v);
export const isFsid = (v: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

/** The ceph-client unit-bag fields the charm reads, and whether a value is acceptable. */
export const CLIENT_FIELDS: Record<string, (v: string) => boolean> = {
  "ceph-public-address": isAddressList,
  key: isCephxKey,
  auth: isAuth,
  "rbd-features": isFeatures,
};

export const ADMIN_FIELDS: Record<string, (v: string) => boolean> = {
  fsid: isFsid,
  mon_hosts: isAddressList,
  key: isCephxKey,
  auth: isAuth,
};

/** Fields of `bags` (unit → bag) that hold an unacceptable value ("" means absent in Juju). */
export function invalidFields(bags: Record<string, Record<string, string>>, fields: Record<string, (v: string) => boolean>): { unit: string; field: string }[] {
  const out: { unit: string; field: string }[] = [];
  for (const [unit, bag] of Object.entries(bags)) {
    for (const [field, ok] of Object.entries(fields)) {
      const v = bag[field];
      if (v !== undefined && v !== "" && !ok(v)) out.push({ unit, field });
    }
  }
  return out;
}

/** MicroCeph's `ceph-mon-public-addresses`: a JSON list of address-list strings. */
export function isAddressJson(value: string): boolean {
  try {
    const v: unknown = JSON.parse(value);
    return Array.isArray(v) && v.every((x) => typeof x === "string" && isAddressList(x));
  } catch {
    return false;
  }
}
