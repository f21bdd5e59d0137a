/** The ceph-client conversation of one hook, as a pure step: writes, completion, retries, stored-state changes. */
import assert from "node:assert/strict";
import { brokerRequest, responseKey } from "../../../src/ceph/broker.ts";
import { brokerStep } from "../../../src/charm/broker-step.ts";
import type { RelationData } from "../../../src/charm/observation.ts";
import { KEYS, type Stored } from "../../../src/charm/stored.ts";

const UNIT = "ceph-csi/0";
const ID = brokerRequest("ceph-csi").requestId;

function relation(id: number, rsp?: Record<string, unknown>): RelationData {
  const mon: Record<string, string> = { auth: "cephx", "ceph-public-address": "10.0.0.1" };
  if (rsp) mon[responseKey(UNIT)] = JSON.stringify(rsp);
  return { id, remoteApp: "ceph-mon", units: { "ceph-mon/0": mon }, app: {} };
}

/** A unit's stored state across hooks: each step sees what the previous ones stored. */
class Unit {
  stored: Record<string, string> = {};
  step(rel: RelationData, retry = false) {
    const s = brokerStep({ app: "ceph-csi", unitName: UNIT, retry, relation: rel, stored: this.stored as Stored });
    this.stored = { ...this.stored, ...s.stored };
    return s;
  }
}

describe("broker step", () => {
  it("first hook: writes application-name, unit-name and broker_req to the unit bag, waits, and stores the bag", () => {
    const unit = new Unit();
    const s = unit.step(relation(3));
    assert.deepEqual(Object.keys(s.writes).sort(), ["application-name", "broker_req", "unit-name"]);
    assert.equal(s.writes["broker_req"], brokerRequest("ceph-csi").wire);
    assert.equal(s.evaluation.state, "pending");
    assert.deepEqual(Object.keys(s.stored), [KEYS.clientBag]);
    assert.deepEqual(JSON.parse(s.stored[KEYS.clientBag]!), { relId: 3, bag: s.writes });
  });

  it("is pure: the same input gives the same output, the stored state passed in is not changed", () => {
    const stored = Object.freeze({}) as Stored;
    const a = brokerStep({ app: "ceph-csi", unitName: UNIT, retry: false, relation: relation(3), stored });
    const b = brokerStep({ app: "ceph-csi", unitName: UNIT, retry: false, relation: relation(3), stored });
    assert.deepEqual(a, b);
    assert.deepEqual(stored, {});
  });

  it("writes and stores nothing again once the bag is up to date", () => {
    const unit = new Unit();
    unit.step(relation(3));
    const again = unit.step(relation(3), true);
    assert.deepEqual(again.writes, {});
    assert.deepEqual(again.stored, {});
  });

  it("a new relation id starts over: the old bag and completion do not count", () => {
    const unit = new Unit();
    const done = unit.step(relation(3, { "exit-code": 0, "request-id": ID }));
    assert.equal(done.evaluation.state, "complete");
    assert.equal(unit.stored[KEYS.brokerDone], `3 ${ID}`);
    const fresh = unit.step(relation(4));
    assert.equal(fresh.evaluation.state, "pending");
    assert.ok(fresh.writes["broker_req"], "sent on the new relation");
    assert.equal(JSON.parse(unit.stored[KEYS.clientBag]!).relId, 4);
  });

  it("remembers completion when the answering mon leaves", () => {
    const unit = new Unit();
    unit.step(relation(3, { "exit-code": 0, "request-id": ID }));
    const after = unit.step(relation(3));
    assert.equal(after.evaluation.state, "complete");
    assert.equal(after.evaluation.state === "complete" && after.evaluation.requestId, ID);
  });

  it("unreadable stored state is taken as nothing stored", () => {
    const s = brokerStep({ app: "ceph-csi", unitName: UNIT, retry: false, relation: relation(3), stored: { [KEYS.clientBag]: "{", [KEYS.brokerDone]: "junk" } });
    assert.equal(s.evaluation.state, "pending");
    assert.equal(s.writes["broker_req"], brokerRequest("ceph-csi").wire);
  });

  it("retries a failed request with a new id only when asked to (retry: true), never otherwise", () => {
    const failed = relation(3, { "exit-code": 1, stderr: "pool create failed", "request-id": ID });
    const unit = new Unit();
    unit.step(relation(3));
    const noRetry = unit.step(failed, false);
    assert.equal(noRetry.evaluation.state, "failed");
    assert.equal(noRetry.evaluation.state === "failed" && noRetry.evaluation.problem.text, "Broker request failed: pool create failed");
    assert.deepEqual(noRetry.writes, {}, "no resend without retry (a relation hook would loop with ceph-mon)");
    const retried = unit.step(failed, true);
    assert.ok(retried.writes["broker_req"], "a resend");
    assert.equal(JSON.parse(retried.writes["broker_req"]!)["request-id"], `${ID}-r1`);
    assert.equal(retried.evaluation.state, "pending", "the new id has no answer yet");
    // the retry number is kept in the stored bag: the next hook keeps waiting for -r1, no new resend
    const next = unit.step(failed, false);
    assert.deepEqual(next.writes, {});
    assert.equal(next.evaluation.state, "pending");
    // ceph-mon answers the retry
    const ok = unit.step(relation(3, { "exit-code": 0, "request-id": `${ID}-r1` }));
    assert.equal(ok.evaluation.state, "complete");
    assert.equal(unit.stored[KEYS.brokerDone], `3 ${ID}-r1`);
  });
});
