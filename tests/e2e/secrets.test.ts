/**
 * Secret hygiene over a whole lifecycle, with recognizable cephx keys: deploy two units, relate
 * ceph-client and ceph-admin, enable CephFS, change config (also to bad values), run every
 * action, fail the ceph CLI and the API with messages that quote the keys, scale ceph-mon, flip
 * the leader, drop ceph-admin, remove the units.
 *
 * Neither key may appear in juju-log lines, unit or application status (and their history),
 * action results, failure messages or logs, hook stdout/stderr, hook-tool argv or stdin, our own
 * relation bags, leader settings or stored state, the ceph CLI's argv, or any file under the
 * charm dir except its 0600 keyrings in the 0700 ceph-conf/. The admin key never reaches the
 * Kubernetes API; the client key only in the Secrets csi-rbd-secret and csi-cephfs-secret.
 * Fragments count: any 16 characters of a key in a row is a leak (a cut-off key is still a key).
 */
import assert from "node:assert/strict";
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { ActionOutcome } from "../harness/fake-juju/fake-juju.ts";
import type { World } from "../harness/world.ts";
import { assertHooksOk, assertReady, processWorld, unitStatus } from "./process-world.ts";

const CLIENT_KEY = "AQBclientSentinelZ4x8Hq2Lw9Vt3Kp7Rm5Nj==";
const ADMIN_KEY = "AQBadminSentinelY7c3Pq9Ws1Ex5Dz8Fb2Gh6==";
const KEYS = { client: CLIENT_KEY, admin: ADMIN_KEY } as const;
const CLIENT_SECRETS = new Set(["csi-rbd-secret", "csi-cephfs-secret"]);
const FILESYSTEMS = [{ name: "ceph-fs", dataPools: ["ceph-fs-data"] }];

/** Any run of 16 characters of the key (or the whole key). */
function fragments(key: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 16 <= key.length; i++) out.push(key.slice(i, i + 16));
  return out;
}
const FRAGMENTS = { client: fragments(CLIENT_KEY), admin: fragments(ADMIN_KEY) };

function leaks(text: string, which: keyof typeof KEYS): boolean {
  return FRAGMENTS[which].some((f) => text.includes(f));
}

/** Every string in a JSON value, plus the decoded text of those that are base64 (Secret data). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") {
    out.push(v);
    if (v.length >= 8 && v.length % 4 === 0 && /^[A-Za-z0-9+/]+=*$/.test(v)) out.push(Buffer.from(v, "base64").toString("utf8"));
  } else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) strings(x, strings(k, out));
  return out;
}

function anyLeak(v: unknown, which: keyof typeof KEYS): boolean {
  return strings(v).some((s) => leaks(s, which));
}

/** Regular files under `dir` (symlinks not followed: they point into the repository). */
function files(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) files(p, out);
    else if (st.isFile()) out.push(p);
  }
  return out;
}

