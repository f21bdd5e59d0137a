/**
 * Hostile config: random and near-miss strings for every string option, out-of-range ints.
 * Whatever the operator sets, config-changed exits 0; an invalid value blocks the unit with a
 * message naming the option, writes nothing and deletes nothing; resetting the option brings
 * back Ready with exactly the objects of before. Reproduce with FC_SEED=<seed>.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { OPTIONS, type OptionName } from "../../src/config/options.ts";
import { METRICS_PORT_OPTIONS, parseConfig } from "../../src/config/parse.ts";
import { sanitizeMessage } from "../../src/status.ts";
import type { World } from "../harness/world.ts";
import { hostileString } from "./arbitraries.ts";
import {
  appObjects,
  assertHooksOk,
  assertNotActive,
  assertNothingDeleted,
  assertReady,
  assertSaneMessage,
  readyWorld,
  seedFromEnv,
  unitStatus,
} from "./support.ts";

const RUNS = Number(process.env["ROBUSTNESS_RUNS"] ?? 25);
const UNIT = "ceph-csi/0";
const BASE_CONFIG = { "cephfs-enable": true } as const;
const FILESYSTEMS = [{ name: "ceph-fs", dataPools: ["ceph-fs_data"] }];

type Value = string | number | boolean;

const STRING_OPTIONS = (Object.keys(OPTIONS) as OptionName[]).filter((k) => OPTIONS[k].type === "string");
const INT_OPTIONS = (Object.keys(OPTIONS) as OptionName[]).filter((k) => OPTIONS[k].type === "int");

/** Values close to valid ones, per option: the mistakes operators make. */
const NEAR_MISSES: Partial<Record<OptionName, readonly string[]>> = {
  release: ["v3.16", "3.16.0", "v3.16.0 ", "V3.16.0", "latest", "v99.0.0", "v3.16.0\n"],
  "ceph-rbd-tolerations": ["key=value", "key=value,Exists", "k=v,Equal,NoSchedule,NoExecute", "k=v,equal", "k,Exists", "k=v,Equal,Never", "$csi-cephfsplugin-legacy$"],
  "cephfs-tolerations": ["key=value", "k=v,Exists", "k=v,Equal,NoSchedule,NoExecute", "=,", "k=v,Equal,"],
  "ceph-xfs-storage-class-parameters": ["key", "=value", "-", "a=b =c", "imageFeatures", "==", "k-- x"],
  "ceph-ext4-storage-class-parameters": ["key", "=value", "-", "csi.storage.k8s.io/fstype", "a b"],
  "cephfs-storage-class-parameters": ["key", "=value", "-", "mounter"],
  "ceph-xfs-storage-class-name-formatter": ["{", "{name}", "{pool}", "UPPER", "a_b", "x".repeat(300), " ", "{app}/{namespace}", "-x"],
  "ceph-ext4-storage-class-name-formatter": ["}", "{nope}", "ceph-xfs", "a b", ""],
  "cephfs-storage-class-name-formatter": ["{", "{name}-{pool}", "{pool-id", "CephFS", "{name}{name}{name}".repeat(30)],
  "default-storage": ["{", "{nope}", "ceph-XFS", "*"],
  "csidriver-name-formatter": ["{", "{pool}", "{app}", "Driver", "a".repeat(70)],
  "ceph-rbac-name-formatter": ["{", "{pool}", "{name}:x", "UPPER", "a/b"],
  "image-registry": ["http://reg.example", "reg.example/", "reg.example:99999", "reg.example/Path", "reg.example@sha256:00", "reg.example:tag/x", "-reg"],
  namespace: ["Default", "-ns", "a".repeat(64), "ns_1", "kube system"],
  "default-reclaim-policy": ["delete", "Keep", "Recycle", ""],
  "cephfs-mounter": ["Kernel", "nfs", "fuse "],
};

/** What an invalid value's message must mention (option names, or the Python charm's texts). */
function expectedMention(opt: OptionName): RegExp {
  if (opt === "ceph-rbd-tolerations") return /^Cannot adjust CephRBD Pods: Invalid tolerations/;
  if (opt === "cephfs-tolerations") return /^Cannot adjust CephFS Pods: Invalid tolerations/;
  if ((METRICS_PORT_OPTIONS as readonly string[]).includes(opt)) return new RegExp(`^Invalid metrics port: .*${opt}`);
  return new RegExp(opt.replace(/[-/\\^$*+?.()|[\]{}]/g, "\\$&"));
}

