/**
 * Faults: the Kubernetes API failing (500/503/429, connection reset, refused, no answer) at each
 * step of an apply, the `ceph` CLI failing, hanging or missing, and apt failing. Every hook exits
 * 0, the unit says why it waits or blocks, nothing is pruned after a failure, and the next hook
 * converges to the full desired set.
 */
import assert from "node:assert/strict";
import { writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { KEYS } from "../../src/charm/stored.ts";
import type { FaultSpec } from "../harness/fake-kube/index.ts";
import type { World } from "../harness/world.ts";
import {
  appObjects,
  assertHooksOk,
  assertNotActive,
  assertNothingDeleted,
  assertReady,
  deletes,
  LABEL_APP,
  readyWorld,
  unitStatus,
} from "./support.ts";

const UNIT = "ceph-csi/0";
const FILESYSTEMS = [{ name: "ceph-fs", dataPools: ["ceph-fs_data"] }];
const WRITE_METHODS = ["PATCH", "POST", "PUT"];
/** A `ceph` that never answers (the stand-in's `hang` file keeps its pipes open for 60 s after the kill). */
const HANG_BIN = fileURLToPath(new URL("./bin/ceph-hang", import.meta.url));
const API_WAITING = /^Waiting for Kubernetes API: /;

/** Removes every object the application labelled (a cluster where nothing was applied yet). */
function wipe(w: World): void {
  for (const o of w.kube.cluster.all() as Array<{ kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } }>) {
    if (o.metadata.labels?.[LABEL_APP] === "ceph-csi") w.kube.cluster.remove(o);
  }
}

/** The fault kinds cycled through the apply steps. */
function faultAt(n: number, i: number): FaultSpec {
  const kinds: FaultSpec[] = [
    { method: WRITE_METHODS, after: n, status: 500 },
    { method: WRITE_METHODS, after: n, reset: true },
    { method: WRITE_METHODS, after: n, status: 503, times: 1 },
    { after: n, status: 429 },
  ];
  return kinds[i % kinds.length] as FaultSpec;
}

function setStored(w: World, unit: string, key: string, value: string | undefined): void {
  const state = w.juju.state;
  const u = state.units.find((x) => x.name === unit);
  assert.ok(u);
  if (value === undefined) delete u.storedState[key];
  else u.storedState[key] = value;
  w.juju.setState(state);
}

