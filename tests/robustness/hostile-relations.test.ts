/**
 * Hostile relation data: whatever ceph-mon, MicroCeph, ceph-admin or kubernetes-info put in
 * their bags, the hook exits 0, the status names the problem, nothing is deleted, and good data
 * brings the unit back to Ready with the same objects.
 *
 * Each run edits the fake model directly (state in), runs one relation hook and update-status
 * (hook), then checks the unit and the fake API (state out). Reproduce with FC_SEED=<seed>.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseAdminRelation } from "../../src/ceph/admin-relation.ts";
import { evaluateBrokerResponse, responseKey, sentRequestId } from "../../src/ceph/broker.ts";
import { parseClientRelation } from "../../src/ceph/client-relation.ts";
import { KEYS } from "../../src/charm/stored.ts";
import { normalizeKubeletDir } from "../../src/manifests/render.ts";
import type { HookOutcome } from "../harness/fake-juju/fake-juju.ts";
import type { Bag, RelationState } from "../harness/fake-juju/model.ts";
import type { World } from "../harness/world.ts";
import {
  hostileString,
  oddAddress,
  oddAddressList,
  oddAuth,
  oddBrokerResponse,
  oddFeatures,
  oddFsid,
  oddKey,
  oddKubeletDir,
} from "./arbitraries.ts";
import {
  appObjects,
  assertHooksOk,
  assertNotActive,
  assertNothingDeleted,
  assertReady,
  assertSaneMessage,
  readyWorld,
  seedFromEnv,
  unitStatus,
} from "./support.ts";

const UNIT = "ceph-csi/0";
const MONS = ["ceph-mon/0", "ceph-mon/1", "ceph-mon/2"] as const;
const RUNS = Number(process.env["ROBUSTNESS_RUNS"] ?? 25);

/** One edit of a remote bag: `unit` null means the remote application bag. */
interface Edit {
  unit: string | null;
  key: string;
  /** null deletes the key. */
  value: string | null;
}

function relationOf(w: World, id: number): RelationState {
  return w.juju.relation(id);
}

function unitBags(rel: RelationState): Record<string, Bag> {
  return Object.fromEntries(rel.remoteUnits.map((u) => [u.name, u.data]));
}

/** State in: apply edits to the fake model's remote bags; returns the undo edits. */
function applyEdits(w: World, relId: number, edits: readonly Edit[]): Edit[] {
  const state = w.juju.state;
  const rel = state.relations.find((r) => r.id === relId);
  assert.ok(rel);
  const undo: Edit[] = [];
  for (const e of edits) {
    const bag = e.unit === null ? rel.remoteAppData : rel.remoteUnits.find((u) => u.name === e.unit)?.data;
    assert.ok(bag, `bag of ${e.unit}`);
    undo.unshift({ unit: e.unit, key: e.key, value: e.key in bag ? (bag[e.key] as string) : null });
    if (e.value === null || e.value === "") delete bag[e.key];
    else bag[e.key] = e.value;
  }
  w.juju.setState(state);
  return undo;
}

async function relationChanged(w: World, endpoint: string, relId: number, edits: readonly Edit[]): Promise<HookOutcome> {
  const remote = edits.find((e) => e.unit !== null)?.unit ?? undefined;
  return w.juju.runHook(`${endpoint}-relation-changed`, { relationId: relId, ...(remote ? { remoteUnit: remote } : {}) });
}

function editsArb(fields: fc.Arbitrary<Edit>): fc.Arbitrary<Edit[]> {
  return fc.array(fields, { minLength: 1, maxLength: 4 });
}

const monArb = fc.constantFrom(...MONS);
const extraKey = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("", "broker_rsp", "ceph-mon-public-addresses", "fsid", "KEY", "key "));

const clientEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ unit: monArb, key: fc.constant("ceph-public-address"), value: fc.oneof(oddAddress, fc.array(oddAddress, { minLength: 1, maxLength: 3 }).map((a) => a.join(" "))) }),
  fc.record({ unit: monArb, key: fc.constant("key"), value: oddKey }),
  fc.record({ unit: monArb, key: fc.constant("auth"), value: oddAuth }),
  fc.record({ unit: monArb, key: fc.constant("rbd-features"), value: oddFeatures }),
  fc.record({ unit: monArb, key: fc.constantFrom("ceph-public-address", "key", "auth"), value: fc.constant(null) }),
  fc.record({ unit: monArb, key: extraKey, value: hostileString }),
  fc.record({ unit: monArb, key: fc.constant(responseKey(UNIT)), value: oddBrokerResponse("x") }),
  fc.record({ unit: fc.constant(null), key: fc.constant("ceph-mon-public-addresses"), value: oddAddressList }),
  fc.record({ unit: fc.constant(null), key: extraKey, value: hostileString }),
);

const adminEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ unit: monArb, key: fc.constant("fsid"), value: oddFsid }),
  fc.record({ unit: monArb, key: fc.constant("mon_hosts"), value: fc.array(oddAddress, { minLength: 1, maxLength: 3 }).map((a) => a.join(" ")) }),
  fc.record({ unit: monArb, key: fc.constant("key"), value: oddKey }),
  fc.record({ unit: monArb, key: fc.constant("auth"), value: oddAuth }),
  fc.record({ unit: monArb, key: fc.constantFrom("fsid", "mon_hosts", "key", "auth"), value: fc.constant(null) }),
  fc.record({ unit: monArb, key: extraKey, value: hostileString }),
);

function clientParse(rel: RelationState) {
  return parseClientRelation({ units: unitBags(rel), app: rel.remoteAppData, appName: rel.remoteApp });
}

/** The field a problem message names ("Invalid <field> from ..."), if any. */
function namedField(message: string): string | undefined {
  return /^Invalid (\S+) from /.exec(message)?.[1];
}

type Parse = (units: Record<string, Bag>, app: Bag) => { ok: boolean; problem?: { message: string } };

/**
 * Every "Invalid <field> from <source>" a parser finds when it looks at one field alone: the
 * charm may report any of them first (the order is the validator's business, not this test's).
 */
function invalidFields(rel: RelationState, parse: Parse, fields: readonly string[]): Set<string> {
  const out = new Set<string>();
  const seen = (r: ReturnType<Parse>, field: string) => {
    const m = r.ok ? undefined : /^Invalid (\S+) from (\S+?):?( |$)/.exec(r.problem?.message ?? "");
    if (m && m[1] === field) out.add(`${m[1]} from ${m[2]}`);
  };
  for (const u of rel.remoteUnits) {
    for (const f of fields) {
      const v = u.data[f];
      if (v !== undefined) seen(parse({ [u.name]: { [f]: v } }, {}), f);
    }
  }
  const list = rel.remoteAppData["ceph-mon-public-addresses"];
  if (list !== undefined) seen(parse({}, { "ceph-mon-public-addresses": list }), "ceph-mon-public-addresses");
  return out;
}

function assertNamesOneOf(message: string, candidates: Set<string>): void {
  const m = /^Invalid (\S+) from (\S+?):?( |$)/.exec(message);
  assert.ok(m, `names a field and its source: "${message}"`);
  assert.ok(candidates.has(`${m[1]} from ${m[2]}`), `"${message}" names one of ${[...candidates].join(", ")}`);
}

const parseClient: Parse = (units, app) => parseClientRelation({ units, app, appName: "ceph-mon" });
const parseAdmin: Parse = (units) => parseAdminRelation(units);
const CLIENT_FIELDS = ["ceph-public-address", "key", "auth", "rbd-features"] as const;
const ADMIN_FIELDS = ["fsid", "mon_hosts", "key", "auth"] as const;

