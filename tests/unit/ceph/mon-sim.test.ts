/** The ceph-mon simulator in purely simulated mode, driven by the charm's own pure functions. */
import assert from "node:assert/strict";
import { parseAdminRelation } from "../../../src/ceph/admin-relation.ts";
import { brokerRequest, brokerRequestFromOps, evaluateBrokerResponse } from "../../../src/ceph/broker.ts";
import { clientUnitWrites, parseClientRelation } from "../../../src/ceph/client-relation.ts";
import {
  microcephAppBag,
  simulateAdminRelation,
  simulateClientRelation,
  simulatedBackend,
} from "../../harness/ceph-mon-sim/index.ts";

const MONS = ["ceph-mon/0", "ceph-mon/1", "ceph-mon/2"];

function charmBag(app: string, unit: string, request = brokerRequest(app)) {
  return clientUnitWrites({}, { app, unitName: unit, request });
}

describe("ceph-mon simulator (simulated cluster)", () => {
  it("answers the charm's request on the leader only; every mon gives key, auth and its address", async () => {
    const backend = simulatedBackend();
    const bags = await simulateClientRelation({
      requirerUnits: { "ceph-csi/0": charmBag("ceph-csi", "ceph-csi/0"), "ceph-csi/1": charmBag("ceph-csi", "ceph-csi/1") },
      mons: MONS,
      leader: "ceph-mon/1",
      backend,
      addresses: { "ceph-mon/0": "10.20.0.11", "ceph-mon/1": "10.20.0.12", "ceph-mon/2": "10.20.0.13" },
      rbdFeatures: 1,
    });
    const key = backend.state.users.get("ceph-csi")?.key;
    assert.ok(key);
    for (const mon of MONS) {
      assert.equal(bags[mon]?.["key"], key);
      assert.equal(bags[mon]?.["auth"], "cephx");
      assert.equal(bags[mon]?.["rbd-features"], "1");
    }
    assert.equal(bags["ceph-mon/0"]?.["broker-rsp-ceph-csi-0"], undefined);
    const id = brokerRequest("ceph-csi").requestId;
    assert.equal(bags["ceph-mon/1"]?.["broker-rsp-ceph-csi-0"], `{"exit-code": 0, "request-id": "${id}"}`);
    assert.equal(bags["ceph-mon/1"]?.["broker_rsp"], bags["ceph-mon/1"]?.["broker-rsp-ceph-csi-1"]);

    const parsed = parseClientRelation({ units: bags });
    assert.deepEqual(parsed, { ok: true, value: { monitors: ["10.20.0.11", "10.20.0.12", "10.20.0.13"], auth: "cephx", key, rbdFeatures: 1 } });
    assert.equal(evaluateBrokerResponse({ unitName: "ceph-csi/1", requestId: id, remoteUnits: bags }).state, "complete");
    assert.deepEqual([...backend.state.pools.keys()], ["xfs-pool", "ext4-pool"]);
    assert.deepEqual(backend.state.pools.get("xfs-pool")?.applications, ["rbd"]);
    assert.deepEqual(backend.state.users.get("ceph-csi")?.caps, {
      mon: "profile rbd, allow r",
      mds: "allow rw",
      mgr: "allow rw",
      osd: "profile rbd, allow rw tag cephfs metadata=*",
    });
  });

  it("writes nothing but Juju's address keys until ceph-mon is ready", async () => {
    const bags = await simulateClientRelation({
      requirerUnits: { "ceph-csi/0": charmBag("ceph-csi", "ceph-csi/0") },
      mons: MONS,
      leader: "ceph-mon/0",
      backend: simulatedBackend(),
      ready: false,
    });
    assert.deepEqual(Object.keys(bags["ceph-mon/0"] ?? {}).sort(), ["egress-subnets", "ingress-address", "private-address"]);
    const r = parseClientRelation({ units: bags });
    assert.deepEqual(r.ok ? undefined : [r.error.id, r.error.status, r.error.text], ["missingData", "waiting", "Ceph relation is missing data."]);
  });

  it("reports an unknown op with exit-code 1 and the request-id", async () => {
    const req = brokerRequestFromOps([{ op: "create-rbd-image", name: "x" }]);
    const bags = await simulateClientRelation({
      requirerUnits: { "ceph-csi/0": charmBag("ceph-csi", "ceph-csi/0", req) },
      mons: MONS,
      leader: "ceph-mon/0",
      backend: simulatedBackend(),
    });
    const ev = evaluateBrokerResponse({ unitName: "ceph-csi/0", requestId: req.requestId, remoteUnits: bags });
    assert.equal(ev.state === "failed" && ev.problem.text, "Broker request failed: Unknown operation 'create-rbd-image'");
    assert.equal(ev.state === "failed" && ev.requestId, req.requestId);
  });

  it("only the last op's result counts; an exception gives no request-id", async () => {
    const softThenOk = brokerRequestFromOps([
      { op: "create-pool", name: "ec", "pool-type": "erasure", "erasure-profile": "missing" },
      { op: "create-pool", name: "fine", replicas: 3, "app-name": "rbd" },
    ]);
    const backend = simulatedBackend();
    let bags = await simulateClientRelation({
      requirerUnits: { "a/0": charmBag("a", "a/0", softThenOk) },
      mons: ["ceph-mon/0"],
      leader: "ceph-mon/0",
      backend,
    });
    assert.equal(evaluateBrokerResponse({ unitName: "a/0", requestId: softThenOk.requestId, remoteUnits: bags }).state, "complete");

    const raises = brokerRequestFromOps([{ op: "create-pool", name: "p", replicas: 3, "crush-profile": "no-such-rule" }]);
    bags = await simulateClientRelation({
      requirerUnits: { "a/0": charmBag("a", "a/0", raises) },
      mons: ["ceph-mon/0"],
      leader: "ceph-mon/0",
      backend,
    });
    const rsp = JSON.parse(bags["ceph-mon/0"]?.["broker-rsp-a-0"] ?? "{}");
    assert.equal(rsp["request-id"], undefined);
    assert.match(rsp.stderr, /^Unexpected error occurred while processing requests: \{'api-version': 1, 'ops': \[\{'op': 'create-pool'/);
    const ev = evaluateBrokerResponse({ unitName: "a/0", requestId: raises.requestId, remoteUnits: bags });
    assert.equal(ev.state, "failed");
  });

  it("ignores a request without request-id or that is not JSON (no response)", async () => {
    const bags = await simulateClientRelation({
      requirerUnits: { "a/0": { "application-name": "a", broker_req: '{"api-version": 1, "ops": []}' }, "a/1": { broker_req: "{" } },
      mons: ["ceph-mon/0"],
      leader: "ceph-mon/0",
      backend: simulatedBackend(),
    });
    assert.deepEqual(Object.keys(bags["ceph-mon/0"] ?? {}).filter((k) => k.startsWith("broker")), []);
  });

  it("produces ceph-admin bags the charm accepts, and MicroCeph's app bag", async () => {
    const backend = simulatedBackend({ fsid: "6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21" });
    const bags = simulateAdminRelation({ mons: MONS, backend, addresses: { "ceph-mon/0": "10.0.0.2", "ceph-mon/1": "fd00::1", "ceph-mon/2": "10.0.0.1" } });
    assert.deepEqual(parseAdminRelation(bags), {
      ok: true,
      value: { fsid: backend.fsid, monHosts: ["10.0.0.1", "10.0.0.2", "[fd00::1]"], auth: "cephx", key: backend.adminKey },
    });
    assert.equal(bags["ceph-mon/0"]?.["mon_hosts"], "10.0.0.1 10.0.0.2 [fd00::1]");
    const client = await simulateClientRelation({
      requirerUnits: { "ceph-csi/0": charmBag("ceph-csi", "ceph-csi/0") },
      mons: ["microceph/0"],
      leader: "microceph/0",
      backend,
    });
    const r = parseClientRelation({ units: client, app: microcephAppBag(["10.1.0.1", "10.1.0.2"]) });
    assert.deepEqual(r.ok && r.value.monitors, ["10.1.0.1", "10.1.0.2", "10.20.0.11"]);
  });
});
