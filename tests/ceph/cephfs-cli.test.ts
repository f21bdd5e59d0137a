/**
 * Against a real single-node Ceph with an MDS: the host CLI seam (fsid, fs ls, subvolume
 * group csi) with the charm's own user, ceph-admin data from the simulator, and timeouts.
 * Fails (never skips) when Ceph is not installed.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAdminRelation } from "../../src/ceph/admin-relation.ts";
import { brokerRequest } from "../../src/ceph/broker.ts";
import { cephCli } from "../../src/ceph/cli.ts";
import { clientUnitWrites, parseClientRelation } from "../../src/ceph/client-relation.ts";
import { buildCluster, ensureCsiSubvolumeGroups } from "../../src/ceph/cluster.ts";
import { type ConfFiles, writeConf } from "../../src/ceph/conf.ts";
import { realBackend, simulateAdminRelation, simulateClientRelation } from "../harness/ceph-mon-sim/index.ts";
import { type RealCeph, startCeph } from "../harness/real-ceph/cluster.ts";
import { asUser } from "./charm-user.ts";

const APP = "ceph-csi";
const UNIT = "ceph-csi/0";

describe("real Ceph: CephFS and the host CLI with the charm's user", function () {
  this.timeout(180_000);
  let ceph: RealCeph;
  let charmDir: string;
  let conf: ConfFiles;
  let key: string;
  let monitors: string[];

  before(async () => {
    delete process.env["CEPH_CONF"];
    ceph = await startCeph({ mds: true });
    charmDir = mkdtempSync(join(tmpdir(), "charm-"));
    await ceph.admin(["fs", "volume", "create", "ceph-fs"]);
    const local = clientUnitWrites({}, { app: APP, unitName: UNIT, request: brokerRequest(APP) });
    const bags = await simulateClientRelation({ requirerUnits: { [UNIT]: local }, mons: ["ceph-mon/0"], leader: "ceph-mon/0", backend: realBackend(ceph) });
    const parsed = parseClientRelation({ units: bags });
    assert.ok(parsed.ok);
    ({ key, monitors } = parsed.value);
    const w = await writeConf(charmDir, { monitors, auth: parsed.value.auth, user: APP, key });
    assert.ok(w.ok);
    conf = w.value;
  });
  after(async () => {
    await ceph?.stop();
    if (charmDir) rmSync(charmDir, { recursive: true, force: true });
  });

  it("builds the cluster model: fsid equals the cluster's, filesystems with their data pools", async () => {
    const parsed = parseClientRelation({
      units: { "ceph-mon/0": { auth: "cephx", key, "ceph-public-address": monitors.join(" ") } },
    });
    assert.ok(parsed.ok);
    const r = await buildCluster({ user: APP, client: parsed.value, cli: cephCli({ conf }), listFilesystems: true });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problem));
    assert.equal(r.value.fsid, ceph.fsid);
    assert.deepEqual(r.value.filesystems, [{ name: "ceph-fs", dataPools: ["cephfs.ceph-fs.data"] }]);
  });

  it("ensures subvolume group csi with the charm's user (idempotent), and a subvolume can be created with the same credentials", async () => {
    const cli = cephCli({ conf });
    const fs = await cli.fsLs();
    assert.ok(fs.ok);
    assert.deepEqual(await ensureCsiSubvolumeGroups(cli, fs.value), { ok: true, value: ["ceph-fs"] });
    assert.deepEqual(await ensureCsiSubvolumeGroups(cli, fs.value), { ok: true, value: [] });
    const groups = await cli.subvolumeGroupLs("ceph-fs");
    assert.ok(groups.ok && groups.value.includes("csi"));
    // what the CephFS Secret carries: user + key (+ monitors from the ConfigMap), nothing else
    const creds = { user: APP, key, monitors };
    await asUser("ceph", creds, ["fs", "subvolume", "create", "ceph-fs", "vol1", "--group_name", "csi", "--size", "33554432"]);
    const path = (await asUser("ceph", creds, ["fs", "subvolume", "getpath", "ceph-fs", "vol1", "--group_name", "csi"])).trim();
    assert.match(path, /^\/volumes\/csi\/vol1\//);
    await asUser("ceph", creds, ["fs", "subvolume", "rm", "ceph-fs", "vol1", "--group_name", "csi"]);
  });

  it("ceph-admin from the simulator: fsid and monitors match; the admin keyring stays in the private dir", async () => {
    const admin = parseAdminRelation(simulateAdminRelation({ mons: ["ceph-mon/0", "ceph-mon/1"], backend: realBackend(ceph) }));
    assert.ok(admin.ok && admin.value);
    assert.equal(admin.value.fsid, ceph.fsid);
    assert.deepEqual(admin.value.monHosts, [ceph.publicAddress]);
    const adminDir = mkdtempSync(join(tmpdir(), "charm-"));
    try {
      const w = await writeConf(adminDir, { monitors: admin.value.monHosts, auth: "cephx", user: APP, key, adminKey: admin.value.key });
      assert.ok(w.ok && w.value.adminKeyringPath?.startsWith(join(adminDir, "ceph-conf")));
      const cli = cephCli({ conf: w.value, asAdmin: true });
      assert.deepEqual(await cli.fsid(), { ok: true, value: ceph.fsid });
      const r = await cli.run("ceph auth get client.admin", ["auth", "get-key", "client.admin"]);
      assert.equal(r.ok && r.value.trim(), ceph.adminKey);
    } finally {
      rmSync(adminDir, { recursive: true, force: true });
    }
  });

  it("a CLI call that hangs (unreachable monitor) times out: waiting, naming the command", async () => {
    const deadDir = mkdtempSync(join(tmpdir(), "charm-"));
    try {
      const w = await writeConf(deadDir, { monitors: ["127.0.0.1:9"], auth: "cephx", user: APP, key });
      assert.ok(w.ok);
      const r = await cephCli({ conf: w.value, timeoutMs: 2000 }).fsid();
      assert.deepEqual(r, { ok: false, problem: { status: "waiting", message: "ceph fsid timed out after 2s" } });
    } finally {
      rmSync(deadDir, { recursive: true, force: true });
    }
  });

  it("a refused command becomes a blocked problem naming it, without the key", async () => {
    const r = await cephCli({ conf }).run("ceph osd pool create forbidden", ["osd", "pool", "create", "forbidden"]);
    assert.equal(r.ok, false);
    const message = !r.ok ? r.problem.message : "";
    assert.match(message, /^ceph osd pool create forbidden failed: .*(EACCES|denied)/i);
    assert.ok(!message.includes(key));
  });
});
