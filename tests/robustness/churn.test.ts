/**
 * Churn: 200+ hooks of leadership flips among three units, ceph-mon units coming and going
 * (some with their own address), Ceph filesystems appearing and disappearing, config changes
 * (default class, CephFS on/off, parameters, RBAC names, release switches, a bad value now and
 * then) and update-status, in an order drawn from a seeded PRNG (CHURN_SEED=<n> reproduces one).
 *
 * At the end every hook has exited 0 and, after a final update-status, the objects labelled for
 * the application are exactly what a fresh render of the final config and relation data gives:
 * the same set (no duplicates, no orphans) and each live object holding every rendered field.
 */
import assert from "node:assert/strict";
import { parseClientRelation } from "../../src/ceph/client-relation.ts";
import { assembleCluster, type CephFilesystem } from "../../src/ceph/cluster.ts";
import { parseConfig } from "../../src/config/parse.ts";
import { listReleases } from "../../src/manifests/releases/index.ts";
import { render } from "../../src/manifests/render.ts";
import { isNamespaced } from "../../src/kube/kinds.ts";
import type { KubeObject } from "../../src/manifests/types.ts";
import type { World } from "../harness/world.ts";
import { appObjects, APP, assertHooksOk, assertReady, keyOf, LABEL_APP, leaderUnit, prng, readyWorld } from "./support.ts";

const HOOKS = Number(process.env["CHURN_HOOKS"] ?? 200);
const SEED = Number(process.env["CHURN_SEED"] ?? 20_261_127);
const UNITS = ["ceph-csi/0", "ceph-csi/1", "ceph-csi/2"];
const FS_POOL: CephFilesystem[] = [
  { name: "ceph-fs", dataPools: ["ceph-fs-data"] },
  { name: "archive", dataPools: ["archive-data", "archive-ec"] },
];
const FSID = "6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21";

type ConfigValue = string | number | boolean | null;

/** Config edits the operator makes during the churn; the last one of each option wins. */
const CONFIG_CHOICES: Record<string, readonly ConfigValue[]> = {
  "default-storage": ["ceph-xfs", "ceph-ext4", "cephfs", "", "no-such-class", null],
  "cephfs-enable": [true, false],
  "ceph-xfs-storage-class-parameters": ["imageFeatures=layering", "imageFeatures=layering,exclusive-lock", "imageFeatures=layering foo=bar", null],
  "ceph-ext4-storage-class-parameters": ["imageFeatures=layering", "imageFeatures-", null],
  "ceph-rbac-name-formatter": ["{name}", "{app}-{name}", null],
  "cephfs-storage-class-name-formatter": ["cephfs", "{name}-{pool}", null],
  release: [...listReleases().slice(-4), null],
  "provisioner-replicas": [1, 2, 3, null],
  // A mistake the operator fixes later (the end state is made valid again).
  "default-reclaim-policy": ["Delete", "Retain", "Keep", null],
};

/** Does `live` hold every field of `want` (arrays: same length, element by element)? */
function holds(live: unknown, want: unknown, path: string, out: string[]): void {
  if (Array.isArray(want)) {
    if (!Array.isArray(live) || live.length !== want.length) {
      out.push(`${path}: ${JSON.stringify(live)?.slice(0, 120)} ≠ ${JSON.stringify(want).slice(0, 120)}`);
      return;
    }
    for (const [i, x] of want.entries()) holds(live[i], x, `${path}[${i}]`, out);
  } else if (want && typeof want === "object") {
    if (!live || typeof live !== "object") {
      out.push(`${path}: missing`);
      return;
    }
    for (const [k, v] of Object.entries(want)) holds((live as Record<string, unknown>)[k], v, `${path}.${k}`, out);
  } else if (live !== want) {
    out.push(`${path}: ${JSON.stringify(live)} ≠ ${JSON.stringify(want)}`);
  }
}

/** The API server stores a Secret's stringData as base64 data. */
function asStored(o: KubeObject): KubeObject {
  const stringData = o["stringData"] as Record<string, string> | undefined;
  if (o.kind !== "Secret" || !stringData) return o;
  const { stringData: _s, ...rest } = o;
  const data = Object.fromEntries(Object.entries(stringData).map(([k, v]) => [k, Buffer.from(v).toString("base64")]));
  return { ...rest, data: { ...(o["data"] as Record<string, string> | undefined), ...data } } as KubeObject;
}

/** What a fresh render of the final inputs wants. */
function desiredNow(w: World): KubeObject[] {
  const state = w.juju.state;
  const cfg = parseConfig(state.config);
  assert.ok(cfg.ok, `the final config is valid: ${cfg.ok ? "" : cfg.problem.message}`);
  const rel = w.juju.relation(w.clientRel as number);
  const client = parseClientRelation({
    units: Object.fromEntries(rel.remoteUnits.map((u) => [u.name, u.data])),
    app: rel.remoteAppData,
    appName: rel.remoteApp,
  });
  assert.ok(client.ok, "the final relation data is complete");
  const filesystems = cfg.config["cephfs-enable"] ? currentFilesystems : [];
  const cluster = assembleCluster(APP, client.value, FSID, filesystems);
  const r = render({ app: APP, config: cfg.config, cluster, kubeletDir: "/var/lib/kubelet" });
  assert.ok(r.ok, `the final inputs render: ${r.ok ? "" : r.problem.message}`);
  return r.objects;
}

