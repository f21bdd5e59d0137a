/**
 * Churn: a thousand hooks of leadership flips among three units, ceph-mon units coming and going
 * (some with their own address), filesystems appearing and disappearing, config changes (some
 * invalid for a while) and update-status, in an order drawn from a seeded PRNG (CHURN_SEED=<n>
 * reproduces one). At the end every hook has exited 0 and the objects labelled for the
 * application are exactly what a fresh render of the final inputs gives.
 */
import assert from "node:assert/strict";
import { parseClientRelation } from "../../src/ceph/client-relation.ts";
import { RBD_POOLS } from "../../src/ceph/names.ts";
import { parseConfig } from "../../src/config/parse.ts";
import { normalized } from "../../src/converge/normalize.ts";
import { describe as describeRef } from "../../src/converge/refs.ts";
import { listReleases } from "../../src/manifests/releases/index.ts";
import { render } from "../../src/manifests/render.ts";
import type { KubeObject } from "../../src/manifests/types.ts";
import type { CephFilesystem } from "../harness/charm-world.ts";
import type { Sim } from "../harness/in-process/sim.ts";
import { assertAllOk, given, ready } from "./states.ts";

const HOOKS = Number(process.env["CHURN_HOOKS"] ?? 1000);
const SEED = Number(process.env["CHURN_SEED"] ?? 20_261_201);
const UNITS = ["ceph-csi/0", "ceph-csi/1", "ceph-csi/2"];
const FS_POOL: CephFilesystem[] = [
  { name: "ceph-fs", dataPools: ["ceph-fs-data"], dataPoolIds: [3] },
  { name: "archive", dataPools: ["archive-data", "archive-ec"], dataPoolIds: [5, 6] },
];

type ConfigValue = string | number | boolean | null;

const CONFIG_CHOICES: Record<string, readonly ConfigValue[]> = {
  "default-storage": ["ceph-xfs", "ceph-ext4", "cephfs", "", "no-such-class", null],
  "cephfs-enable": [true, false],
  "ceph-xfs-storage-class-parameters": ["imageFeatures=layering", "imageFeatures=layering,exclusive-lock", "imageFeatures=layering foo=bar", null],
  "ceph-ext4-storage-class-parameters": ["imageFeatures=layering", "imageFeatures-", null],
  "ceph-rbac-name-formatter": ["{name}", "{app}-{name}", null],
  "cephfs-storage-class-name-formatter": ["cephfs", "{name}-{pool}", "{name}-{pool-id}", null],
  release: [...listReleases().slice(-4), null],
  "provisioner-replicas": [1, 2, 3, null],
  "default-reclaim-policy": ["Delete", "Retain", "Keep", null],
};

function prng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T, bool: (p = 0.5) => next() < p };
}

/** Does `live` hold every field of `want` (arrays: same length, element by element)? */
function holds(live: unknown, want: unknown, path: string, out: string[]): void {
  if (Array.isArray(want)) {
    if (!Array.isArray(live) || live.length !== want.length) out.push(`${path}: ${JSON.stringify(live)?.slice(0, 120)} ≠ ${JSON.stringify(want).slice(0, 120)}`);
    else for (const [i, x] of want.entries()) holds(live[i], x, `${path}[${i}]`, out);
  } else if (want && typeof want === "object") {
    if (!live || typeof live !== "object") out.push(`${path}: missing`);
    else for (const [k, v] of Object.entries(want)) holds((live as Record<string, unknown>)[k], v, `${path}.${k}`, out);
  } else if (live !== want) out.push(`${path}: ${JSON.stringify(live)} ≠ ${JSON.stringify(want)}`);
}

/**
 * What a Kubernetes 1.26 API server (the Sim's) keeps of an object: it drops CSIDriver
 * spec.seLinuxMount (feature gate off before 1.27; ../shared/reference/kube-apiserver) and
 * stores a Secret's stringData as base64 data.
 */
function asStored(o: KubeObject): KubeObject {
  if (o.kind === "CSIDriver") {
    const { seLinuxMount: _dropped, ...spec } = (o["spec"] ?? {}) as Record<string, unknown>;
    return { ...o, spec };
  }
  const stringData = o["stringData"] as Record<string, string> | undefined;
  if (o.kind !== "Secret" || !stringData) return o;
  const { stringData: _s, ...rest } = o;
  return { ...rest, data: Object.fromEntries(Object.entries(stringData).map(([k, v]) => [k, Buffer.from(v).toString("base64")])) } as KubeObject;
}