describe("robustness: hostile relation data", function () {
  this.timeout(600_000);
  let w: World;
  let baseline: Map<string, string>;

  before(async () => {
    w = await readyWorld();
    assertReady(w, UNIT);
    baseline = appObjects(w);
  });
  after(async () => {
    await w?.stop();
  });

  /** Good data back: Ready, and exactly the objects of before. */
  async function restore(endpoint: string, relId: number, undo: readonly Edit[]): Promise<void> {
    applyEdits(w, relId, undo);
    assertHooksOk([await relationChanged(w, endpoint, relId, undo)], "restore");
    assertHooksOk([await w.juju.runHook("update-status")], "restore");
    assertReady(w, UNIT);
    assert.deepEqual(appObjects(w), baseline, "the same objects as before the bad data");
  }

  it("ceph-client bags: bad addresses, keys, auth, features, broker junk, MicroCeph JSON, extra and missing keys", async () => {
    const relId = w.clientRel as number;
    const good = clientParse(relationOf(w, relId));
    assert.ok(good.ok);
    await fc.assert(
      fc.asyncProperty(editsArb(clientEdit), async (edits) => {
        const before = appObjects(w);
        w.kube.clearRequests();
        const undo = applyEdits(w, relId, edits);
        const expected = clientParse(relationOf(w, relId));
        assertHooksOk([await relationChanged(w, "ceph-client", relId, edits)]);
        assertHooksOk([await w.juju.runHook("update-status")]);
        const s = unitStatus(w);
        assertSaneMessage(s.message);
        if (!expected.ok) {
          assertNotActive(w, undefined, UNIT);
          if (namedField(expected.problem.message)) assertNamesOneOf(s.message, invalidFields(relationOf(w, relId), parseClient, CLIENT_FIELDS));
          else assert.equal(s.message, expected.problem.message);
          assertNothingDeleted(w, before, { unchanged: true });
        } else if (JSON.stringify(expected.value) === JSON.stringify(good.ok ? good.value : undefined)) {
          // Junk the charm does not read changes nothing at all.
          assertReady(w, UNIT);
          assert.deepEqual(w.kube.writes().map((r) => `${r.method} ${r.path}`), [], "no Kubernetes write");
        }
        await restore("ceph-client", relId, undo);
      }),
      { numRuns: RUNS, seed: seedFromEnv(7001), endOnFailure: true },
    );
  });

  it("broker responses before completion: not JSON, wrong shapes, failures → blocked/waiting, nothing applied or deleted", async () => {
    const relId = w.clientRel as number;
    const key = responseKey(UNIT);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ unit: monArb, value: fc.oneof(oddBrokerResponse("x"), fc.constant(null)) }), { minLength: 1, maxLength: 3 }),
        async (answers) => {
          // State in: this unit has not yet seen its request complete.
          const state = w.juju.state;
          const unit = state.units.find((u) => u.name === UNIT);
          assert.ok(unit);
          delete unit.storedState[KEYS.brokerDone];
          const rel = state.relations.find((r) => r.id === relId);
          assert.ok(rel);
          const requestId = sentRequestId(rel.localUnitData[UNIT]?.["broker_req"]) ?? "";
          w.juju.setState(state);
          // Responses for our current request id sometimes, for something else otherwise.
          const edits: Edit[] = answers.map((a) => ({ unit: a.unit, key, value: a.value?.replace('"request-id":"x"', `"request-id":"${requestId}"`) ?? null }));
          const before = appObjects(w);
          w.kube.clearRequests();
          const undo = applyEdits(w, relId, edits);
          const expected = evaluateBrokerResponse({ unitName: UNIT, requestId, remoteUnits: unitBags(relationOf(w, relId)) });
          assertHooksOk([await relationChanged(w, "ceph-client", relId, edits)]);
          const s = unitStatus(w);
          assertSaneMessage(s.message);
          if (expected.state !== "complete") {
            assertNotActive(w, /broker|Broker/, UNIT);
            if (expected.state === "invalid") assert.match(s.message, new RegExp(`^Invalid ${key} from ceph-mon/\\d: not a broker response$`));
            if (expected.state === "failed") assert.match(s.message, /^Broker request failed: /);
            assert.equal(w.kube.writes().length, 0, "nothing applied before the broker request completed");
            assertNothingDeleted(w, before, { unchanged: true });
          }
          // A retry hook sends the failed request again; still exits 0.
          assertHooksOk([await w.juju.runHook("update-status")]);
          assertNothingDeleted(w, before, { unchanged: true });
          applyEdits(w, relId, undo);
          assertHooksOk(await w.settle());
          assertHooksOk([await w.juju.runHook("update-status")]);
          assertReady(w, UNIT);
          assert.deepEqual(appObjects(w), baseline);
        },
      ),
      { numRuns: Math.ceil(RUNS * 0.6), seed: seedFromEnv(7002), endOnFailure: true },
    );
  });

  it("ceph-admin bags: non-UUID fsid, odd mon_hosts, bad keys and auth", async () => {
    assertHooksOk(await w.relateAdmin());
    assertHooksOk([await w.juju.runHook("update-status")]);
    assertReady(w, UNIT);
    const relId = w.adminRel as number;
    const good = parseAdminRelation(unitBags(relationOf(w, relId)));
    assert.ok(good.ok && good.value);
    const goodFsid = good.value.fsid;
    await fc.assert(
      fc.asyncProperty(editsArb(adminEdit), async (edits) => {
        const before = appObjects(w);
        w.kube.clearRequests();
        const undo = applyEdits(w, relId, edits);
        const expected = parseAdminRelation(unitBags(relationOf(w, relId)));
        assertHooksOk([await relationChanged(w, "ceph-admin", relId, edits)]);
        assertHooksOk([await w.juju.runHook("update-status")]);
        const s = unitStatus(w);
        assertSaneMessage(s.message);
        if (!expected.ok) {
          assertNotActive(w, undefined, UNIT);
          assertNamesOneOf(s.message, invalidFields(relationOf(w, relId), parseAdmin, ADMIN_FIELDS));
          assertNothingDeleted(w, before, { unchanged: true });
        } else if (expected.value === undefined || expected.value.fsid === goodFsid) {
          assertReady(w, UNIT);
          assert.deepEqual(w.kube.writes().map((r) => `${r.method} ${r.path}`), [], "no Kubernetes write");
        }
        await restore("ceph-admin", relId, undo);
      }),
      { numRuns: RUNS, seed: seedFromEnv(7003), endOnFailure: true },
    );
  });

  it("kubernetes-info kubelet-root-dir: unusable paths block and delete nothing; usable ones update in place", async () => {
    const { relationId, outcomes } = await w.juju.relate("kubernetes-info", "kubernetes-control-plane", {
      app: { "kubelet-root-dir": "/var/lib/kubelet" },
      units: { "kubernetes-control-plane/0": {} },
    });
    assertHooksOk(outcomes);
    assertReady(w, UNIT);
    assert.deepEqual(appObjects(w), baseline, "the default kubelet dir changes nothing");
    await fc.assert(
      fc.asyncProperty(oddKubeletDir, async (dir) => {
        const before = appObjects(w);
        w.kube.clearRequests();
        const edits: Edit[] = [{ unit: null, key: "kubelet-root-dir", value: dir }];
        const undo = applyEdits(w, relationId, edits);
        assertHooksOk([await w.juju.runHook("kubernetes-info-relation-changed", { relationId })]);
        const s = unitStatus(w);
        assertSaneMessage(s.message);
        // "" is an absent key (Juju deletes it): the default applies.
        if (dir !== "" && normalizeKubeletDir(dir) === undefined) {
          assertNotActive(w, /kubelet-root-dir/, UNIT);
          assertNothingDeleted(w, before, { unchanged: true });
        } else {
          assert.equal(s.status, "active", s.message);
          assertNothingDeleted(w, before);
        }
        applyEdits(w, relationId, undo);
        assertHooksOk([await w.juju.runHook("kubernetes-info-relation-changed", { relationId })]);
        assertReady(w, UNIT);
        assert.deepEqual(appObjects(w), baseline);
      }),
      { numRuns: RUNS, seed: seedFromEnv(7004), endOnFailure: true },
    );
  });
});