let currentFilesystems: CephFilesystem[] = [];

describe("robustness: churn", function () {
  this.timeout(600_000);
  let w: World;

  before(async () => {
    currentFilesystems = [FS_POOL[0] as CephFilesystem];
    w = await readyWorld({ units: UNITS.length, filesystems: currentFilesystems });
    for (const u of UNITS) assertReady(w, u);
  });
  after(async () => {
    await w?.stop();
  });

  it(`${HOOKS} hooks of leadership flips, mon churn and config changes end in exactly the desired objects (seed ${SEED})`, async () => {
    const rnd = prng(SEED);
    const start = w.juju.history.length;
    let nextMon = 3;
    const steps: string[] = [];
    const hooksSoFar = () => w.juju.history.length - start;

    const actions: Array<[number, () => Promise<string>]> = [
      [3, async () => {
        const others = UNITS.filter((u) => u !== w.juju.state.leader);
        const to = rnd.pick(others);
        assertHooksOk(await w.juju.setLeader(to));
        return `leader → ${to}`;
      }],
      [2, async () => {
        const name = `ceph-mon/${nextMon++}`;
        assertHooksOk(await w.addMon(name));
        if (rnd.bool(0.5)) {
          const addr = rnd.pick(["10.20.0.31", "10.20.0.32:6789", "[2001:db8::31]", "ceph-mon-x.example"]);
          assertHooksOk(await w.juju.changeRemoteData(w.clientRel as number, { unit: name, data: { "ceph-public-address": addr } }));
          return `add ${name} at ${addr}`;
        }
        return `add ${name}`;
      }],
      [2, async () => {
        if (w.mons.length <= 1) return "keep the last mon";
        const name = rnd.pick(w.mons);
        assertHooksOk(await w.removeMon(name));
        return `remove ${name}`;
      }],
      [6, async () => {
        const opts = Object.keys(CONFIG_CHOICES);
        const n = 1 + rnd.int(2);
        const edit: Record<string, ConfigValue> = {};
        for (let i = 0; i < n; i++) {
          const opt = rnd.pick(opts);
          edit[opt] = rnd.pick(CONFIG_CHOICES[opt] as ConfigValue[]);
        }
        assertHooksOk(await w.juju.setConfig(edit));
        return `config ${JSON.stringify(edit)}`;
      }],
      [1, async () => {
        currentFilesystems = FS_POOL.filter(() => rnd.bool(0.6));
        w.setFilesystems(currentFilesystems);
        assertHooksOk(await w.juju.updateStatus());
        return `filesystems ${currentFilesystems.map((f) => f.name).join(",") || "none"}`;
      }],
      [3, async () => {
        assertHooksOk(await w.juju.updateStatus());
        return "update-status";
      }],
    ];
    const total = actions.reduce((s, [weight]) => s + weight, 0);
    while (hooksSoFar() < HOOKS) {
      const r = rnd.int(total);
      let acc = 0;
      const action = actions.find(([weight]) => {
        acc += weight;
        return r < acc;
      })?.[1];
      assert.ok(action);
      steps.push(`${await action()} (${hooksSoFar()} hooks)`);
    }

    // The operator fixes what blocks (a bad reclaim policy; one CephFS class name for several
    // pools), then one quiet round.
    const fixes: Record<string, ConfigValue> = { "cephfs-storage-class-name-formatter": "{name}-{pool}" };
    if (w.juju.state.config["default-reclaim-policy"] === "Keep") fixes["default-reclaim-policy"] = null;
    steps.push(`fix ${JSON.stringify(fixes)}`);
    assertHooksOk(await w.juju.setConfig(fixes));
    const leader = leaderUnit(w);
    assertHooksOk([await w.juju.runHook("update-status", { unit: leader })]);
    assertHooksOk(await w.juju.updateStatus());

    const history = w.juju.history.slice(start);
    assert.ok(history.length >= HOOKS, `${history.length} hooks ran`);
    assert.deepEqual(history.filter((h) => !h.ok).map((h) => `${h.unit} ${h.name}`), [], "every hook exited 0");
    for (const u of UNITS) {
      const st = w.juju.unit(u).status;
      // "Ready", or "Ready ('<x>' doesn't match any charm managed StorageClasses)" for a default-storage naming none.
      assert.equal(st.status, "active", `${u}: ${st.message}`);
      assert.match(st.message, /^Ready( \(.*\))?$/);
    }

    const desired = desiredNow(w);
    const live = new Map((w.kube.cluster.all() as KubeObject[]).filter((o) => o.metadata.labels?.[LABEL_APP] === APP).map((o) => [keyOf(o), o]));
    appObjects(w); // asserts no duplicate keys
    const ns = (o: KubeObject) => (isNamespaced(o.kind) ? (o.metadata.namespace ?? "default") : undefined);
    const want = new Map(desired.map((o) => [keyOf({ ...o, metadata: { ...o.metadata, namespace: ns(o) } }), o]));
    const context = `after ${history.length} hooks; last steps: ${steps.slice(-8).join(" | ")}`;
    assert.deepEqual([...live.keys()].sort(), [...want.keys()].sort(), `live objects = desired objects (${context})`);
    const diffs: string[] = [];
    for (const [k, o] of want) holds(live.get(k), asStored(o), k, diffs);
    assert.deepEqual(diffs.slice(0, 20), [], `every live object holds its rendered fields (${context})`);
  });
});