function checkEverything(w: World, phase: string): void {
  const where = (what: string) => `${phase}: ${what}`;
  const state = w.juju.state;
  for (const which of ["client", "admin"] as const) {
    for (const l of state.logs) assert.ok(!leaks(l.message, which), where(`${which} key in juju-log: ${l.message.slice(0, 200)}`));
    for (const u of state.units) {
      for (const s of [u.status, ...u.statusHistory]) assert.ok(!leaks(s.message, which), where(`${which} key in ${u.name} status`));
      assert.ok(!anyLeak(u.storedState, which), where(`${which} key in ${u.name} stored state`));
    }
    for (const s of [state.appStatus, ...state.appStatusHistory]) assert.ok(!leaks(s.message, which), where(`${which} key in app status`));
    assert.ok(!anyLeak(state.leaderSettings, which), where(`${which} key in leader settings`));
    for (const r of state.relations) {
      assert.ok(!anyLeak(r.localUnitData, which) && !anyLeak(r.localAppData, which), where(`${which} key in our bags on ${r.endpoint}`));
    }
    for (const a of state.actions) {
      assert.ok(!anyLeak(a.results, which), where(`${which} key in ${a.name} results`));
      assert.ok(!leaks(a.failureMessage, which) && !anyLeak(a.logs, which), where(`${which} key in ${a.name} failure/logs`));
    }
    for (const h of w.juju.history) {
      assert.ok(!leaks(h.stdout, which) && !leaks(h.stderr, which), where(`${which} key in ${h.unit} ${h.name} output`));
    }
    for (const c of state.toolCalls) {
      const text = [...c.args, c.stdin ?? "", c.stderr].join("\n");
      assert.ok(!leaks(text, which), where(`${which} key in ${c.tool} call of ${c.hook}: ${c.args.join(" ").slice(0, 200)}`));
    }
    const calls = join(w.fakeCephDir as string, "calls");
    assert.ok(existsSync(calls), where("the ceph stand-in recorded its calls"));
    assert.ok(!leaks(readFileSync(calls, "utf8"), which), where(`${which} key on the ceph command line`));
  }

  // Files: only the keyrings and the inputs kept for update-status, 0600, in the 0700 ceph-conf/.
  const charmDir = w.juju.charmDir;
  for (const f of files(charmDir)) {
    const text = readFileSync(f, "latin1");
    const rel = relative(charmDir, f);
    for (const which of ["client", "admin"] as const) {
      if (!leaks(text, which)) continue;
      const keyring = which === "client" ? "ceph-conf/ceph.client.ceph-csi.keyring" : "ceph-conf/ceph.client.admin.keyring";
      assert.ok(rel === keyring || /^ceph-conf\/\.observed-inputs-[\w-]+$/.test(rel), where(`${which} key in ${rel}`));
      assert.equal(lstatSync(f).mode & 0o777, 0o600, where(`${rel} is 0600`));
      assert.equal(lstatSync(join(charmDir, "ceph-conf")).mode & 0o777, 0o700, where("ceph-conf/ is 0700"));
    }
  }

  // Kubernetes: never the admin key; the client key only in the two CSI Secrets.
  for (const r of w.kube.requests) {
    assert.ok(!anyLeak([r.path, r.query, r.body], "admin"), where(`admin key sent to Kubernetes: ${r.method} ${r.path}`));
    if (anyLeak([r.path, r.query, r.body], "client")) {
      const m = /\/secrets\/([^/]+)$/.exec(r.path);
      assert.ok(m && CLIENT_SECRETS.has(m[1] as string), where(`client key sent in ${r.method} ${r.path}`));
    }
  }
  for (const o of w.kube.cluster.all()) {
    const meta = o["metadata"] as { name: string };
    assert.ok(!anyLeak(o, "admin"), where(`admin key in live ${String(o["kind"])}/${meta.name}`));
    if (anyLeak(o, "client")) {
      assert.ok(o["kind"] === "Secret" && CLIENT_SECRETS.has(meta.name), where(`client key in live ${String(o["kind"])}/${meta.name}`));
    }
  }
}

describe("end to end: secret hygiene over the whole lifecycle (real dispatch)", function () {
  this.timeout(600_000);

  it("relate, config (also bad values), every action, failures quoting the keys, scaling, leader change, admin dropped, units removed: no key anywhere it must not be", async () => {
    assert.match(CLIENT_KEY, /^[A-Za-z0-9+/]{38}==$/);
    assert.match(ADMIN_KEY, /^[A-Za-z0-9+/]{38}==$/);
    const w = await processWorld({ units: 2, relate: false, clientKey: CLIENT_KEY, adminKey: ADMIN_KEY, filesystems: FILESYSTEMS });
    try {
      await lifecycle(w);
    } finally {
      await w.stop();
    }
  });
});

/** One named phase of the lifecycle: a failure says which. */
async function phase(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (e instanceof Error) e.message = `[${name}] ${e.message}`;
    throw e;
  }
}

