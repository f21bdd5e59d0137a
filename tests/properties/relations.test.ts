/**
 * Hostile relation data, judged by an independent oracle (tests/properties/relation-oracle.ts),
 * at least 10,000 cases per property, on the pure decision. Reproduce with FC_SEED=<seed>.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseEvent } from "../../src/juju/event.ts";
import type { RelationData } from "../../src/charm/observation.ts";
import { charmDirOf } from "../harness/in-process/sim.ts";
import { ready, readyWithAdmin } from "../scenario/states.ts";
import { hostileString, oddAddress, oddAddressList, oddAuth, oddBrokerResponse, oddFeatures, oddFsid, oddKey, oddKubeletDir, withKeyInside } from "./arbitraries.ts";
import { defaults } from "./config-oracle.ts";
import { type Fixture, fixtureOf, run } from "./driver.ts";
import { ADMIN_FIELDS, CLIENT_FIELDS, invalidFields, isAddressJson, isCephxKey } from "./relation-oracle.ts";
import { leakedPiece, propertyRuns, propertySeed } from "./runs.ts";
import { statusId } from "./status-id.ts";

const RUNS = propertyRuns("PROPERTY_RUNS", 10_000);
const SEED = propertySeed();
const OPTS = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) };
const FSID = "6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21";
const MONS = ["ceph-mon/0", "ceph-mon/1", "ceph-mon/2"];

type Bags = Record<string, Record<string, string>>;

/** The observation of a relation-changed hook on `endpoint`. */
function onRelation(fx: Fixture, endpoint: string, relations: Fixture["base"]["relations"]): Fixture["base"] {
  const rel = relations[endpoint as keyof typeof relations][0] as RelationData;
  const event = parseEvent({
    JUJU_DISPATCH_PATH: `hooks/${endpoint}-relation-changed`,
    JUJU_UNIT_NAME: "ceph-csi/0",
    JUJU_CHARM_DIR: charmDirOf("ceph-csi/0"),
    JUJU_RELATION: endpoint,
    JUJU_RELATION_ID: `${endpoint}:${rel.id}`,
  });
  return { ...fx.base, event, relations };
}

function withBags(fx: Fixture, endpoint: "ceph-client" | "ceph-admin", edit: (units: Bags, app: Record<string, string>) => void): Fixture["base"] {
  const rels = structuredClone(fx.base.relations) as { [K in keyof Fixture["base"]["relations"]]: RelationData[] };
  const rel = rels[endpoint][0] as RelationData;
  edit(rel.units as Bags, rel.app as Record<string, string>);
  return onRelation(fx, endpoint, rels);
}

/** A field and its value; `key` when the value has a cephx key inside (another field holding a key). */
interface FieldEdit {
  field: string;
  value: string;
  key?: string;
}

