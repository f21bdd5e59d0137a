/**
 * Against a real single-node Ceph with an MDS: the host Ceph seam (runCeph) and the commands as
 * data (fsid, fs ls with pool ids, subvolume group csi) with the charm's own user and its private
 * conf dir, ceph-admin data from the simulator, and timeouts. Fails (never skips) when Ceph is not
 * installed.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAdminRelation } from "../../src/ceph/admin-relation.ts";
import { brokerRequest } from "../../src/ceph/broker.ts";
import { clientUnitWrites, parseClientRelation } from "../../src/ceph/client-relation.ts";
import type { CephCluster } from "../../src/ceph/cluster.ts";
import {
  type CephCommand,
  FS_LS,
  FSID,
  outputOf,
  parseDone,
  parseFsid,
  parseFsLs,
  parseSubvolumeGroups,
  subvolumeGroupCreate,
  subvolumeGroupLs,
} from "../../src/ceph/commands.ts";
import { CONF_DIR_NAME, type ConfInput, type ConfPaths, confDirSpec, confPaths } from "../../src/ceph/conf-files.ts";
import { CSI_SUBVOLUME_GROUP, RBD_POOLS } from "../../src/ceph/names.ts";
import { parseConfig } from "../../src/config/parse.ts";
import { runCeph } from "../../src/host/ceph-process.ts";
import { syncDir } from "../../src/host/files.ts";
import { render, storageClassNames } from "../../src/manifests/render.ts";
import { realBackend, simulateAdminRelation, simulateClientRelation } from "../harness/ceph-mon-sim/index.ts";
import { asClient } from "../harness/real-ceph/as-client.ts";
import { type RealCeph, startCeph } from "../harness/real-ceph/cluster.ts";

const APP = "ceph-csi";
const UNIT = "ceph-csi/0";

/** Writes the private conf dir under `charmDir` as the charm does; where its files are. */
async function writeConf(charmDir: string, input: ConfInput): Promise<ConfPaths> {
  const spec = confDirSpec(input, join(charmDir, CONF_DIR_NAME));
  const w = await syncDir(spec);
  assert.ok(w.ok, w.ok ? "" : w.error);
  return confPaths(spec, input.user);
}

