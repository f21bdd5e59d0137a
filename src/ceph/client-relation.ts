/**
 * The ceph-client relation (requirer side): what ceph-mon (or MicroCeph) gives us,
 * validated, and what we write to our own unit bag. Pure functions.
 */
import { CEPHX_KEY_PATTERN } from "../redact.ts";
import { err, ok, type Result } from "../result.ts";
import { type Problem, problem } from "../status/problem.ts";
import { defineValidator } from "../validation/validator.ts";
import { normalizeMonitor, shownValue, sortUnique, splitTokens } from "./addresses.ts";
import { type Bag, majority, pick, present, type UnitBags } from "./bags.ts";
import type { BrokerRequest } from "./broker.ts";

export interface ClientRelationData {
  /** Sorted, unique; IPv6 bracketed. */
  monitors: string[];
  auth: "cephx" | "none";
  /** cephx secret of client.<app>. Never log it. */
  key: string;
  rbdFeatures?: number;
}

export interface ClientRelationInput {
  /** ceph-mon unit name → its unit bag. */
  units: UnitBags;
  /** The remote application bag (MicroCeph puts `ceph-mon-public-addresses` there). */
  app?: Bag | undefined;
  /** Remote application name, for messages about the app bag. */
  appName?: string | undefined;
}

/** Every space-separated token is a monitor address (checked in code: IPv6 forms need a parser). */
function isMonitorList(v: string): boolean {
  return splitTokens(v).every((t) => normalizeMonitor(t) !== undefined);
}

interface ClientUnitBag {
  "ceph-public-address"?: string;
  key?: string;
  auth?: string;
  "rbd-features"?: string;
}

/** The unit-bag keys the charm reads (besides its broker response). */
export const CLIENT_UNIT_FIELDS = ["ceph-public-address", "key", "auth", "rbd-features"] as const;
const FIELDS = CLIENT_UNIT_FIELDS;
/** The app-bag key the charm reads (MicroCeph and newer ceph-mon publish the monitors there). */
export const CLIENT_APP_FIELDS = ["ceph-mon-public-addresses"] as const;

const validateUnitBag = defineValidator<ClientUnitBag>({
  name: "cephClientUnitBag",
  options: { allErrors: true },
  schema: {
  type: "object",
  properties: {
    "ceph-public-address": { type: "string" },
    key: { type: "string", pattern: CEPHX_KEY_PATTERN },
    auth: { enum: ["cephx", "none"] },
    "rbd-features": { type: "string", pattern: "^[0-9]{1,10}$" },
  },
  },
});

const validateAddressList = defineValidator<string[]>({
  name: "microcephAddressList",
  options: { allErrors: true },
  schema: { type: "array", items: { type: "string" } },
});

/** Blocked problem naming the bad field; the value is shown unless it is a key. */
export function invalidField(field: string, source: string, value: string | undefined): Problem {
  if (field === "key" || value === undefined) return problem("relationInvalidKey", { field, source });
  return problem("relationInvalid", { field, source, value: shownValue(value) });
}

function firstBadToken(value: string): string {
  return splitTokens(value).find((t) => normalizeMonitor(t) === undefined) ?? value;
}

/** The non-empty fields of one unit (Juju's own address keys are ignored). */
function relevant(bag: Bag | undefined): ClientUnitBag {
  return pick(bag, FIELDS);
}

function checkUnit(unit: string, bag: ClientUnitBag): Problem | undefined {
  if (validateUnitBag(bag)) {
    const addr = bag["ceph-public-address"];
    return addr === undefined || isMonitorList(addr) ? undefined : invalidField("ceph-public-address", unit, firstBadToken(addr));
  }
  const err = validateUnitBag.errors?.[0];
  const field = (err?.instancePath ?? "").replace(/^\//, "").replaceAll("~1", "/") || "data";
  const value = (bag as Record<string, string>)[field];
  if (field === "ceph-public-address" && value !== undefined) {
    return invalidField(field, unit, firstBadToken(value));
  }
  return invalidField(field, unit, value);
}

function appAddresses(input: ClientRelationInput): Result<string[]> {
  const raw = present(input.app, CLIENT_APP_FIELDS[0]);
  if (raw === undefined) return ok([]);
  const source = input.appName ?? "the remote application";
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return err(invalidField("ceph-mon-public-addresses", source, "not JSON"));
  }
  if (!validateAddressList(parsed) || !parsed.every(isMonitorList)) {
    const items: unknown[] = Array.isArray(parsed) ? parsed : [];
    const bad = items.map((x) => (typeof x === "string" ? firstBadToken(x) : JSON.stringify(x)));
    const shown = bad.find((x) => normalizeMonitor(x) === undefined) ?? "not a list of addresses";
    return err(invalidField("ceph-mon-public-addresses", source, shown));
  }
  return ok(parsed.flatMap(splitTokens));
}

/**
 * Everything the charm needs from ceph-client, or a problem:
 * blocked "Invalid <field> from <unit>: '<value>'" for malformed data (never showing a key),
 * waiting "Ceph relation is missing data." while key/auth/monitors are not all there.
 */
export function parseClientRelation(input: ClientRelationInput): Result<ClientRelationData> {
  const units = Object.keys(input.units).sort();
  const bags = units.map((u) => [u, relevant(input.units[u])] as const);
  for (const [unit, bag] of bags) {
    const found = checkUnit(unit, bag);
    if (found) return err(found);
  }
  const fromApp = appAddresses(input);
  if (!fromApp.ok) return fromApp;

  const tokens = [...bags.flatMap(([, b]) => splitTokens(b["ceph-public-address"] ?? "")), ...fromApp.value];
  const monitors = sortUnique(tokens.map((t) => normalizeMonitor(t) as string));
  const complete = bags.filter(([, b]) => b.key !== undefined && b.auth !== undefined);
  const key = majority(complete.map(([, b]) => b.key as string));
  const auth = majority(complete.filter(([, b]) => b.key === key).map(([, b]) => b.auth as string));
  if (key === undefined || auth === undefined || monitors.length === 0) {
    return err(problem("missingData"));
  }
  const features = majority(bags.flatMap(([, b]) => (b["rbd-features"] !== undefined ? [b["rbd-features"]] : [])));
  return ok({
    monitors,
    auth: auth as "cephx" | "none",
    key,
    ...(features !== undefined ? { rbdFeatures: Number(features) } : {}),
  });
}

export interface LocalUnitWritesInput {
  app: string;
  unitName: string;
  request: BrokerRequest;
}

/**
 * What to write to our own **unit** bag on ceph-client (never the app bag: ceph-mon fails
 * on app-bag changes): application-name and unit-name with (or before) broker_req.
 * Returns only the keys whose value differs; empty when the bag is up to date.
 */
export function clientUnitWrites(localBag: Bag, input: LocalUnitWritesInput): Record<string, string> {
  const desired: Record<string, string> = {
    "application-name": input.app,
    "unit-name": input.unitName,
    broker_req: input.request.wire,
  };
  const writes: Record<string, string> = {};
  for (const [k, v] of Object.entries(desired)) {
    if (localBag[k] !== v) writes[k] = v;
  }
  return writes;
}
