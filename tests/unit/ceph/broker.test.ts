import assert from "node:assert/strict";
import fc from "fast-check";
import {
  brokerRequest,
  brokerRequestFromOps,
  CSI_KEY_PERMISSIONS,
  csiBrokerOps,
  currentRequest,
  evaluateBrokerResponse,
  opsRequestId,
  parseRequestId,
  responseKey,
  requestIdFor,
  retryRequest,
  sentRequestId,
} from "../../../src/ceph/broker.ts";
import { RBD_POOLS } from "../../../src/ceph/names.ts";
import { toPlain } from "../../../src/ceph/pyjson.ts";
import { examples } from "./fixtures.ts";

const EXAMPLE_ID = "0b5e91132b30e62614b0c1b67a09e44274253090";
const KEY = "AQAIOTxnAAAAABAAa7S7GqybaYcmjRlglhO9Pg==";

describe("broker request", () => {
  it("reproduces charm-helpers' request-id and wire value for ceph-csi byte for byte", () => {
    const req = brokerRequest("ceph-csi");
    assert.equal(req.requestId, EXAMPLE_ID);
    assert.equal(req.wire, examples.broker["request_wire (value of broker_req)"]);
    assert.equal(req.wire, examples.client["local_unit_bags (requirer)"]["ceph-csi/0"]?.["broker_req"]);
  });

  it("asks for xfs-pool and ext4-pool (replicated, 3 replicas, app rbd) and the exact caps", () => {
    const ops = toPlain(csiBrokerOps("my-csi")) as Record<string, unknown>[];
    assert.deepEqual(
      ops.map((o) => [o["op"], o["name"], o["replicas"], o["app-name"]]),
      [
        ["create-pool", RBD_POOLS.xfs, 3, "rbd"],
        ["create-pool", RBD_POOLS.ext4, 3, "rbd"],
        ["set-key-permissions", undefined, undefined, undefined],
      ],
    );
    assert.deepEqual(RBD_POOLS, { xfs: "xfs-pool", ext4: "ext4-pool" });
    assert.deepEqual(ops[2], { op: "set-key-permissions", permissions: [...CSI_KEY_PERMISSIONS], client: "my-csi" });
    assert.deepEqual(CSI_KEY_PERMISSIONS, [
      "mon", "profile rbd, allow r", "mds", "allow rw", "mgr", "allow rw", "osd", "profile rbd, allow rw tag cephfs metadata=*",
    ]);
    const wire = JSON.parse(brokerRequest("my-csi").wire);
    assert.equal(wire["api-version"], 1);
    assert.equal(wire["request-id"], brokerRequest("my-csi").requestId);
  });

  it("changes the id exactly when the ops change", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), (a, b) => {
        assert.equal(brokerRequest(a).requestId === brokerRequest(b).requestId, a === b);
        assert.equal(brokerRequest(a).requestId, brokerRequest(a).requestId);
      }),
    );
    const ops = csiBrokerOps("x");
    assert.notEqual(opsRequestId(ops), opsRequestId(ops.slice(0, 2)));
  });

  it("retries with the same ops under a new id <sha1>-r<n>", () => {
    const first = brokerRequest("ceph-csi");
    const second = retryRequest(first);
    const third = retryRequest(second);
    assert.equal(second.requestId, `${EXAMPLE_ID}-r1`);
    assert.equal(third.requestId, `${EXAMPLE_ID}-r2`);
    assert.notEqual(second.wire, first.wire);
    assert.deepEqual(parseRequestId(third.requestId), { baseId: EXAMPLE_ID, attempt: 2 });
    assert.deepEqual(parseRequestId(EXAMPLE_ID), { baseId: EXAMPLE_ID, attempt: 0 });
    assert.deepEqual(parseRequestId(`${EXAMPLE_ID}-r0`), { baseId: `${EXAMPLE_ID}-r0`, attempt: 0 }, "r0 is not a retry suffix");
    assert.equal(requestIdFor(EXAMPLE_ID, 0), EXAMPLE_ID);
    assert.equal(requestIdFor(EXAMPLE_ID, 4), `${EXAMPLE_ID}-r4`);
  });

  it("reads the request-id of a broker_req value, or nothing when absent or unreadable", () => {
    assert.equal(sentRequestId(brokerRequest("ceph-csi").wire), EXAMPLE_ID);
    for (const v of [undefined, "", "{", "[]", '{"request-id": 5}', "null"]) assert.equal(sentRequestId(v), undefined, String(v));
  });

  it("keeps the retry number already in the bag while the ops are the same", () => {
    const ops = csiBrokerOps("ceph-csi");
    const r2 = brokerRequestFromOps(ops, 2);
    assert.equal(currentRequest(ops, r2.wire).requestId, r2.requestId);
    assert.equal(currentRequest(ops, undefined).requestId, EXAMPLE_ID);
    assert.equal(currentRequest(ops, "not json").requestId, EXAMPLE_ID);
    // other ops in the bag (e.g. the app was renamed): start over at attempt 0
    const other = brokerRequestFromOps(csiBrokerOps("other"), 3);
    assert.equal(currentRequest(ops, other.wire).requestId, EXAMPLE_ID);
  });
});

