/**
 * End to end against a real single-node Ceph: the charm's real dispatch runs in the fake hook
 * environment, the ceph-mon simulator answers with real `ceph` commands, and the charm itself
 * runs the real `ceph` CLI with its private conf. Then the credentials the charm put into
 * Kubernetes (and only those) are used the way Ceph CSI would use them.
 * Fails (never skips) when Ceph is not installed: startCeph throws in `before`.
 */
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { type RealCeph, startCeph } from "../harness/real-ceph/cluster.ts";
import type { LiveObject, World } from "../harness/world.ts";
import { cephCsiConfig, storageClasses } from "../scenario/states.ts";
import { assertHooksOk as assertAllOk, processWorld as readyWorld, unitStatus } from "./process-world.ts";
import { asCsi, type Creds, secretData } from "./real-ceph-creds.ts";

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

describe("e2e (real Ceph): the charm through the fake hook environment", function () {
  this.timeout(180_000);
  let ceph: RealCeph;
  let w: World;

  before(async () => {
    delete process.env["CEPH_CONF"];
    delete process.env["CEPH_ARGS"];
    ceph = await startCeph({ mds: true });
    w = await readyWorld({ ceph, relate: false });
  });
  after(async () => {
    await w?.stop();
    await ceph?.stop();
  });

  it("deploy + relate ceph-client → Ready; pools, caps and fsid match the real cluster", async () => {
    assertAllOk(await w.relateClient());
    assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });

    const pools = JSON.parse(await ceph.admin(["osd", "pool", "ls", "--format", "json"])) as string[];
    for (const pool of ["xfs-pool", "ext4-pool"]) {
      assert.ok(pools.includes(pool), `${pool} in ${pools.join(",")}`);
      const apps = JSON.parse(await ceph.admin(["osd", "pool", "application", "get", pool, "--format", "json"])) as Record<string, unknown>;
      assert.deepEqual(Object.keys(apps), ["rbd"], pool);
    }
    const [entity, ...more] = JSON.parse(await ceph.admin(["auth", "get", "client.ceph-csi", "--format", "json"])) as {
      entity: string;
      caps: Record<string, string>;
    }[];
    assert.equal(more.length, 0);
    assert.equal(entity?.entity, "client.ceph-csi");
    assert.deepEqual(entity?.caps, {
      mds: "allow rw",
      mgr: "allow rw",
      mon: "profile rbd, allow r",
      osd: "profile rbd, allow rw tag cephfs metadata=*",
    });

    const scs = storageClasses(w);
    assert.deepEqual(Object.keys(scs).sort(), ["ceph-ext4", "ceph-xfs"]);
    assert.equal(scs["ceph-xfs"]?.parameters["clusterID"], ceph.fsid);
    assert.equal(scs["ceph-ext4"]?.parameters["clusterID"], ceph.fsid);
    assert.equal(scs["ceph-xfs"]?.parameters["pool"], "xfs-pool");
    assert.equal(scs["ceph-ext4"]?.parameters["pool"], "ext4-pool");
    const config = cephCsiConfig(w);
    assert.equal(config.length, 1);
    assert.equal(config[0]?.clusterID, ceph.fsid);
    assert.deepEqual(config[0]?.monitors, [ceph.publicAddress]);

    // the charm's private client configuration, in the unit's charm dir
    const dir = join(w.juju.charmDir, "ceph-conf");
    assert.equal(mode(dir), 0o700);
    // Beside the conf and keyring: the inputs kept for update-status (they hold the key too: 0600 here, never unit state).
    assert.deepEqual(readdirSync(dir).sort(), [".observed-inputs-ceph-csi-0", "ceph.client.ceph-csi.keyring", "ceph.conf"]);
    assert.equal(mode(join(dir, ".observed-inputs-ceph-csi-0")), 0o600);
    assert.equal(mode(join(dir, "ceph.client.ceph-csi.keyring")), 0o600);
  });

  it("with only the Secret's user and key and the ConfigMap's monitors: rbd create, ls, rm on xfs-pool", async () => {
    const secret = secretData(w, "csi-rbd-secret");
    assert.equal(secret["userID"], "ceph-csi");
    assert.notEqual(secret["userKey"], ceph.adminKey);
    const monitors = cephCsiConfig(w)[0]?.monitors ?? [];
    assert.ok(monitors.length > 0);
    const creds: Creds = { id: secret["userID"] as string, key: secret["userKey"] as string, monitors };

    await asCsi("rbd", creds, ["create", "xfs-pool/e2e-img", "--size", "16M"]);
    assert.deepEqual((await asCsi("rbd", creds, ["ls", "xfs-pool"])).trim().split("\n"), ["e2e-img"]);
    // the image is really there, seen by the admin
    assert.match(await ceph.rbd(["info", "xfs-pool/e2e-img"]), /size 16 MiB/);
    await asCsi("rbd", creds, ["rm", "xfs-pool/e2e-img"]);
    assert.equal((await asCsi("rbd", creds, ["ls", "xfs-pool"])).trim(), "");
    // the same credentials cannot administer the cluster
    await assert.rejects(asCsi("ceph", creds, ["osd", "pool", "create", "not-allowed"]), /EACCES|denied/i);
  });

  it("cephfs-enable with a filesystem: class with fsName and data pool, subvolume group csi, a subvolume with the CephFS Secret", async () => {
    await ceph.admin(["fs", "volume", "create", "ceph-fs"]);
    const fsLs = JSON.parse(await ceph.admin(["fs", "ls", "--format", "json"])) as { name: string; data_pools: string[] }[];
    const dataPool = fsLs.find((f) => f.name === "ceph-fs")?.data_pools[0];
    assert.ok(dataPool, "the volume has a data pool");
    const groupsBefore = JSON.parse((await ceph.admin(["fs", "subvolumegroup", "ls", "ceph-fs", "--format", "json"])) || "[]") as { name: string }[];
    assert.ok(!groupsBefore.some((g) => g.name === "csi"), "no csi group before the charm runs");

    assertAllOk(await w.juju.setConfig({ "cephfs-enable": true }));
    assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
    const cephfs = storageClasses(w)["cephfs"];
    assert.ok(cephfs, "the cephfs StorageClass exists");
    assert.equal(cephfs.provisioner, "cephfs.csi.ceph.com");
    assert.equal(cephfs.parameters["fsName"], "ceph-fs");
    assert.equal(cephfs.parameters["pool"], dataPool);
    assert.equal(cephfs.parameters["clusterID"], ceph.fsid);

    const groups = JSON.parse(await ceph.admin(["fs", "subvolumegroup", "ls", "ceph-fs", "--format", "json"])) as { name: string }[];
    assert.ok(groups.some((g) => g.name === "csi"), JSON.stringify(groups));

    const secret = secretData(w, "csi-cephfs-secret");
    const monitors = cephCsiConfig(w)[0]?.monitors ?? [];
    const creds: Creds = { id: secret["adminID"] as string, key: secret["adminKey"] as string, monitors };
    assert.equal(creds.id, "ceph-csi");
    assert.notEqual(creds.key, ceph.adminKey);
    await asCsi("ceph", creds, ["fs", "subvolume", "create", "ceph-fs", "e2e-vol", "--group_name", "csi", "--size", "33554432"]);
    const path = (await asCsi("ceph", creds, ["fs", "subvolume", "getpath", "ceph-fs", "e2e-vol", "--group_name", "csi"])).trim();
    assert.match(path, /^\/volumes\/csi\/e2e-vol\//);
    await asCsi("ceph", creds, ["fs", "subvolume", "rm", "ceph-fs", "e2e-vol", "--group_name", "csi"]);
    const left = JSON.parse(await ceph.admin(["fs", "subvolume", "ls", "ceph-fs", "--group_name", "csi", "--format", "json"])) as unknown[];
    assert.deepEqual(left, []);

    // {pool-id}: the id Ceph gives the data pool, from `ceph fs ls`.
    const poolId = (JSON.parse(await ceph.admin(["fs", "ls", "--format", "json"])) as { name: string; data_pool_ids: number[] }[]).find((f) => f.name === "ceph-fs")?.data_pool_ids[0];
    assert.equal(typeof poolId, "number");
    assertAllOk(await w.juju.setConfig({ "cephfs-storage-class-name-formatter": "{name}-{pool-id}" }));
    assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
    assert.equal(storageClasses(w)[`ceph-fs-${poolId}`]?.parameters["pool"], dataPool, Object.keys(storageClasses(w)).join(", "));
    assertAllOk(await w.juju.setConfig({ "cephfs-storage-class-name-formatter": null }));

    // A csi group deleted behind the charm's back is there again after the next hook.
    await ceph.admin(["fs", "subvolumegroup", "rm", "ceph-fs", "csi"]);
    assertAllOk(await w.juju.updateStatus());
    const again = JSON.parse(await ceph.admin(["fs", "subvolumegroup", "ls", "ceph-fs", "--format", "json"])) as { name: string }[];
    assert.ok(again.some((g) => g.name === "csi"), JSON.stringify(again));
  });

  it("with ceph-admin related: the fsid still equals the cluster's; the admin key reaches no request, relation bag, log or status", async () => {
    assertAllOk(await w.relateAdmin());
    assertAllOk(await w.juju.updateStatus());
    assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
    assert.equal(storageClasses(w)["ceph-xfs"]?.parameters["clusterID"], ceph.fsid);
    assert.equal(cephCsiConfig(w)[0]?.clusterID, ceph.fsid);
    // the charm keeps client.admin's keyring only in its private dir
    const dir = join(w.juju.charmDir, "ceph-conf");
    assert.equal(mode(join(dir, "ceph.client.admin.keyring")), 0o600);

    const admin = ceph.adminKey;
    const where: string[] = [];
    for (const r of w.kube.requests) if (JSON.stringify(r.body ?? "").includes(admin)) where.push(`${r.method} ${r.path}`);
    for (const o of w.kube.cluster.all() as unknown as LiveObject[]) {
      if (JSON.stringify(o).includes(admin)) where.push(`object ${o.kind}/${o.metadata.name}`);
      const data = (o["data"] as Record<string, string> | undefined) ?? {};
      for (const v of Object.values(data)) if (Buffer.from(v, "base64").toString("utf8").includes(admin)) where.push(`base64 ${o.kind}/${o.metadata.name}`);
    }
    const s = w.juju.state;
    for (const rel of s.relations) {
      if (JSON.stringify([rel.localAppData, rel.localUnitData]).includes(admin)) where.push(`relation ${rel.endpoint}`);
    }
    for (const l of s.logs) if (l.message.includes(admin)) where.push(`juju-log ${l.hook}`);
    for (const u of s.units) {
      if (JSON.stringify([u.status, u.statusHistory, u.storedState]).includes(admin)) where.push(`unit ${u.name}`);
    }
    if (JSON.stringify([s.appStatus, s.appStatusHistory, s.leaderSettings]).includes(admin)) where.push("app status / leader settings");
    for (const h of w.juju.history) if (h.stdout.includes(admin) || h.stderr.includes(admin)) where.push(`output of ${h.name}`);
    for (const c of s.toolCalls) {
      if (JSON.stringify([c.args, c.stdin ?? ""]).includes(admin)) where.push(`${c.tool} in ${c.hook}`);
    }
    assert.deepEqual(where, []);
  });
});
