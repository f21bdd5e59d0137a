/** The ceph-client conversation of one hook, as a pure step: writes, completion, retries. */
import assert from "node:assert/strict";
import { brokerRequest, responseKey } from "../../../src/ceph/broker.ts";
import { brokerStep } from "../../../src/charm/broker-step.ts";
import type { RelationData } from "../../../src/charm/inputs.ts";
import { KEYS, StoredState } from "../../../src/charm/stored.ts";

const UNIT = "ceph-csi/0";

function relation(id: number, rsp?: Record<string, unknown>): RelationData {
  const mon: Record<string, string> = { auth: "cephx", "ceph-public-address": "10.0.0.1" };
  if (rsp) mon[responseKey(UNIT)] = JSON.stringify(rsp);
  return { id, remoteApp: "ceph-mon", units: { "ceph-mon/0": mon }, app: {} };
}

function step(hook: string, rel: RelationData, stored: StoredState) {
  return brokerStep({ app: "ceph-csi", unitName: UNIT, hook, relation: rel, stored });
}

describe("broker step", () => {
  it("first hook: writes application-name, unit-name and broker_req to the unit bag, and waits", () => {
    const stored = new StoredState({});
    const s = step("ceph-client-relation-joined", relation(3), stored);
    assert.deepEqual(Object.keys(s.writes).sort(), ["application-name", "broker_req", "unit-name"]);
    assert.equal(s.writes["broker_req"], brokerRequest("ceph-csi").wire);
    assert.equal(s.evaluation.state, "pending");
  });

  it("writes nothing again once the bag is up to date", () => {
    const stored = new StoredState({});
    step("ceph-client-relation-joined", relation(3), stored);
    const again = step("update-status", relation(3), stored);
    assert.deepEqual(again.writes, {});
  });

  it("a new relation id starts over: the old completion does not count", () => {
    const id = brokerRequest("ceph-csi").requestId;
    const stored = new StoredState({});
    const done = step("ceph-client-relation-changed", relation(3, { "exit-code": 0, "request-id": id }), stored);
    assert.equal(done.evaluation.state, "complete");
    assert.equal(stored.get(KEYS.brokerDone), `3 ${id}`);
    const fresh = step("ceph-client-relation-joined", relation(4), stored);
    assert.equal(fresh.evaluation.state, "pending");
    assert.ok(fresh.writes["broker_req"], "sent on the new relation");
  });

  it("remembers completion when the answering mon leaves", () => {
    const id = brokerRequest("ceph-csi").requestId;
    const stored = new StoredState({});
    step("ceph-client-relation-changed", relation(3, { "exit-code": 0, "request-id": id }), stored);
    assert.equal(step("ceph-client-relation-departed", relation(3), stored).evaluation.state, "complete");
  });

  it("retries a failed request with a new id on update-status, never on a relation hook", () => {
    const id = brokerRequest("ceph-csi").requestId;
    const failed = relation(3, { "exit-code": 1, stderr: "pool create failed", "request-id": id });
    const stored = new StoredState({});
    step("ceph-client-relation-joined", relation(3), stored);
    const onRelation = step("ceph-client-relation-changed", failed, stored);
    assert.equal(onRelation.evaluation.state, "failed");
    assert.deepEqual(onRelation.writes, {}, "no resend from a relation hook (it would loop with ceph-mon)");
    const onUpdate = step("update-status", failed, stored);
    assert.ok(onUpdate.writes["broker_req"], "a resend");
    assert.match(JSON.parse(onUpdate.writes["broker_req"] as string)["request-id"], new RegExp(`^${id}-r1$`));
  });
});