describe("broker response evaluation", () => {
  const remote = examples.client.remote_unit_bags;
  const unitName = "ceph-csi/0";

  it("names the response key after the unit", () => {
    assert.equal(responseKey("ceph-csi/0"), "broker-rsp-ceph-csi-0");
    assert.equal(responseKey("my-app/12"), "broker-rsp-my-app-12");
  });

  it("is complete for the protocol example (answer on the leader only)", () => {
    const ev = evaluateBrokerResponse({ unitName, requestId: EXAMPLE_ID, remoteUnits: remote });
    assert.deepEqual(ev, { state: "complete", requestId: EXAMPLE_ID, unit: "ceph-mon/0" });
  });

  it("accepts exit-code absent as success, and a success for an earlier retry of the same ops", () => {
    const bags = { "ceph-mon/0": { [responseKey(unitName)]: JSON.stringify({ "request-id": `${EXAMPLE_ID}-r1` }) } };
    const ev = evaluateBrokerResponse({ unitName, requestId: `${EXAMPLE_ID}-r2`, remoteUnits: bags });
    assert.equal(ev.state, "complete");
  });

  it("exit-code as charm-helpers reads it (`not exit_code`): 0, \"\" and null succeed; \"0\", \" \" and NaN-like strings fail", () => {
    const answer = (code: unknown) => ({ "ceph-mon/0": { [responseKey(unitName)]: JSON.stringify({ "exit-code": code, "request-id": EXAMPLE_ID }) } });
    for (const ok of [0, "", null]) assert.equal(evaluateBrokerResponse({ unitName, requestId: EXAMPLE_ID, remoteUnits: answer(ok) }).state, "complete", JSON.stringify(ok));
    for (const bad of ["0", " ", "x", 2, "2"]) {
      const ev = evaluateBrokerResponse({ unitName, requestId: EXAMPLE_ID, remoteUnits: answer(bad) });
      assert.equal(ev.state, "failed", JSON.stringify(bad));
      if (ev.state === "failed") assert.equal(ev.problem.text, `Broker request failed: exit code ${bad === 2 || bad === "2" ? 2 : 1}`);
    }
  });

  it("is pending with no answer, or an answer for other ops (request changed in flight)", () => {
    const none = evaluateBrokerResponse({ unitName, requestId: EXAMPLE_ID, remoteUnits: { "ceph-mon/1": remote["ceph-mon/1"] ?? {} } });
    assert.equal(none.state, "pending");
    assert.deepEqual(none.state === "pending" && [none.problem.id, none.problem.status, none.problem.text], [
      "brokerPending",
      "waiting",
      "Waiting for ceph-mon to process the broker request",
    ]);
    const stale = evaluateBrokerResponse({ unitName, requestId: brokerRequest("renamed").requestId, remoteUnits: remote });
    assert.equal(stale.state, "pending");
    const staleFailure = {
      "ceph-mon/0": { [responseKey(unitName)]: '{"exit-code": 1, "stderr": "old", "request-id": "aaaa"}' },
    };
    assert.equal(evaluateBrokerResponse({ unitName, requestId: EXAMPLE_ID, remoteUnits: staleFailure }).state, "pending");
  });

  it("ignores the legacy broker_rsp and other units' responses", () => {
    const bags = {
      "ceph-mon/0": {
        broker_rsp: '{"exit-code": 1, "stderr": "boom"}',
        "broker-rsp-ceph-csi-1": '{"exit-code": 1, "stderr": "boom"}',
      },
    };
    assert.equal(evaluateBrokerResponse({ unitName, requestId: EXAMPLE_ID, remoteUnits: bags }).state, "pending");
    const legacyOk = { "ceph-mon/0": { broker_rsp: examples.broker.response_success_wire } };
    assert.equal(evaluateBrokerResponse({ unitName, requestId: EXAMPLE_ID, remoteUnits: legacyOk }).state, "pending");
  });

  it("fails with ceph's reason when the current id has exit-code != 0", () => {
    const ex = examples.broker.response_examples["soft failure of the last op (request-id present)"] as {
      response_wire: string;
    };
    const id = JSON.parse(ex.response_wire)["request-id"] as string;
    const ev = evaluateBrokerResponse({ unitName, requestId: id, remoteUnits: { "ceph-mon/2": { [responseKey(unitName)]: ex.response_wire } } });
    assert.equal(ev.state, "failed");
    if (ev.state !== "failed") return;
    assert.deepEqual([ev.problem.id, ev.problem.status, ev.problem.text], [
      "brokerFailed",
      "blocked",
      "Broker request failed: erasure-profile csi-ec-typo does not exist.  Please create it with: create-erasure-profile",
    ]);
    assert.equal(ev.requestId, id);
    assert.equal(ev.unit, "ceph-mon/2");
  });

  it("fails on an answer without request-id (ceph-mon raised), truncated", () => {
    const ex = examples.broker.response_examples["exception, e.g. validation (NO request-id)"] as { response_wire: string };
    const ev = evaluateBrokerResponse({ unitName, requestId: EXAMPLE_ID, remoteUnits: { "ceph-mon/0": { [responseKey(unitName)]: ex.response_wire } } });
    assert.equal(ev.state, "failed");
    if (ev.state !== "failed") return;
    assert.match(ev.problem.text, /^Broker request failed: Unexpected error occurred while processing requests: \{'api-version'/);
    assert.ok(ev.reason.length <= 120);
    assert.equal(ev.requestId, undefined);
  });

  it("never shows a cephx key from stderr, only the first line", () => {
    const rsp = JSON.stringify({ "exit-code": 1, stderr: `bad key ${KEY} here\nsecond line`, "request-id": EXAMPLE_ID });
    const ev = evaluateBrokerResponse({ unitName, requestId: EXAMPLE_ID, remoteUnits: { "ceph-mon/0": { [responseKey(unitName)]: rsp } } });
    assert.equal(ev.state === "failed" && ev.problem.text, "Broker request failed: bad key <redacted> here");
    const quiet = JSON.stringify({ "exit-code": 3, "request-id": EXAMPLE_ID });
    const ev2 = evaluateBrokerResponse({ unitName, requestId: EXAMPLE_ID, remoteUnits: { "ceph-mon/0": { [responseKey(unitName)]: quiet } } });
    assert.equal(ev2.state === "failed" && ev2.problem.text, "Broker request failed: exit code 3", "no stderr: the exit code");
  });

  it("prefers a success anywhere over a stale failure elsewhere", () => {
    const bags = {
      "ceph-mon/0": { [responseKey(unitName)]: '{"exit-code": 1, "stderr": "x"}' },
      "ceph-mon/1": { [responseKey(unitName)]: examples.broker.response_success_wire },
    };
    assert.equal(evaluateBrokerResponse({ unitName, requestId: EXAMPLE_ID, remoteUnits: bags }).state, "complete");
  });

  it("reports a response that is not JSON or not a response as invalid (blocked, naming the field)", () => {
    for (const bad of ["{not json", "[1,2]", '{"exit-code": [1]}', '"str"']) {
      const ev = evaluateBrokerResponse({ unitName, requestId: EXAMPLE_ID, remoteUnits: { "ceph-mon/0": { [responseKey(unitName)]: bad } } });
      assert.deepEqual(ev.state === "invalid" && [ev.problem.id, ev.problem.status, ev.problem.text], [
        "brokerInvalid",
        "blocked",
        "Invalid broker-rsp-ceph-csi-0 from ceph-mon/0: not a broker response",
      ], bad);
    }
  });

  it("stays complete from stored state when the answering mon left", () => {
    const ev = evaluateBrokerResponse({ unitName, requestId: `${EXAMPLE_ID}-r1`, remoteUnits: {}, completedRequestId: EXAMPLE_ID });
    assert.equal(ev.state, "complete");
    const other = evaluateBrokerResponse({ unitName, requestId: brokerRequest("new").requestId, remoteUnits: {}, completedRequestId: EXAMPLE_ID });
    assert.equal(other.state, "pending");
  });
});