const fieldValue = (fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<FieldEdit> =>
  fc.constantFrom(...Object.keys(fields)).chain((field) =>
    fc.oneof(
      { weight: 4, arbitrary: (fields[field] as fc.Arbitrary<string>).map((value): FieldEdit => ({ field, value })) },
      // A key where it does not belong: in an address list, an auth mode, junk.
      { weight: 1, arbitrary: withKeyInside(fields[field] as fc.Arbitrary<string>).map(({ value, key }): FieldEdit => ({ field, value, key })) },
    ),
  );

const addressList = fc.oneof(oddAddress, fc.array(oddAddress, { maxLength: 3 }).map((a) => a.join(" ")));
const clientValue = fieldValue({ "ceph-public-address": addressList, key: oddKey, auth: oddAuth, "rbd-features": oddFeatures, junk: hostileString });
const adminValue = fieldValue({ fsid: oddFsid, mon_hosts: addressList, key: oddKey, auth: oddAuth, junk: hostileString });
const unitEdits = (value: typeof clientValue) =>
  fc.array(fc.record({ unit: fc.constantFrom(...MONS), edit: fc.oneof(value, fc.constantFrom(...["key", "auth", "ceph-public-address"]).map((field): FieldEdit => ({ field, value: "" }))) }), { minLength: 1, maxLength: 3 });

/**
 * The secrets in play (none may show, not even 8 characters of one): every cephx key in a `key`
 * field, before and after the edits, and every key put inside another field.
 */
function keysIn(before: Bags, after: Bags, edits: readonly { edit: FieldEdit }[]): string[] {
  const inKeyFields = [before, after].flatMap((bags) => Object.values(bags).map((b) => b["key"] ?? "")).filter(isCephxKey);
  return [...new Set([...inKeyFields, ...edits.flatMap(({ edit }) => (edit.key !== undefined ? [edit.key] : []))])];
}

/** Fails naming the piece when any of `keys` shows (even 8 characters of it) in the status or a log line. */
function assertNoKey(out: { effects?: { unitStatus?: { message: string }; appStatus?: { message: string }; logs: { message: string }[] } }, keys: readonly string[]): void {
  const texts = [out.effects?.unitStatus?.message ?? "", out.effects?.appStatus?.message ?? "", ...(out.effects?.logs ?? []).map((l) => l.message)];
  for (const text of texts) {
    const piece = leakedPiece(text, keys);
    assert.equal(piece, undefined, `a piece of a key (${piece}) shows in: ${text}`);
  }
}

describe("properties: hostile relation data (independent oracle)", function () {
  this.timeout(300_000);
  let fx: Fixture;
  let admin: Fixture;

  before(async () => {
    fx = fixtureOf(await ready(), defaults(), "ceph-client-relation-changed");
    admin = fixtureOf(await readyWithAdmin(), defaults(), "ceph-admin-relation-changed");
    assert.ok(run(fx, onRelation(fx, "ceph-client", fx.base.relations), { fsid: FSID, stopAtKube: true }).reachedKube, "the starting state is usable");
  });

  it(`ceph-client unit bags: malformed fields block naming field and unit (never a key), nothing reaches Kubernetes; good data does (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(unitEdits(clientValue), (edits) => {
        let bags: Bags = {};
        let before: Bags = {};
        const base = withBags(fx, "ceph-client", (units) => {
          before = structuredClone(units);
          for (const { unit, edit } of edits) (units[unit] as Record<string, string>)[edit.field] = edit.value;
          bags = structuredClone(units);
        });
        const out = run(fx, base, { fsid: FSID, stopAtKube: true });
        const bad = invalidFields(bags, CLIENT_FIELDS);
        const message = out.effects?.unitStatus?.message ?? "";
        assertNoKey(out, keysIn(before, bags, edits));
        if (bad.length > 0) {
          assert.ok(!out.reachedKube, `malformed data reached Kubernetes: ${JSON.stringify(bad)}`);
          assert.equal(out.effects?.unitStatus?.status, "blocked");
          assert.ok(
            bad.some(({ unit, field }) => message.startsWith(`Invalid ${field} from ${unit}`)),
            `"${message}" names one of ${JSON.stringify(bad)}`,
          );
          assert.ok(["relationInvalid", "relationInvalidKey"].includes(statusId(message) ?? ""), message);
          return;
        }
        // An address list of white space alone names no monitor.
        const complete = MONS.some((u) => bags[u]?.["key"] && bags[u]?.["auth"]) && MONS.some((u) => (bags[u]?.["ceph-public-address"] ?? "").trim() !== "");
        if (complete) assert.ok(out.reachedKube, `good data did not reach Kubernetes: ${message} ${JSON.stringify(edits)}`);
        else assert.equal(message, "Ceph relation is missing data.");
      }),
      OPTS,
    );
  });

  it(`MicroCeph's ceph-mon-public-addresses: accepted when it is a JSON list of addresses, else blocked naming it (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(oddAddressList, (value) => {
        const base = withBags(fx, "ceph-client", (_units, app) => {
          app["ceph-mon-public-addresses"] = value;
        });
        const out = run(fx, base, { fsid: FSID, stopAtKube: true });
        if (value === "" || isAddressJson(value)) assert.ok(out.reachedKube, `${value} refused: ${out.effects?.unitStatus?.message}`);
        else {
          assert.ok(!out.reachedKube, `${value} accepted`);
          assert.match(out.effects?.unitStatus?.message ?? "", /^Invalid ceph-mon-public-addresses from ceph-mon: '/);
        }
      }),
      OPTS,
    );
  });

  it(`broker answers before completion: junk never applies anything; failures and junk block, silence waits (${RUNS} cases)`, () => {
    const stored = { ...fx.base.stored };
    delete (stored as Record<string, string>)["broker-done"];
    const requestId = JSON.parse(JSON.parse(stored["ceph-client-bag"] ?? "{}").bag.broker_req)["request-id"] as string;
    fc.assert(
      fc.property(fc.array(fc.record({ unit: fc.constantFrom(...MONS), value: fc.oneof(oddBrokerResponse(requestId), fc.constant("")) }), { minLength: 1, maxLength: 3 }), (answers) => {
        const base = withBags(fx, "ceph-client", (units) => {
          for (const m of MONS) {
            const u = units[m] as Record<string, string>;
            delete u["broker-rsp-ceph-csi-0"];
            delete u["broker_rsp"];
          }
          for (const a of answers) (units[a.unit] as Record<string, string>)["broker-rsp-ceph-csi-0"] = a.value;
        });
        const out = run(fx, { ...base, stored }, { fsid: FSID, stopAtKube: true });
        // A later answer for the same unit overwrites an earlier one in the bag.
        const effective = [...new Map(answers.map((a) => [a.unit, a])).values()];
        const parsed = effective.map((a) => {
          try {
            return JSON.parse(a.value) as unknown;
          } catch {
            return undefined;
          }
        });
        const completes = parsed.some((p) => {
          if (p === null || typeof p !== "object" || Array.isArray(p)) return false;
          const o = p as Record<string, unknown>;
          const code = o["exit-code"];
          // charm-helpers tests `not exit_code` (Python truthiness): "0" and " " are failures.
          const ok = code === undefined || code === null || code === 0 || code === "";
          return ok && o["request-id"] === requestId && (o["stderr"] === undefined || typeof o["stderr"] === "string");
        });
        const message = out.effects?.unitStatus?.message ?? "";
        if (!completes) {
          assert.ok(!out.reachedKube, `applied before completion: ${JSON.stringify(answers)}`);
          assert.ok(["brokerFailed", "brokerInvalid", "brokerPending"].includes(statusId(message) ?? ""), message);
        } else {
          assert.ok(out.reachedKube, `completed but not applied: ${JSON.stringify(answers)} (${message})`);
        }
        if (effective.every((a) => a.value === "")) {
          assert.equal(out.effects?.unitStatus?.status, "waiting", `silence must wait: ${JSON.stringify(answers)} (${message})`);
        }
      }),
      OPTS,
    );
  });

  it(`ceph-admin bags: malformed fields block naming field and unit, never showing the admin key (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(unitEdits(adminValue), (edits) => {
        let bags: Bags = {};
        let before: Bags = {};
        const base = withBags(admin, "ceph-admin", (units) => {
          before = structuredClone(units);
          for (const { unit, edit } of edits) if (units[unit]) (units[unit] as Record<string, string>)[edit.field] = edit.value;
          bags = structuredClone(units);
        });
        const out = run(admin, base, { fsid: FSID, stopAtKube: true });
        const bad = invalidFields(bags, ADMIN_FIELDS);
        const message = out.effects?.unitStatus?.message ?? "";
        assertNoKey(out, keysIn(before, bags, edits.filter(({ unit }) => before[unit] !== undefined)));
        if (bad.length > 0) {
          assert.ok(!out.reachedKube);
          assert.ok(bad.some(({ unit, field }) => message.startsWith(`Invalid ${field} from ${unit}`)), `"${message}" names one of ${JSON.stringify(bad)}`);
        } else assert.ok(out.reachedKube, `good admin data refused: ${message}`);
      }),
      OPTS,
    );
  });

  it(`kubernetes-info kubelet-root-dir: an absolute clean path is used, anything else blocks naming it (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(oddKubeletDir, (dir) => {
        const rels = structuredClone(fx.base.relations) as unknown as Record<string, RelationData[]>;
        rels["kubernetes-info"] = [{ id: 99, remoteApp: "k8s", units: {}, app: { "kubelet-root-dir": dir } }];
        const out = run(fx, { relations: rels as unknown as Fixture["base"]["relations"] }, { fsid: FSID, stopAtKube: true });
        const trimmed = dir.replace(/\/+$/, "");
        const good = dir === "" || (trimmed.startsWith("/") && !/\s/.test(trimmed) && !trimmed.split("/").some((s) => s === "." || s === ".."));
        if (good) assert.ok(out.reachedKube, `${JSON.stringify(dir)} refused: ${out.effects?.unitStatus?.message}`);
        else {
          assert.ok(!out.reachedKube, `${JSON.stringify(dir)} used`);
          assert.ok((out.effects?.unitStatus?.message ?? "").startsWith("Invalid kubelet-root-dir '"));
        }
      }),
      OPTS,
    );
  });
});
