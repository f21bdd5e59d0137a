/**
 * Against a real single-node Ceph: the charm's broker request, played through the ceph-mon
 * simulator, creates the RBD pools and the charm's user; the user alone can then use RBD.
 * Fails (never skips) when Ceph is not installed.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BrokerRequest,
  brokerRequest,
  brokerRequestFromOps,
  currentRequest,
  csiBrokerOps,
  evaluateBrokerResponse,
  retryRequest,
} from "../../src/ceph/broker.ts";
import { clientUnitWrites, parseClientRelation } from "../../src/ceph/client-relation.ts";
import { FSID, parseFsid } from "../../src/ceph/commands.ts";
import { CONF_DIR_NAME, confDirSpec, confPaths } from "../../src/ceph/conf-files.ts";
import { RBD_POOLS } from "../../src/ceph/names.ts";
import { runCeph } from "../../src/host/ceph-process.ts";
import { syncDir } from "../../src/host/files.ts";
import { type CephBackend, realBackend, simulateClientRelation } from "../harness/ceph-mon-sim/index.ts";
import { asClient } from "../harness/real-ceph/as-client.ts";
import { type RealCeph, startCeph } from "../harness/real-ceph/cluster.ts";
import { withCharmConf } from "./charm-user.ts";

const APP = "ceph-csi";
const UNIT = "ceph-csi/0";
const MONS = ["ceph-mon/0", "ceph-mon/1", "ceph-mon/2"];

describe("real Ceph: broker request and RBD with the charm's user", function () {
  this.timeout(180_000);
  let ceph: RealCeph;
  let backend: CephBackend;
  let localBag: Record<string, string>;
  let charmDir: string;

  /** One round trip: the charm writes its unit bag, ceph-mon (simulated, real cluster) answers. */
  async function roundTrip(request: BrokerRequest) {
    Object.assign(localBag, clientUnitWrites(localBag, { app: APP, unitName: UNIT, request }));
    const monBags = await simulateClientRelation({ requirerUnits: { [UNIT]: localBag }, mons: MONS, leader: "ceph-mon/1", backend });
    return { monBags, evaluation: evaluateBrokerResponse({ unitName: UNIT, requestId: request.requestId, remoteUnits: monBags }) };
  }

  before(async () => {
    delete process.env["CEPH_CONF"];
    ceph = await startCeph();
    backend = realBackend(ceph);
    localBag = { "private-address": "10.5.0.21" };
    charmDir = mkdtempSync(join(tmpdir(), "charm-"));
  });
  after(async () => {
    await ceph?.stop();
    if (charmDir) rmSync(charmDir, { recursive: true, force: true });
  });

  it("a request the cluster rejects → failed with ceph's reason; a retry after the fix completes", async () => {
    // The cluster refuses new pools while mon_max_pg_per_osd is tiny (runtime override, beats ceph.conf).
    await ceph.admin(["tell", "mon.a", "injectargs", "--mon_max_pg_per_osd=1"]);
    const first = brokerRequest(APP);
    const failed = await roundTrip(first);
    assert.equal(failed.evaluation.state, "failed");
    assert.match(
      failed.evaluation.state === "failed" ? failed.evaluation.problem.text : "",
      /^Broker request failed: Unexpected error occurred while processing requests: \{'api-version': 1, 'ops': \[/,
    );
    // the operator fixes the cause; the charm retries the same ops under a new id
    await ceph.admin(["tell", "mon.a", "injectargs", "--mon_max_pg_per_osd=1000"]);
    const retry = retryRequest(currentRequest(csiBrokerOps(APP), localBag["broker_req"]));
    assert.equal(retry.requestId, `${first.requestId}-r1`);
    const ok = await roundTrip(retry);
    assert.deepEqual(ok.evaluation, { state: "complete", requestId: retry.requestId, unit: "ceph-mon/1" });
  });

  it("a soft failure of the last op carries ceph's own message and the request-id", async () => {
    const req = brokerRequestFromOps([
      { op: "create-pool", name: "csi-ec-data", "pool-type": "erasure", "erasure-profile": "csi-ec-typo", "app-name": "rbd" },
    ]);
    const monBags = await simulateClientRelation({
      requirerUnits: { "other/0": clientUnitWrites({}, { app: "other", unitName: "other/0", request: req }) },
      mons: MONS,
      leader: "ceph-mon/0",
      backend,
    });
    const ev = evaluateBrokerResponse({ unitName: "other/0", requestId: req.requestId, remoteUnits: monBags });
    assert.equal(ev.state === "failed" && ev.problem.text, "Broker request failed: erasure-profile csi-ec-typo does not exist.  Please create it with: create-erasure-profile");
    assert.equal(ev.state === "failed" && ev.requestId, req.requestId);
  });

  it("xfs-pool and ext4-pool exist with application rbd; client.ceph-csi has the requested caps", async () => {
    const pools = JSON.parse(await ceph.admin(["osd", "pool", "ls", "--format", "json"])) as string[];
    assert.ok(pools.includes(RBD_POOLS.xfs) && pools.includes(RBD_POOLS.ext4), pools.join(","));
    for (const pool of [RBD_POOLS.xfs, RBD_POOLS.ext4]) {
      const apps = JSON.parse(await ceph.admin(["osd", "pool", "application", "get", pool, "--format", "json"]));
      assert.deepEqual(Object.keys(apps), ["rbd"], pool);
    }
    const [entity] = JSON.parse(await ceph.admin(["auth", "get", `client.${APP}`, "--format", "json"])) as {
      caps: Record<string, string>;
    }[];
    assert.deepEqual(entity?.caps, {
      mds: "allow rw",
      mgr: "allow rw",
      mon: "profile rbd, allow r",
      osd: "profile rbd, allow rw tag cephfs metadata=*",
    });
  });

  it("with only the user, key and monitors from the relation: rbd create, ls, rm on xfs-pool", async () => {
    const monBags = (await roundTrip(currentRequest(csiBrokerOps(APP), localBag["broker_req"]))).monBags;
    const parsed = parseClientRelation({ units: monBags });
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value.monitors, [ceph.publicAddress]);
    const creds = { id: APP, key: parsed.value.key, monitors: parsed.value.monitors };
    await asClient("rbd", creds, ["create", "xfs-pool/csi-test", "--size", "16M"]);
    assert.deepEqual((await asClient("rbd", creds, ["ls", "xfs-pool"])).trim().split("\n"), ["csi-test"]);
    await asClient("rbd", creds, ["rm", "xfs-pool/csi-test"]);
    assert.equal((await asClient("rbd", creds, ["ls", "xfs-pool"])).trim(), "");
    // and it cannot do admin things
    await assert.rejects(asClient("ceph", creds, ["osd", "pool", "create", "forbidden"]), /EACCES|denied/i);
  });

  it("with the charm-written ceph.conf + keyring: rbd works and ceph fsid equals the cluster's", async () => {
    const parsed = parseClientRelation({
      units: await simulateClientRelation({ requirerUnits: { [UNIT]: localBag }, mons: MONS, leader: "ceph-mon/1", backend }),
    });
    assert.ok(parsed.ok);
    const spec = confDirSpec({ monitors: parsed.value.monitors, auth: parsed.value.auth, user: APP, key: parsed.value.key }, join(charmDir, CONF_DIR_NAME));
    assert.deepEqual(await syncDir(spec), { ok: true, value: { changed: true } });
    const conf = confPaths(spec, APP);
    await withCharmConf("rbd", conf, ["create", "xfs-pool/t2", "--size", "16M"]);
    assert.match(await withCharmConf("rbd", conf, ["ls", "xfs-pool"]), /^t2$/m);
    await withCharmConf("rbd", conf, ["rm", "xfs-pool/t2"]);
    assert.deepEqual(parseFsid(await runCeph({ paths: conf, args: FSID.args })), { ok: true, value: ceph.fsid });
  });
});
