/**
 * The ceph-mon simulator over a real single-node Ceph does what ceph-mon's real code was seen
 * doing (ceph-mon-protocol.md §7). Fails (never skips) when Ceph is not installed.
 */
import assert from "node:assert/strict";
import { realBackend } from "../../harness/ceph-mon-sim/index.ts";
import { asClient } from "../../harness/real-ceph/as-client.ts";
import { type RealCeph, startCeph } from "../../harness/real-ceph/cluster.ts";
import { answer, brokerReq, createPoolOp, responseOf, setKeyPermissionsOp } from "./support.ts";

const CAPS = ["mon", "profile rbd, allow r", "osd", "profile rbd"];

interface PoolDetail {
  pool_name: string;
  size: number;
  pg_num: number;
  options: Record<string, unknown>;
  application_metadata: Record<string, unknown>;
}

describe("ceph-mon simulator against real Ceph (§7)", function () {
  this.timeout(180_000);
  let ceph: RealCeph;

  before(async () => {
    ceph = await startCeph();
  });
  after(async () => ceph?.stop());

  async function caps(entity: string): Promise<Record<string, string>> {
    const [e] = JSON.parse(await ceph.admin(["auth", "get", entity, "--format", "json"])) as { caps: Record<string, string> }[];
    return e?.caps ?? {};
  }

  it("the key exists before the broker runs: a new user's set-key-permissions applies in the same round", async () => {
    const bag = await answer(realBackend(ceph), "csi", brokerReq("r1", [createPoolOp("xfs-pool"), setKeyPermissionsOp("csi", CAPS)]));
    assert.deepEqual(responseOf(bag, "csi"), { "exit-code": 0, "request-id": "r1" });
    assert.deepEqual(await caps("client.csi"), { mon: "profile rbd, allow r", osd: "profile rbd" });
    const key = (await ceph.admin(["auth", "get-key", "client.csi"])).trim();
    assert.ok(key !== "" && bag["key"] === key, "the bag carries the user's key");
  });

  it("creates the pool like ceph-mon: no `rbd pool init` (the pool holds no object), PG count, target_size_ratio, application rbd; RBD works", async () => {
    await answer(realBackend(ceph), "csi", brokerReq("r1", [createPoolOp("xfs-pool"), setKeyPermissionsOp("csi", CAPS)]));
    const pools = JSON.parse(await ceph.admin(["osd", "pool", "ls", "detail", "--format", "json"])) as PoolDetail[];
    const p = pools.find((x) => x.pool_name === "xfs-pool");
    assert.ok(p);
    // one OSD: 100*1*0.4//3 = 13 → 16; size 3 capped to the one OSD (see realBackend)
    assert.deepEqual([p.pg_num, p.size, p.options["target_size_ratio"], p.options["pg_num_min"]], [16, 1, 0.4, 16]);
    assert.deepEqual(Object.keys(p.application_metadata), ["rbd"]);
    const admin = { id: "admin", key: ceph.adminKey, monitors: [ceph.publicAddress] };
    assert.equal(await asClient("rados", admin, ["-p", "xfs-pool", "ls"]), "", "rbd pool init would have written rbd_info");
    const creds = { id: "csi", key: (await ceph.admin(["auth", "get-key", "client.csi"])).trim(), monitors: [ceph.publicAddress] };
    await asClient("rbd", creds, ["create", "xfs-pool/img", "--size", "16M"]);
    assert.equal((await asClient("rbd", creds, ["ls", "xfs-pool"])).trim(), "img");
    await asClient("rbd", creds, ["rm", "xfs-pool/img"]);
  });

  it("an empty pool name fails in `ceph osd pool create` (EINVAL): exit-code 1, Python repr, no request-id", async () => {
    const rsp = responseOf(await answer(realBackend(ceph), "other", brokerReq("r2", [createPoolOp("")])), "other");
    assert.deepEqual(Object.keys(rsp), ["exit-code", "stderr"]);
    assert.match(String(rsp["stderr"]), /^Unexpected error occurred while processing requests: \{'api-version': 1, 'ops': \[\{'op': 'create-pool', 'name': '', .*'weight': 40\.0\}\], 'request-id': 'r2'\}$/);
  });

  it("a `ceph auth caps` that Ceph refuses is silent (exit-code 0) and leaves the caps as they were", async () => {
    await answer(realBackend(ceph), "third", undefined);
    const before = await caps("client.third");
    assert.deepEqual(before, { mon: 'allow r; allow command "osd blacklist"; allow command "osd blocklist"', osd: "allow rwx" });
    const rsp = responseOf(await answer(realBackend(ceph), "third", brokerReq("r3", [setKeyPermissionsOp("third", ["mon", "allow bogus-cap"])])), "third");
    assert.deepEqual(rsp, { "exit-code": 0, "request-id": "r3" });
    assert.deepEqual(await caps("client.third"), before);
  });
});