describe("robustness: Kubernetes API faults", function () {
  this.timeout(300_000);
  let w: World;
  let baseline: Map<string, string>;

  before(async () => {
    w = await readyWorld({ config: { "cephfs-enable": true }, filesystems: FILESYSTEMS });
    assertReady(w, UNIT);
    baseline = appObjects(w);
  });
  after(async () => {
    await w?.stop();
  });
  afterEach(async () => {
    w.kube.clearFaults();
    await w.kube.accept();
  });

  it("a first apply interrupted at every step waits with the reason, deletes nothing, and the next hook completes it", async () => {
    wipe(w);
    w.kube.clearRequests();
    assertHooksOk([await w.juju.runHook("update-status")]);
    assertReady(w, UNIT);
    assert.deepEqual(appObjects(w), baseline);
    const total = w.kube.writes().length;
    assert.equal(total, baseline.size, "a first apply writes each object once");

    for (let n = 0; n < total; n += 2) {
      wipe(w);
      w.kube.clearRequests();
      const fault = w.kube.addFault(faultAt(n, n / 2));
      assertHooksOk([await w.juju.runHook("update-status")], `fault after ${n} requests`);
      assert.ok(fault.hits > 0, `the fault after ${n} fired`);
      assertNotActive(w, API_WAITING, UNIT);
      assert.equal(unitStatus(w).status, "waiting");
      assert.deepEqual(deletes(w), [], "no prune after a failure");
      const live = appObjects(w);
      const stray = [...live.keys()].filter((k) => !baseline.has(k));
      assert.deepEqual(stray, [], "only desired objects were written");
      fault.remove();
      w.kube.clearRequests();
      assertHooksOk([await w.juju.runHook("update-status")]);
      assertReady(w, UNIT);
      assert.deepEqual(appObjects(w), baseline, `converged after a fault at step ${n}`);
      assert.deepEqual(deletes(w), []);
    }
  });

  it("a config change interrupted while applying never prunes; interrupted while pruning it finishes on the next hook", async () => {
    const change = { "cephfs-enable": false, "default-storage": "ceph-ext4", "ceph-rbac-name-formatter": "{app}-{name}" } as const;
    const back = { "cephfs-enable": true, "default-storage": null, "ceph-rbac-name-formatter": null } as const;
    // The clean run: what the change writes and deletes, and where it ends.
    w.kube.clearRequests();
    assertHooksOk(await w.juju.setConfig(change));
    assertReady(w, UNIT);
    const target = appObjects(w);
    const patches = w.kube.writes().filter((r) => r.method !== "DELETE").length;
    const deleted = deletes(w).length;
    assert.ok(patches > 3 && deleted > 3, `the change writes (${patches}) and prunes (${deleted})`);
    assertHooksOk(await w.juju.setConfig(back));
    assertReady(w, UNIT);
    assert.deepEqual(appObjects(w), baseline);

    const steps: FaultSpec[] = [];
    for (let n = 0; n < patches; n += 3) steps.push({ method: WRITE_METHODS, after: n, ...(n % 2 ? { reset: true } : { status: 500 }) });
    for (let n = 0; n < deleted; n += 3) steps.push({ method: "DELETE", after: n, ...(n % 2 ? { status: 503 } : { reset: true }) });
    for (const spec of steps) {
      const before = appObjects(w);
      w.kube.clearRequests();
      const fault = w.kube.addFault(spec);
      assertHooksOk(await w.juju.setConfig(change), JSON.stringify(spec));
      assert.ok(fault.hits > 0);
      assertNotActive(w, API_WAITING, UNIT);
      if (spec.method !== "DELETE") {
        assertNothingDeleted(w, before);
      } else {
        // Pruning had started: only objects the change no longer wants are gone.
        const gone = [...before.keys()].filter((k) => !appObjects(w).has(k));
        assert.ok(gone.every((k) => !target.has(k)), `only undesired objects deleted: ${gone.join(", ")}`);
      }
      fault.remove();
      assertHooksOk([await w.juju.runHook("update-status")]);
      assertReady(w, UNIT);
      assert.deepEqual(appObjects(w), target, `converged after ${JSON.stringify(spec)}`);
      assertHooksOk(await w.juju.setConfig(back));
      assertReady(w, UNIT);
      assert.deepEqual(appObjects(w), baseline);
    }
  });

  it("a StorageClass re-creation interrupted between delete and create is completed by the next hook", async () => {
    w.kube.clearRequests();
    const fault = w.kube.addFault({ method: "PATCH", path: "/storageclasses/ceph-xfs", status: 500 });
    assertHooksOk(await w.juju.setConfig({ "ceph-xfs-storage-class-parameters": "imageFeatures=layering,exclusive-lock" }));
    assert.ok(fault.hits > 0);
    assertNotActive(w, API_WAITING, UNIT);
    const missing = [...baseline.keys()].filter((k) => !appObjects(w).has(k));
    // The one object being replaced is absent until the next hook (Kubernetes has no atomic replace).
    assert.deepEqual(missing, ["StorageClass//ceph-xfs"]);
    fault.remove();
    assertHooksOk([await w.juju.runHook("update-status")]);
    assertReady(w, UNIT);
    const sc = w.objects("StorageClass").find((s) => s.metadata.name === "ceph-xfs");
    assert.ok(sc, "ceph-xfs is back");
    assert.equal((sc["parameters"] as Record<string, string>)["imageFeatures"], "layering,exclusive-lock");
    assertHooksOk(await w.juju.setConfig({ "ceph-xfs-storage-class-parameters": null }));
    assertReady(w, UNIT);
    assert.deepEqual(appObjects(w), baseline);
  });

  it("reads failing (500 on LIST) → waiting, not a single write", async () => {
    w.kube.clearRequests();
    const fault = w.kube.addFault({ method: "GET", path: /\/storageclasses$/, status: 500 });
    assertHooksOk([await w.juju.runHook("update-status")]);
    assert.ok(fault.hits > 0);
    assertNotActive(w, API_WAITING, UNIT);
    assert.equal(w.kube.writes().length, 0);
    fault.remove();
    assertHooksOk([await w.juju.runHook("update-status")]);
    assertReady(w, UNIT);
    assert.deepEqual(appObjects(w), baseline);
  });

  it("connection refused → waiting '…connection refused'; the next hook after the API is back converges", async () => {
    const before = appObjects(w);
    await w.kube.refuse();
    assertHooksOk(await w.juju.setConfig({ "default-storage": "ceph-ext4" }));
    assert.equal(unitStatus(w).status, "waiting");
    assert.match(unitStatus(w).message, /^Waiting for Kubernetes API: .*connection refused$/);
    await w.kube.accept();
    assert.deepEqual(appObjects(w), before, "nothing changed while the API was away");
    assertHooksOk([await w.juju.runHook("update-status")]);
    assertReady(w, UNIT);
    const def = w.objects("StorageClass").find((s) => s.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true");
    assert.equal(def?.metadata.name, "ceph-ext4");
    assertHooksOk(await w.juju.setConfig({ "default-storage": null }));
    assert.deepEqual(appObjects(w), baseline);
  });

  it("an API that never answers: the request times out (15 s), waiting '…request timed out', then converges", async function () {
    this.timeout(120_000);
    wipe(w);
    w.kube.clearRequests();
    const fault = w.kube.addFault({ method: "PATCH", after: 5, hang: true, times: 1 });
    assertHooksOk([await w.juju.runHook("update-status")]);
    assert.equal(fault.hits, 1);
    assert.equal(unitStatus(w).status, "waiting");
    assert.match(unitStatus(w).message, /^Waiting for Kubernetes API: .*request timed out$/);
    assert.deepEqual(deletes(w), []);
    assertHooksOk([await w.juju.runHook("update-status")]);
    assertReady(w, UNIT);
    assert.deepEqual(appObjects(w), baseline);
  });
});

describe("robustness: ceph CLI and apt faults", function () {
  this.timeout(300_000);
  let w: World;
  let baseline: Map<string, string>;

  before(async () => {
    w = await readyWorld({ config: { "cephfs-enable": true }, filesystems: FILESYSTEMS });
    assertReady(w, UNIT);
    baseline = appObjects(w);
  });
  after(async () => {
    await w?.stop();
  });
  const dir = () => w.fakeCephDir as string;
  afterEach(() => {
    rmSync(join(dir(), "fail"), { force: true });
    rmSync(join(dir(), "hang"), { force: true });
  });

  it("`ceph fs ls` failing → blocked naming the command and its error; CephFS objects stay; recovery", async () => {
    writeFileSync(join(dir(), "fail"), "Error EACCES: access denied\nmore detail on a second line\n");
    w.kube.clearRequests();
    assertHooksOk([await w.juju.runHook("update-status")]);
    assert.deepEqual(unitStatus(w), { status: "blocked", message: "ceph fs ls failed: Error EACCES: access denied" });
    assert.equal(w.kube.writes().length, 0, "nothing applied or pruned without the filesystem list");
    assertNothingDeleted(w, baseline, { unchanged: true });
    rmSync(join(dir(), "fail"));
    assertHooksOk([await w.juju.runHook("update-status")]);
    assertReady(w, UNIT);
  });

  it("`ceph fsid` failing (no cached fsid) → blocked naming the command; recovery", async () => {
    setStored(w, UNIT, KEYS.fsid, undefined);
    writeFileSync(join(dir(), "fail"), "[errno 13] RADOS permission denied (error connecting to the cluster)\n");
    w.kube.clearRequests();
    assertHooksOk([await w.juju.runHook("update-status")]);
    assert.deepEqual(unitStatus(w), { status: "blocked", message: "ceph fsid failed: [errno 13] RADOS permission denied (error connecting to the cluster)" });
    assertNothingDeleted(w, baseline, { unchanged: true });
    rmSync(join(dir(), "fail"));
    assertHooksOk([await w.juju.runHook("update-status")]);
    assertReady(w, UNIT);
    assert.deepEqual(appObjects(w), baseline);
  });

  it("no `ceph` binary → blocked '<command> failed: <bin> not found'", async () => {
    assertHooksOk([await w.juju.runHook("update-status", { env: { CEPH_CSI_CEPH_BIN: "/nonexistent/ceph" } })]);
    assert.deepEqual(unitStatus(w), { status: "blocked", message: "ceph fs ls failed: /nonexistent/ceph not found" });
    assertNothingDeleted(w, baseline, { unchanged: true });
    assertHooksOk([await w.juju.runHook("update-status")]);
    assertReady(w, UNIT);
  });

  it("`ceph` hanging → killed after the 30 s timeout, waiting 'ceph fs ls timed out after 30s' (this test takes ~30 s)", async function () {
    this.timeout(120_000);
    w.kube.clearRequests();
    assertHooksOk([await w.juju.runHook("update-status", { env: { CEPH_CSI_CEPH_BIN: HANG_BIN } })]);
    assert.deepEqual(unitStatus(w), { status: "waiting", message: "ceph fs ls timed out after 30s" });
    assertNothingDeleted(w, baseline, { unchanged: true });
    assertHooksOk([await w.juju.runHook("update-status")]);
    assertReady(w, UNIT);
  });
});

describe("robustness: apt failing", function () {
  this.timeout(300_000);
  let w: World;
  const aptWorks = { env: { CEPH_CSI_APT_GET: "/bin/true" } };

  before(async () => {
    w = await readyWorld({ relate: false, env: { CEPH_CSI_APT_GET: "/bin/false" } });
  });
  after(async () => {
    await w?.stop();
  });

  it("install with apt failing exits 0 and blocks 'Failed to install ceph apt packages.', logging the detail", () => {
    const install = w.juju.history.find((h) => h.name === "install");
    assert.ok(install?.ok, "install exits 0");
    assert.ok(w.juju.history.every((h) => h.ok), "every deploy hook exits 0");
    assert.deepEqual(unitStatus(w), { status: "blocked", message: "Failed to install ceph apt packages." });
    assert.ok(w.juju.state.logs.some((l) => l.level === "WARNING" && /^apt-get: /.test(l.message)), "the apt detail is logged");
  });

  it("while apt fails nothing is applied, even with ceph-mon ready; the next hook with apt working recovers", async () => {
    w.kube.clearRequests();
    assertHooksOk(await w.relateClient());
    assert.deepEqual(unitStatus(w), { status: "blocked", message: "Failed to install ceph apt packages." });
    assert.equal(w.kube.writes().length, 0, "nothing applied without the ceph CLI");
    assertHooksOk([await w.juju.runHook("update-status", aptWorks)]);
    assertReady(w, UNIT);
  });

  it("upgrade-charm with apt failing blocks and touches nothing; upgrade-charm with apt working recovers", async () => {
    const baseline = appObjects(w);
    w.kube.clearRequests();
    assertHooksOk([await w.juju.runHook("upgrade-charm")]);
    assert.deepEqual(unitStatus(w), { status: "blocked", message: "Failed to install ceph apt packages." });
    assertNothingDeleted(w, baseline, { unchanged: true });
    assert.equal(w.kube.writes().length, 0);
    assertHooksOk([await w.juju.runHook("upgrade-charm", aptWorks)]);
    assertReady(w, UNIT);
    assert.deepEqual(appObjects(w), baseline);
  });
});