const stringEdit: fc.Arbitrary<[OptionName, Value]> = fc
  .constantFrom(...STRING_OPTIONS)
  .chain((opt) => {
    const near = NEAR_MISSES[opt];
    const value = near ? fc.oneof(hostileString, fc.constantFrom(...near)) : hostileString;
    return value.map((v) => [opt, v] as [OptionName, Value]);
  });

const intEdit: fc.Arbitrary<[OptionName, Value]> = fc.constantFrom(...INT_OPTIONS).chain((opt) => {
  const bad =
    opt === "provisioner-replicas"
      ? fc.oneof(fc.integer({ min: -(2 ** 31), max: 0 }), fc.constantFrom(0, -1, Number.MIN_SAFE_INTEGER))
      : fc.oneof(
          fc.integer({ min: -100_000, max: 1023 }).filter((p) => p !== -1),
          fc.integer({ min: 65_536, max: 2 ** 40 }),
          fc.constantFrom(0, 1, 80, 1023, 65_536, Number.MAX_SAFE_INTEGER),
        );
  return bad.map((v) => [opt, v] as [OptionName, Value]);
});

/** Two metrics sidecars on one port: valid ports, invalid together. */
const portClash: fc.Arbitrary<[OptionName, Value][]> = fc
  .tuple(fc.uniqueArray(fc.constantFrom(...METRICS_PORT_OPTIONS), { minLength: 2, maxLength: 2 }), fc.integer({ min: 1024, max: 65_535 }))
  .map(([[a, b], port]) => [
    [a as OptionName, port],
    [b as OptionName, port],
  ]);

const editsArb: fc.Arbitrary<[OptionName, Value][]> = fc.oneof(
  { weight: 6, arbitrary: stringEdit.map((e) => [e]) },
  { weight: 2, arbitrary: intEdit.map((e) => [e]) },
  { weight: 1, arbitrary: portClash },
  { weight: 1, arbitrary: fc.tuple(stringEdit, stringEdit).map(([a, b]) => [a, b]) },
);

describe("robustness: hostile config values", function () {
  this.timeout(600_000);
  let w: World;
  let baseline: Map<string, string>;

  before(async () => {
    w = await readyWorld({ config: { ...BASE_CONFIG }, filesystems: FILESYSTEMS });
    assertReady(w, UNIT);
    baseline = appObjects(w);
    assert.ok([...baseline.keys()].some((k) => k.startsWith("StorageClass//cephfs")), "CephFS is part of the baseline");
  });
  after(async () => {
    await w?.stop();
  });

  it("every option: config-changed exits 0, invalid values block naming the option and touch nothing, reset brings Ready back", async () => {
    await fc.assert(
      fc.asyncProperty(editsArb, async (edits) => {
        const values = Object.fromEntries(edits) as Record<string, Value>;
        const expected = parseConfig({ ...BASE_CONFIG, ...values });
        const before = appObjects(w);
        w.kube.clearRequests();
        assertHooksOk(await w.juju.setConfig(values));
        assertHooksOk([await w.juju.runHook("update-status")]);
        const s = unitStatus(w);
        assertSaneMessage(s.message);
        if (!expected.ok) {
          assertNotActive(w, undefined, UNIT);
          assert.equal(s.message, sanitizeMessage(expected.problem.message), "the config problem is the status");
          const [opt] = edits.find(([o]) => expectedMention(o).test(s.message)) ?? [];
          assert.ok(opt !== undefined, `"${s.message}" names one of ${edits.map(([o]) => o).join(", ")}`);
          assert.deepEqual(w.kube.writes().map((r) => `${r.method} ${r.path}`), [], "no Kubernetes write");
          assertNothingDeleted(w, before, { unchanged: true });
        } else if (s.status !== "active" && !/collision/.test(s.message)) {
          // Valid but unusable (frozen option, a name the API refuses...): no prune happened.
          assertNothingDeleted(w, before);
        }
        const reset = Object.fromEntries(edits.map(([o]) => [o, (BASE_CONFIG as Record<string, Value>)[o] ?? null]));
        assertHooksOk(await w.juju.setConfig(reset));
        assertReady(w, UNIT);
        assert.deepEqual(appObjects(w), baseline, "the same objects as before the bad value");
      }),
      { numRuns: RUNS * 2, seed: seedFromEnv(7101), endOnFailure: true },
    );
  });
});