describe("real Ceph: CephFS and the host CLI with the charm's user", function () {
  this.timeout(180_000);
  let ceph: RealCeph;
  let charmDir: string;
  let paths: ConfPaths;
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
    paths = await writeConf(charmDir, { monitors, auth: parsed.value.auth, user: APP, key });
  });
  after(async () => {
    await ceph?.stop();
    if (charmDir) rmSync(charmDir, { recursive: true, force: true });
  });

  const run = (cmd: CephCommand, o: { asAdmin?: boolean; paths?: ConfPaths; timeoutMs?: number } = {}) =>
    runCeph({ paths: o.paths ?? paths, args: cmd.args, ...(o.asAdmin ? { asAdmin: true } : {}), ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) });

  it("reads the cluster facts: fsid equals the cluster's; filesystems with their data pools and pool ids", async () => {
    assert.deepEqual(parseFsid(await run(FSID)), { ok: true, value: ceph.fsid });
    const fs = parseFsLs(await run(FS_LS));
    assert.ok(fs.ok, fs.ok ? "" : fs.error.text);
    const dump = JSON.parse(await ceph.admin(["osd", "dump", "--format", "json"])) as { pools: { pool: number; pool_name: string }[] };
    const dataId = dump.pools.find((p) => p.pool_name === "cephfs.ceph-fs.data")?.pool;
    assert.equal(typeof dataId, "number");
    assert.deepEqual(fs.value, [{ name: "ceph-fs", dataPools: ["cephfs.ceph-fs.data"], dataPoolIds: [dataId] }]);

    // what the facts give: a {name}-{pool-id} StorageClass named after the real pool id
    const cluster: CephCluster = { fsid: ceph.fsid, monitors, auth: "cephx", user: APP, key, rbdPools: { ...RBD_POOLS }, filesystems: fs.value };
    const config = parseConfig({ "cephfs-enable": true, "cephfs-storage-class-name-formatter": "{name}-{pool-id}" });
    assert.ok(config.ok);
    const rendered = render({ app: APP, config: config.value, cluster, kubeletDir: "/var/lib/kubelet" });
    assert.ok(rendered.ok, rendered.ok ? "" : rendered.error.text);
    assert.deepEqual(storageClassNames(rendered.value.objects), ["ceph-xfs", "ceph-ext4", `ceph-fs-${dataId}`]);
  });

  it("ensures subvolume group csi with the charm's user (idempotent), and a subvolume can be created with the same credentials", async () => {
    const groups = async () => {
      const g = parseSubvolumeGroups("ceph-fs", await run(subvolumeGroupLs("ceph-fs")));
      assert.ok(g.ok, g.ok ? "" : g.error.text);
      return g.value;
    };
    assert.deepEqual(await groups(), [], "Ceph prints nothing for no group");
    const create = subvolumeGroupCreate("ceph-fs");
    assert.deepEqual(parseDone(create, await run(create)), { ok: true, value: true });
    assert.deepEqual(await groups(), [CSI_SUBVOLUME_GROUP]);
    assert.deepEqual(parseDone(create, await run(create)), { ok: true, value: true }, "creating it again is fine");
    assert.deepEqual(await groups(), [CSI_SUBVOLUME_GROUP]);
    // what the CephFS Secret carries: user + key (+ monitors from the ConfigMap), nothing else
    const creds = { id: APP, key, monitors };
    await asClient("ceph", creds, ["fs", "subvolume", "create", "ceph-fs", "vol1", "--group_name", "csi", "--size", "33554432"]);
    const path = (await asClient("ceph", creds, ["fs", "subvolume", "getpath", "ceph-fs", "vol1", "--group_name", "csi"])).trim();
    assert.match(path, /^\/volumes\/csi\/vol1\//);
    await asClient("ceph", creds, ["fs", "subvolume", "rm", "ceph-fs", "vol1", "--group_name", "csi"]);
  });

  it("a command on a filesystem that does not exist: blocked, naming the command", async () => {
    const r = parseSubvolumeGroups("no-such-fs", await run(subvolumeGroupLs("no-such-fs")));
    assert.ok(!r.ok);
    assert.deepEqual([r.error.id, r.error.status], ["cephCommand", "blocked"]);
    assert.match(r.error.text, /^ceph fs subvolumegroup ls no-such-fs failed: .*\S/);
  });

  it("ceph-admin from the simulator: fsid and monitors match; the admin keyring stays in the private dir", async () => {
    const admin = parseAdminRelation(simulateAdminRelation({ mons: ["ceph-mon/0", "ceph-mon/1"], backend: realBackend(ceph) }));
    assert.ok(admin.ok && admin.value);
    assert.equal(admin.value.fsid, ceph.fsid);
    assert.deepEqual(admin.value.monHosts, [ceph.publicAddress]);
    const adminDir = mkdtempSync(join(tmpdir(), "charm-"));
    try {
      const adminPaths = await writeConf(adminDir, { monitors: admin.value.monHosts, auth: "cephx", user: APP, key, adminKey: admin.value.key });
      assert.ok(adminPaths.adminKeyringPath?.startsWith(join(adminDir, "ceph-conf")));
      assert.deepEqual(parseFsid(await run(FSID, { paths: adminPaths, asAdmin: true })), { ok: true, value: ceph.fsid });
      const getKey: CephCommand = { tool: "ceph", key: "auth get-key client.admin", name: "ceph auth get-key client.admin", args: ["auth", "get-key", "client.admin"] };
      const r = outputOf(getKey, await run(getKey, { paths: adminPaths, asAdmin: true }));
      assert.equal(r.ok && r.value.trim(), ceph.adminKey, "it ran as client.admin");
      const asUserToo = outputOf(getKey, await run(getKey, { paths: adminPaths }));
      assert.equal(asUserToo.ok, false, "the charm's own user may not read the admin key");
    } finally {
      rmSync(adminDir, { recursive: true, force: true });
    }
  });

  it("a call that hangs (unreachable monitor) times out: waiting, naming the command", async () => {
    const deadDir = mkdtempSync(join(tmpdir(), "charm-"));
    try {
      const dead = await writeConf(deadDir, { monitors: ["127.0.0.1:9"], auth: "cephx", user: APP, key });
      const outcome = await run(FSID, { paths: dead, timeoutMs: 2000 });
      assert.deepEqual(outcome, { kind: "timeout", afterMs: 2000 });
      const r = parseFsid(outcome);
      assert.deepEqual(r.ok ? undefined : [r.error.status, r.error.text], ["waiting", "ceph fsid timed out after 2s"]);
    } finally {
      rmSync(deadDir, { recursive: true, force: true });
    }
  });

  it("a refused command becomes a blocked problem naming it, without the key", async () => {
    const create: CephCommand = { tool: "ceph", key: "osd pool create forbidden", name: "ceph osd pool create forbidden", args: ["osd", "pool", "create", "forbidden"] };
    const outcome = await run(create);
    assert.equal(outcome.kind, "failed");
    const r = parseDone(create, outcome);
    assert.ok(!r.ok);
    assert.match(r.error.text, /^ceph osd pool create forbidden failed: .*(EACCES|denied)/i);
    assert.ok(!r.error.text.includes(key));
  });
});
