/**
 * The ceph-admin relation (optional): fsid, monitors and the client.admin key.
 * The admin key is used only on this machine (the private keyring under the charm dir).
 */
import { CEPHX_KEY_PATTERN } from "../redact.ts";
import { err, ok, type Result } from "../result.ts";
import type { Problem } from "../status/problem.ts";
import { defineValidator } from "../validation/validator.ts";
import { normalizeMonitor, sortUnique, splitTokens } from "./addresses.ts";
import { type Bag, majority, pick, type UnitBags } from "./bags.ts";
import { invalidField } from "./client-relation.ts";

export const UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

export interface AdminRelationData {
  fsid: string;
  /** Union of every unit's mon_hosts tokens, normalised, sorted, unique. */
  monHosts: string[];
  auth: "cephx" | "none";
  /** client.admin secret. Never log it, never send it anywhere. */
  key: string;
}

interface AdminUnitBag {
  fsid?: string;
  mon_hosts?: string;
  key?: string;
  auth?: string;
}

/** The unit-bag keys the charm reads. */
export const ADMIN_UNIT_FIELDS = ["fsid", "mon_hosts", "key", "auth"] as const;
const FIELDS = ADMIN_UNIT_FIELDS;

const validateAdminBag = defineValidator<AdminUnitBag>({
  name: "cephAdminUnitBag",
  options: { allErrors: true },
  schema: {
    type: "object",
    properties: {
      fsid: { type: "string", pattern: UUID_PATTERN },
      mon_hosts: { type: "string" },
      key: { type: "string", pattern: CEPHX_KEY_PATTERN },
      auth: { enum: ["cephx", "none"] },
    },
  },
});

/** Every space-separated token is a monitor address (checked in code: IPv6 forms need a parser). */
function badMonitorToken(v: string): string | undefined {
  return splitTokens(v).find((t) => normalizeMonitor(t) === undefined);
}

/** The non-empty fields of one unit (Juju's own address keys are ignored). */
function relevant(bag: Bag | undefined): AdminUnitBag {
  return pick(bag, FIELDS);
}

function checkUnit(unit: string, bag: AdminUnitBag): Problem | undefined {
  if (validateAdminBag(bag)) {
    const bad = bag.mon_hosts === undefined ? undefined : badMonitorToken(bag.mon_hosts);
    return bad === undefined ? undefined : invalidField("mon_hosts", unit, bad);
  }
  const field = (validateAdminBag.errors?.[0]?.instancePath ?? "").replace(/^\//, "") || "data";
  const value = (bag as Record<string, string>)[field];
  if (field === "mon_hosts" && value !== undefined) return invalidField(field, unit, badMonitorToken(value) ?? value);
  return invalidField(field, unit, value);
}

/**
 * Parse ceph-admin. Malformed data → blocked problem naming the field (never the key).
 * Ready (value defined) when some unit has all of fsid, mon_hosts, key and auth;
 * value undefined while no unit is complete (the charm then works without it).
 */
export function parseAdminRelation(units: UnitBags): Result<AdminRelationData | undefined> {
  const names = Object.keys(units).sort();
  const bags = names.map((u) => [u, relevant(units[u])] as const);
  for (const [unit, bag] of bags) {
    const found = checkUnit(unit, bag);
    if (found) return err(found);
  }
  const complete = bags
    .map(([, b]) => b)
    .filter((b) => b.fsid !== undefined && b.mon_hosts !== undefined && b.key !== undefined && b.auth !== undefined);
  if (complete.length === 0) return ok(undefined);
  const fsid = (majority(complete.map((b) => (b.fsid as string).toLowerCase())) as string);
  const key = majority(complete.map((b) => b.key as string)) as string;
  const auth = majority(complete.map((b) => b.auth as string)) as "cephx" | "none";
  const monHosts = sortUnique(
    bags.flatMap(([, b]) => splitTokens(b.mon_hosts ?? "").map((t) => normalizeMonitor(t) as string)),
  );
  return ok({ fsid, monHosts, auth, key });
}
