/**
 * The ceph-mon simulator follows what ceph-mon's real code did (ceph-mon-protocol.md §7), here
 * over the in-memory backend. The same behaviours against real Ceph: real-ceph.test.ts.
 */
import assert from "node:assert/strict";
import { type CephBackend, processBrokerRequest, responseWire, simulatedBackend } from "../../harness/ceph-mon-sim/index.ts";
import { answer, brokerReq, createPoolOp, responseOf, setKeyPermissionsOp } from "./support.ts";

const CAPS = ["mon", "profile rbd, allow r", "osd", "profile rbd"];

/** The simulated backend, recording which backend operations ran, in order. */
function spied(): { backend: ReturnType<typeof simulatedBackend>; calls: string[] } {
  const backend = simulatedBackend();
  const calls: string[] = [];
  for (const name of Object.keys(backend) as (keyof CephBackend)[]) {
    const f = backend[name];
    if (typeof f !== "function") continue;
    (backend as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      calls.push(name);
      return (f as (...a: unknown[]) => unknown).apply(backend, args);
    };
  }
  return { backend, calls };
}

describe("ceph-mon simulator: behaviour seen in ceph-mon's real code (§7)", () => {
  it("creates the client key with the default caps before the broker runs, so set-key-permissions applies at once", async () => {
    const { backend, calls } = spied();
    const bag = await answer(backend, "csi", brokerReq("r1", [createPoolOp("p1"), setKeyPermissionsOp("csi", CAPS)]));
    assert.equal(calls[0], "getOrCreateKey");
    assert.ok(calls.indexOf("setCaps") > calls.indexOf("createReplicatedPool"));
    assert.deepEqual(backend.state.users.get("csi")?.caps, { mon: "profile rbd, allow r", osd: "profile rbd" });
    assert.deepEqual(responseOf(bag, "csi"), { "exit-code": 0, "request-id": "r1" });
    assert.ok(bag["key"] !== undefined && bag["key"] === backend.state.users.get("csi")?.key, "the bag carries the user's key");
  });

  it("a request that raises still leaves the key in place and sent", async () => {
    const backend = simulatedBackend();
    const bag = await answer(backend, "csi", brokerReq("r1", [createPoolOp("")]));
    assert.ok(backend.state.users.has("csi"));
    assert.ok(bag["key"] !== undefined && bag["key"] === backend.state.users.get("csi")?.key, "the bag carries the user's key");
  });

  it("an empty pool name reaches `ceph osd pool create` and raises: exit-code 1, Python repr, no request-id", async () => {
    const backend = simulatedBackend();
    const req = brokerReq("r1", [createPoolOp("")]);
    const rsp = responseOf(await answer(backend, "csi", req), "csi");
    assert.deepEqual(Object.keys(rsp), ["exit-code", "stderr"]);
    assert.equal(rsp["exit-code"], 1);
    assert.equal(
      rsp["stderr"],
      "Unexpected error occurred while processing requests: {'api-version': 1, 'ops': [{'op': 'create-pool', 'name': '', " +
        "'replicas': 3, 'pg_num': None, 'app-name': 'rbd', 'weight': 40.0}], 'request-id': 'r1'}",
    );
    assert.equal(backend.state.pools.size, 0);
  });

  it("a missing name or replicas is a soft 'Missing parameter.' (with the id); null replicas raises", async () => {
    const backend = simulatedBackend();
    const noName = await processBrokerRequest(backend, brokerReq("a", ['{"op": "create-pool", "replicas": 3}']));
    assert.deepEqual(noName, { "exit-code": 1, stderr: "Missing parameter.", "request-id": "a" });
    const noReplicas = await processBrokerRequest(backend, brokerReq("b", ['{"op": "create-pool", "name": "p"}']));
    assert.deepEqual(noReplicas, { "exit-code": 1, stderr: "Missing parameter.", "request-id": "b" });
    const nullReplicas = await processBrokerRequest(backend, brokerReq("c", ['{"op": "create-pool", "name": "p", "replicas": null}']));
    assert.equal(nullReplicas?.["request-id"], undefined);
    assert.match(nullReplicas?.stderr ?? "", /^Unexpected error occurred while processing requests: /);
    const floatReplicas = await processBrokerRequest(backend, brokerReq("d", ['{"op": "create-pool", "name": "p", "replicas": 3.0}']));
    assert.equal(floatReplicas?.["request-id"], undefined, "3.0 is a Python float, not an int");
    assert.equal(backend.state.pools.size, 0);
  });

  it("does not run `rbd pool init`; sizes the pool like charm-helpers: pg_num from the PG calculator, size, target_size_ratio, app", async () => {
    const { backend, calls } = spied();
    await answer(backend, "csi", brokerReq("r1", [createPoolOp("xfs-pool")]));
    // 3 OSDs (the simulated default), weight 40, 3 replicas: 100*3*0.4//3 = 40 → 32
    assert.deepEqual(backend.state.pools.get("xfs-pool"), { type: "replicated", size: 3, pgNum: 32, targetSizeRatio: 0.4, applications: ["rbd"] });
    assert.deepEqual(
      calls.filter((c) => !["osdCount", "poolExists", "getOrCreateKey"].includes(c)),
      ["createReplicatedPool", "enableApplication"],
    );
    const one = simulatedBackend({ osds: 1 });
    await answer(one, "csi", brokerReq("r1", [createPoolOp("xfs-pool")]));
    assert.equal(one.state.pools.get("xfs-pool")?.pgNum, 16, "1 OSD: 100*1*0.4//3 = 13 → 16");
  });

  it("only the last op's soft error survives; an unknown op answers with the id", async () => {
    const backend = simulatedBackend();
    const twoSoft = await processBrokerRequest(
      backend,
      brokerReq("x", [
        '{"op": "create-pool", "pool-type": "erasure", "name": "e1", "erasure-profile": "nope-1"}',
        '{"op": "create-pool", "pool-type": "erasure", "name": "e2", "erasure-profile": "nope-2"}',
      ]),
    );
    assert.deepEqual(twoSoft, {
      "exit-code": 1,
      stderr: "erasure-profile nope-2 does not exist.  Please create it with: create-erasure-profile",
      "request-id": "x",
    });
    assert.deepEqual(await processBrokerRequest(backend, brokerReq("y", ['{"op": "create-rbd-image"}'])), {
      "exit-code": 1,
      stderr: "Unknown operation 'create-rbd-image'",
      "request-id": "y",
    });
    assert.deepEqual(await processBrokerRequest(backend, brokerReq("z", ['{"name": "p"}'])), {
      "exit-code": 1,
      stderr: "Unknown operation 'None'",
      "request-id": "z",
    });
  });

  it("a failing `ceph auth caps` in set-key-permissions is silent: exit-code 0", async () => {
    const backend = simulatedBackend();
    const rsp = await processBrokerRequest(backend, brokerReq("k", [setKeyPermissionsOp("nobody", CAPS)]));
    assert.deepEqual(rsp, { "exit-code": 0, "request-id": "k" });
    assert.equal(backend.state.users.has("nobody"), false);
  });

  it("api-version is compared like Python's == 1 (1, 1.0, true pass); anything else is answered with its str()", async () => {
    const backend = simulatedBackend();
    for (const v of ["1.0", "true"]) {
      assert.deepEqual(await processBrokerRequest(backend, brokerReq("v", [], v)), { "exit-code": 0, "request-id": "v" }, v);
    }
    assert.deepEqual(await processBrokerRequest(backend, brokerReq("v", [], '"1"')), {
      "exit-code": 1,
      stderr: "Missing or invalid api version (1)",
      "request-id": "v",
    });
  });

  it("writes answers as Python's json.dumps: ', ' and ': ' separators, non-ASCII escaped", () => {
    assert.equal(responseWire({ "exit-code": 1, stderr: "pool 'é'", "request-id": "r" }), '{"exit-code": 1, "stderr": "pool \'\\u00e9\'", "request-id": "r"}');
  });
});
