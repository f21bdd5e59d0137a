/**
 * End to end against a real single-node Ceph: a broker request the cluster rejects blocks the
 * unit with ceph's reason; relation hooks do not resend it; once the operator fixes the cause,
 * the next retry hook (update-status) sends it again and the unit recovers.
 * The monitor runs on non-default ports, so the published monitor carries its port
 * (`127.0.0.1:<v2>`) through the charm's private conf and the CSI ConfigMap.
 * Fails (never skips) when Ceph is not installed: startCeph throws in `before`.
 */
import assert from "node:assert/strict";
import { type RealCeph, startCeph } from "../harness/real-ceph/cluster.ts";
import { pickMonPorts } from "../harness/real-ceph/ports.ts";
import type { World } from "../harness/world.ts";
import { cephCsiConfig, storageClasses } from "../scenario/states.ts";
import { assertHooksOk as assertAllOk, processWorld as readyWorld, unitStatus } from "./process-world.ts";
import { asCsi, secretData } from "./real-ceph-creds.ts";

const FAILED = /^Broker request failed: Unexpected error occurred while processing requests: \{'api-version': 1, 'ops': \[/;

describe("e2e (real Ceph): a broker request the cluster rejects", function () {
  this.timeout(180_000);
  let ceph: RealCeph;
  let w: World;

  async function pools(): Promise<string[]> {
    return JSON.parse(await ceph.admin(["osd", "pool", "ls", "--format", "json"])) as string[];
  }
  /** The request-id our unit currently asks ceph-mon for. */
  function requestId(): string {
    const bag = w.juju.relation("ceph-client").localUnitData["ceph-csi/0"] ?? {};
    return (JSON.parse(bag["broker_req"] ?? "{}") as { "request-id"?: string })["request-id"] ?? "";
  }
  /** The cluster refuses new pools while mon_max_pg_per_osd is tiny (a runtime override). */
  async function maxPgPerOsd(n: number): Promise<void> {
    await ceph.admin(["tell", "mon.a", "injectargs", `--mon_max_pg_per_osd=${n}`]);
  }

  before(async () => {
    delete process.env["CEPH_CONF"];
    delete process.env["CEPH_ARGS"];
    ceph = await startCeph({ ports: await pickMonPorts(false) });
    w = await readyWorld({ ceph, relate: false });
  });
  after(async () => {
    await w?.stop();
    await ceph?.stop();
  });

  it("relate while ceph refuses pool creation → blocked with ceph's reason; no pool, nothing in Kubernetes", async () => {
    await maxPgPerOsd(1);
    assertAllOk(await w.relateClient());
    const s = unitStatus(w);
    assert.equal(s.status, "blocked");
    assert.match(s.message, FAILED);
    assert.ok(!s.message.includes("\n"));
    const p = await pools();
    assert.ok(!p.includes("xfs-pool") && !p.includes("ext4-pool"), p.join(","));
    assert.equal(w.objects("StorageClass").length, 0);
    assert.equal(w.kube.writes().length, 0);
  });

  it("a relation hook does not resend the failed request", async () => {
    const id = requestId();
    assert.ok(id);
    assertAllOk([await w.juju.runHook("ceph-client-relation-changed", { relationId: w.clientRel as number, remoteUnit: w.monLeader })]);
    assert.equal(requestId(), id);
    assert.match(unitStatus(w).message, FAILED);
  });

  it("update-status retries while the cause persists: a new request-id, still blocked", async () => {
    const id = requestId();
    assertAllOk(await w.juju.updateStatus());
    assert.notEqual(requestId(), id, "a new request-id");
    assertAllOk(await w.settle());
    assert.equal(unitStatus(w).status, "blocked");
    assert.match(unitStatus(w).message, FAILED);
    assert.ok(!(await pools()).includes("xfs-pool"));
  });

  it("after the operator fixes the cause, update-status retries and the unit becomes Ready with the pools in Ceph", async () => {
    await maxPgPerOsd(250);
    const id = requestId();
    assertAllOk(await w.juju.updateStatus());
    assert.notEqual(requestId(), id, "a new request-id");
    assertAllOk(await w.settle());
    assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
    const p = await pools();
    for (const pool of ["xfs-pool", "ext4-pool"]) {
      assert.ok(p.includes(pool), `${pool} in ${p.join(",")}`);
      const apps = JSON.parse(await ceph.admin(["osd", "pool", "application", "get", pool, "--format", "json"])) as Record<string, unknown>;
      assert.deepEqual(Object.keys(apps), ["rbd"], pool);
    }
    const scs = storageClasses(w);
    assert.deepEqual(Object.keys(scs).sort(), ["ceph-ext4", "ceph-xfs"]);
    assert.equal(scs["ceph-xfs"]?.parameters["clusterID"], ceph.fsid);
    // the monitor carries its non-default port, and CSI's credentials work with it as given
    const monitors = cephCsiConfig(w)[0]?.monitors ?? [];
    assert.deepEqual(monitors, [`127.0.0.1:${ceph.ports.v2}`]);
    const secret = secretData(w, "csi-rbd-secret");
    const creds = { id: secret["userID"] as string, key: secret["userKey"] as string, monitors };
    await asCsi("rbd", creds, ["create", "ext4-pool/after-recovery", "--size", "16M"]);
    assert.equal((await asCsi("rbd", creds, ["ls", "ext4-pool"])).trim(), "after-recovery");
    await asCsi("rbd", creds, ["rm", "ext4-pool/after-recovery"]);
    // steady again: the next update-status sends nothing new
    const id2 = requestId();
    assertAllOk(await w.juju.updateStatus());
    assert.equal(requestId(), id2);
    assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
  });
});
