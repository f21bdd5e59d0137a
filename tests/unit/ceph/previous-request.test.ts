/** The Python charm's broker request, recognized after a switch (src/ceph/previous-request.ts). */
import assert from "node:assert/strict";
import { brokerRequest } from "../../../src/ceph/broker.ts";
import { foreignCompletion, previousRequestCovers } from "../../../src/ceph/previous-request.ts";
import { nextStep, previousRelease } from "../../../src/charm/release-pin.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";
import { PYTHON_REQUEST_ID, pythonBrokerReq, pythonObjects } from "../../scenario/switch-state.ts";

const UNIT = "ceph-csi/0";
const ours = brokerRequest("ceph-csi");
const answer = (id: string | undefined, code: unknown = 0) => JSON.stringify({ "exit-code": code, ...(id !== undefined ? { "request-id": id } : {}) });

describe("the previous charm's broker request", () => {
  it("an answer to this unit for another request is found; ours, failures and other units' are not", () => {
    assert.equal(foreignCompletion(UNIT, { "ceph-mon/0": { "broker-rsp-ceph-csi-0": answer(PYTHON_REQUEST_ID) } }, ours.requestId), PYTHON_REQUEST_ID);
    assert.equal(foreignCompletion(UNIT, { "ceph-mon/0": { "broker-rsp-ceph-csi-0": answer(ours.requestId) } }, ours.requestId), undefined);
    assert.equal(foreignCompletion(UNIT, { "ceph-mon/0": { "broker-rsp-ceph-csi-0": answer(`${ours.baseId}-r1`) } }, ours.requestId), undefined);
    assert.equal(foreignCompletion(UNIT, { "ceph-mon/0": { "broker-rsp-ceph-csi-0": answer(PYTHON_REQUEST_ID, 1) } }, ours.requestId), undefined);
    assert.equal(foreignCompletion(UNIT, { "ceph-mon/0": { "broker-rsp-ceph-csi-1": answer(PYTHON_REQUEST_ID) } }, ours.requestId), undefined);
    assert.equal(foreignCompletion(UNIT, { "ceph-mon/0": { "broker-rsp-ceph-csi-0": "not json" } }, ours.requestId), undefined);
  });

  it("the Python charm's request covers the pools and caps; another app's, other pools or other caps do not", () => {
    assert.equal(previousRequestCovers(pythonBrokerReq(), PYTHON_REQUEST_ID, "ceph-csi"), true);
    assert.equal(previousRequestCovers(pythonBrokerReq(), "another-id", "ceph-csi"), false, "the answer must be for this request");
    assert.equal(previousRequestCovers(pythonBrokerReq("other"), PYTHON_REQUEST_ID, "ceph-csi"), false);
    assert.equal(previousRequestCovers(pythonBrokerReq().replace('"ext4-pool"', '"other-pool"'), PYTHON_REQUEST_ID, "ceph-csi"), false);
    assert.equal(previousRequestCovers(pythonBrokerReq().replace("allow rw tag cephfs", "allow r tag cephfs"), PYTHON_REQUEST_ID, "ceph-csi"), false);
    assert.equal(previousRequestCovers(undefined, PYTHON_REQUEST_ID, "ceph-csi"), false);
    assert.equal(previousRequestCovers("{", PYTHON_REQUEST_ID, "ceph-csi"), false);
  });

  it("the running release is read from the previous charm's objects only", () => {
    const objects = pythonObjects() as unknown as KubeObject[];
    assert.equal(previousRelease(objects, "ceph-csi"), "v3.9.0");
    assert.equal(previousRelease(objects, "other"), undefined);
    const ownedByUs = objects.map((o) => ({ ...o, metadata: { ...o.metadata, managedFields: [{ manager: "ceph-csi", operation: "Apply" }] } }));
    assert.equal(previousRelease(ownedByUs, "ceph-csi"), undefined, "objects this charm applied pin nothing");
  });
});

describe("the next upgrade step of a kept release", () => {
  it("is the newest patch of the next minor release, never past the chosen one", () => {
    const known = ["v3.16.0", "v3.15.1", "v3.15.0", "v3.12.3", "v3.11.0", "v3.10.2", "v3.10.1", "v3.10.0", "v3.9.0"];
    assert.equal(nextStep("v3.9.0", "v3.16.0", known), "v3.10.2");
    assert.equal(nextStep("v3.10.2", "v3.16.0", known), "v3.11.0");
    assert.equal(nextStep("v3.11.0", "v3.16.0", known), "v3.12.3", "a minor the charm does not carry is skipped");
    assert.equal(nextStep("v3.15.0", "v3.16.0", known), "v3.15.1");
    assert.equal(nextStep("v3.9.0", "v3.10.1", known), "v3.10.1");
    assert.equal(nextStep("v3.16.0", "v3.15.1", known), "v3.15.1", "nothing newer to go to: the chosen one");
  });
});