async function lifecycle(w: World): Promise<void> {
  await phase("relate ceph-client and ceph-admin: the keys reach the keyrings and the CSI Secrets only", async () => {
    assertHooksOk(await w.relateClient());
    assertHooksOk(await w.relateAdmin());
    assertReady(w, "ceph-csi/0");
    const keyring = readFileSync(join(w.juju.charmDir, "ceph-conf", "ceph.client.ceph-csi.keyring"), "utf8");
    assert.ok(keyring.includes(CLIENT_KEY), "the sentinel client key is the one in use");
    assert.ok(readFileSync(join(w.juju.charmDir, "ceph-conf", "ceph.client.admin.keyring"), "utf8").includes(ADMIN_KEY));
    const secret = w.objects("Secret").find((s) => s.metadata.name === "csi-rbd-secret");
    assert.ok(secret && anyLeak(secret, "client"), "the CSI Secret carries the client key");
    checkEverything(w, "related");
  });

  await phase("config changes, CephFS, and invalid values", async () => {
    assertHooksOk(await w.juju.setConfig({ "cephfs-enable": true }));
    assertHooksOk(await w.juju.setConfig({ "default-storage": "ceph-ext4" }));
    assertHooksOk(await w.juju.setConfig({ "ceph-xfs-storage-class-parameters": "imageFeatures=layering,exclusive-lock" }));
    assertHooksOk(await w.juju.setConfig({ "ceph-xfs-storage-class-parameters": null }));
    // An operator pasting a key into an option: the status quoting the bad value must not show it.
    assertHooksOk(await w.juju.setConfig({ "image-registry": `reg.example/${ADMIN_KEY}` }));
    assert.equal(unitStatus(w).status, "blocked");
    assertHooksOk(await w.juju.setConfig({ "image-registry": null, "default-storage": null }));
    assertReady(w, "ceph-csi/0");
    checkEverything(w, "config");
  });

  await phase("every action, on the leader and a non-leader, succeeding and failing", async () => {
    const outcome = (o: ActionOutcome): { status: string; message: string } => ({ status: o.status, message: o.message });
    const completed = { status: "completed", message: "" };
    for (const unit of ["ceph-csi/0", "ceph-csi/1"]) {
      const leader = unit === "ceph-csi/0";
      const notLeader = { status: "failed", message: "Run this action on the leader unit" };
      assert.deepEqual(outcome(await w.juju.runAction("list-versions", {}, { unit })), completed, `list-versions on ${unit}`);
      assert.deepEqual(outcome(await w.juju.runAction("list-resources", {}, { unit })), completed, `list-resources on ${unit}`);
      assert.deepEqual(outcome(await w.juju.runAction("list-resources", { manifest: "rbd" }, { unit })), completed, `list-resources manifest=rbd on ${unit}`);
      assert.deepEqual(
        outcome(await w.juju.runAction("list-resources", { manifest: "nope" }, { unit })),
        { status: "failed", message: "Invalid manifest 'nope': must be one of config, rbd, cephfs" },
        `list-resources manifest=nope on ${unit}`,
      );
      assert.deepEqual(outcome(await w.juju.runAction("scrub-resources", {}, { unit })), leader ? completed : notLeader, `scrub-resources on ${unit}`);
      assert.deepEqual(outcome(await w.juju.runAction("sync-resources", {}, { unit })), leader ? completed : notLeader, `sync-resources on ${unit}`);
      const bad = outcome(await w.juju.runAction("delete-storage-class", { name: CLIENT_KEY }, { unit }));
      assert.equal(bad.status, "failed", `delete-storage-class of a key-shaped name on ${unit}`);
      if (leader) assert.match(bad.message, /^Invalid storage class name '<redacted>'\. Must be one of: /);
      else assert.deepEqual(bad, notLeader);
    }
    const deleted = await w.juju.runAction("delete-storage-class", { name: "ceph-ext4" });
    assert.equal(deleted.status, "completed", deleted.message);
    assertHooksOk(await w.juju.updateStatus());
    checkEverything(w, "actions");
  });

  await phase("the ceph CLI and the API failing with messages that quote the keys", async () => {
    const fail = join(w.fakeCephDir as string, "fail");
    writeFileSync(fail, `Error EINVAL: key ${CLIENT_KEY} / ${ADMIN_KEY} rejected\n`);
    assertHooksOk(await w.juju.updateStatus());
    assert.match(unitStatus(w).message, /^ceph fs ls failed: /);
    rmSync(fail);
    const fault = w.kube.addFault({ method: "GET", status: 500, message: `etcd said ${CLIENT_KEY} and ${ADMIN_KEY}` });
    assertHooksOk(await w.juju.updateStatus());
    assertHooksOk([await w.juju.runHook("config-changed")]);
    const listed = await w.juju.runAction("list-resources", {});
    assert.equal(listed.status, "failed", "list-resources fails while the API does");
    assert.match(listed.message, /^Failed to list resources: Waiting for Kubernetes API: /);
    assert.match(unitStatus(w).message, /^Waiting for Kubernetes API: /);
    fault.remove();
    assertHooksOk(await w.juju.updateStatus());
    assertReady(w, "ceph-csi/0");
    checkEverything(w, "failures");
  });

  await phase("ceph-mon scale-out and scale-in, a leader change", async () => {
    assertHooksOk(await w.addMon("ceph-mon/3"));
    assertHooksOk(await w.removeMon("ceph-mon/1"));
    assertHooksOk(await w.juju.setLeader("ceph-csi/1"));
    assertHooksOk(await w.juju.updateStatus());
    assertReady(w, "ceph-csi/1");
    checkEverything(w, "scaling");
  });

  await phase("dropping ceph-admin removes the admin keyring", async () => {
    assertHooksOk(await w.juju.unrelate(w.adminRel as number));
    assertHooksOk(await w.juju.updateStatus());
    assert.ok(!existsSync(join(w.juju.charmDir, "ceph-conf", "ceph.client.admin.keyring")), "no admin keyring without ceph-admin");
    checkEverything(w, "admin dropped");
  });

  await phase("removing the units: no keyring or key left behind", async () => {
    assertHooksOk(await w.juju.removeUnit("ceph-csi/0"));
    checkEverything(w, "one unit removed");
    assertHooksOk(await w.juju.removeUnit("ceph-csi/1"));
    checkEverything(w, "application removed");
    const left = files(w.juju.charmDir).filter((f) => leaks(readFileSync(f, "latin1"), "client") || leaks(readFileSync(f, "latin1"), "admin"));
    assert.deepEqual(left, [], "no file holds a key after the last unit's remove hook");
  });
}
