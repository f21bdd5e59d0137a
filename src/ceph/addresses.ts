/** Monitor address tokens as ceph-mon and MicroCeph send them, normalised for Ceph clients. */
import { isIP } from "node:net";
import { redact } from "../redact.ts";

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function validPort(p: string): boolean {
  const n = Number(p);
  return /^[0-9]{1,5}$/.test(p) && n >= 1 && n <= 65535;
}

function isHost(h: string): boolean {
  if (isIP(h) === 4) return true;
  // all-numeric dotted labels are a broken IPv4 address, not a hostname
  return HOSTNAME.test(h) && !/^[0-9.]+$/.test(h);
}

/**
 * One monitor token → the form Ceph clients take (bare IPv4/hostname, bracketed IPv6,
 * optionally `:port`), or undefined when it is not an address.
 * Accepts: `10.0.0.1`, `10.0.0.1:6789`, `host`, `host:6789`, `2001:db8::1` (raw, gets brackets),
 * `[2001:db8::1]`, `[2001:db8::1]:6789`.
 */
export function normalizeMonitor(token: string): string | undefined {
  if (isIP(token) === 6) return `[${token}]`;
  if (isHost(token)) return token;
  const v6 = /^\[([^\]]+)\](?::([^:]+))?$/.exec(token);
  if (v6) {
    const [, ip, port] = v6;
    if (ip === undefined || isIP(ip) !== 6) return undefined;
    if (port !== undefined && !validPort(port)) return undefined;
    return port === undefined ? `[${ip}]` : `[${ip}]:${port}`;
  }
  const hp = /^([^:]+):([^:]+)$/.exec(token);
  if (hp?.[1] && hp[2] && isHost(hp[1]) && validPort(hp[2])) return token;
  return undefined;
}

/** Split a space-separated address list (ceph-proxy, ceph-admin `mon_hosts`). */
export function splitTokens(value: string): string[] {
  return value.split(/\s+/).filter((t) => t !== "");
}

/** Sorted (as Python sorts strings), de-duplicated. */
export function sortUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A value for a status message (the template quotes it): printable, redacted, then shortened.
 * Redacting first matters: a cut through a key leaves a piece no redaction rule recognises.
 */
export function shownValue(v: string, max = 60): string {
  const clean = redact(v.replace(/[^\x20-\x7e]/g, "?"));
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