/** What a fresh render of the final inputs wants (independently of the hooks that ran). */
function desiredNow(s: Sim, filesystems: CephFilesystem[]): KubeObject[] {
  const cfg = parseConfig(s.juju.state.config);
  assert.ok(cfg.ok, `the final config is valid: ${cfg.ok ? "" : cfg.error.text}`);
  const rel = s.juju.relation(s.clientRel as number);
  const client = parseClientRelation({ units: Object.fromEntries(rel.remoteUnits.map((u) => [u.name, u.data])), app: rel.remoteAppData, appName: rel.remoteApp });
  assert.ok(client.ok, "the final relation data is complete");
  const cluster = {
    fsid: s.backend.fsid,
    monitors: client.value.monitors,
    auth: client.value.auth,
    user: "ceph-csi",
    key: client.value.key,
    rbdPools: { ...RBD_POOLS },
    filesystems: cfg.value.options["cephfs-enable"] ? filesystems.map((f) => ({ name: f.name, dataPools: f.dataPools, dataPoolIds: f.dataPoolIds ?? [] })).sort((a, b) => a.name.localeCompare(b.name)) : [],
  };
  const r = render({ app: "ceph-csi", config: cfg.value, cluster, kubeletDir: "/var/lib/kubelet" });
  assert.ok(r.ok, `the final inputs render: ${r.ok ? "" : r.error.text}`);
  // The fake cluster of the Sim does not serve the snapshot API: no VolumeSnapshotClass there.
  return r.value.objects.filter((o) => o.kind !== "VolumeSnapshotClass").map((o) => normalized(o, cfg.value.options.namespace));
}

describe("scenario: churn", () => {
  it(`${HOOKS} hooks of leadership flips, mon churn, filesystems and config changes end in exactly the desired objects (seed ${SEED})`, async () => {
    const s = await given(ready({ units: UNITS.length, filesystems: [FS_POOL[0] as CephFilesystem] }));
    let filesystems: CephFilesystem[] = [FS_POOL[0] as CephFilesystem];
    const rnd = prng(SEED);
    let nextMon = 3;
    const steps: string[] = [];
    const actions: Array<[number, () => Promise<string>]> = [
      [3, async () => {
        const to = rnd.pick(UNITS.filter((u) => u !== s.juju.state.leader));
        assertAllOk(await s.juju.setLeader(to));
        return `leader → ${to}`;
      }],
      [2, async () => {
        const name = `ceph-mon/${nextMon++}`;
        assertAllOk(await s.addMon(name));
        if (rnd.bool(0.5)) {
          const addr = rnd.pick(["10.20.0.31", "10.20.0.32:6789", "[2001:db8::31]", "ceph-mon-x.example"]);
          assertAllOk(await s.juju.changeRemoteData(s.clientRel as number, { unit: name, data: { "ceph-public-address": addr } }));
          return `add ${name} at ${addr}`;
        }
        return `add ${name}`;
      }],
      [2, async () => {
        if (s.mons.length <= 1) return "keep the last mon";
        const name = rnd.pick(s.mons);
        assertAllOk(await s.removeMon(name));
        return `remove ${name}`;
      }],
      [6, async () => {
        const edit: Record<string, ConfigValue> = {};
        for (let i = 0; i < 1 + rnd.int(2); i++) {
          const opt = rnd.pick(Object.keys(CONFIG_CHOICES));
          edit[opt] = rnd.pick(CONFIG_CHOICES[opt] as ConfigValue[]);
        }
        assertAllOk(await s.juju.setConfig(edit));
        return `config ${JSON.stringify(edit)}`;
      }],
      [1, async () => {
        filesystems = FS_POOL.filter(() => rnd.bool(0.6));
        s.setFilesystems(filesystems);
        assertAllOk(await s.juju.updateStatus());
        return `filesystems ${filesystems.map((f) => f.name).join(",") || "none"}`;
      }],
      [3, async () => {
        assertAllOk(await s.juju.updateStatus());
        return "update-status";
      }],
    ];
    const total = actions.reduce((n, [w]) => n + w, 0);
    while (s.juju.history.length < HOOKS) {
      const r = rnd.int(total);
      let acc = 0;
      const action = actions.find(([w]) => {
        acc += w;
        return r < acc;
      })?.[1];
      assert.ok(action);
      steps.push(`${await action()} (${s.juju.history.length} hooks)`);
    }
    // The operator fixes what blocks (a bad reclaim policy, one CephFS class name for several pools), then one quiet round.
    const fixes: Record<string, ConfigValue> = { "cephfs-storage-class-name-formatter": "{name}-{pool}" };
    if (s.juju.state.config["default-reclaim-policy"] === "Keep") fixes["default-reclaim-policy"] = null;
    assertAllOk(await s.juju.setConfig(fixes));
    assertAllOk(await s.juju.updateStatus());

    assert.deepEqual(s.juju.history.filter((h) => !h.ok).map((h) => `${h.unit} ${h.name}: ${h.stderr}`), [], "every hook exited 0");
    for (const u of UNITS) {
      const st = s.status(u);
      assert.equal(st.status, "active", `${u}: ${st.message}`);
      assert.match(st.message, /^Ready( \(.*\))?$/);
    }
    const desired = desiredNow(s, filesystems);
    const live = new Map(s.kube.cluster.all().filter((o) => (o["metadata"] as { labels?: Record<string, string> }).labels?.["juju.io/application"] === "ceph-csi").map((o) => [describeRef(o as unknown as KubeObject), o]));
    const want = new Map(desired.map((o) => [describeRef(o), o]));
    const context = `after ${s.juju.history.length} hooks; last steps: ${steps.slice(-8).join(" | ")}`;
    assert.deepEqual([...live.keys()].sort(), [...want.keys()].sort(), `live objects = desired objects (${context})`);
    const diffs: string[] = [];
    for (const [k, o] of want) holds(live.get(k), asStored(o), k, diffs);
    assert.deepEqual(diffs.slice(0, 20), [], `every live object holds its rendered fields (${context})`);
  });
});
