/**
 * Hostile config, judged by an independent oracle (tests/properties/config-oracle.ts), at least
 * 10,000 cases per property. The decision runs pure, from an observation taken from a real
 * Ready state with CephFS. Reproduce a failure with FC_SEED=<seed>.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { readyCephfs } from "../scenario/states.ts";
import { hostileString } from "./arbitraries.ts";
import { type Config, defaults, FILESYSTEM, OPTION_TYPES, RELEASES, verdict } from "./config-oracle.ts";
import { type Fixture, fixtureOf, run } from "./driver.ts";
import { propertyRuns, propertySeed } from "./runs.ts";
import { CONFIG_IDS, statusId } from "./status-id.ts";

const RUNS = propertyRuns("PROPERTY_RUNS", 10_000);
const SEED = propertySeed();
const FSID = "6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21";
const APP = "ceph-csi";

const FS_LS = JSON.stringify([{ name: FILESYSTEM.name, metadata_pool: "ceph-fs-meta", metadata_pool_id: 2, data_pools: [FILESYSTEM.pool], data_pool_ids: [FILESYSTEM.poolId] }]);
const ceph = (key: string) => (key === "fs ls --format json" ? FS_LS : key.startsWith("fs subvolumegroup ls") ? '[{"name": "csi"}]' : "");

/** Values near valid ones: the mistakes operators make, and valid values the charm must take. */
const NEAR: Record<string, readonly string[]> = {
  release: [...RELEASES, "v3.16", "3.16.0", "v3.16.0 ", "V3.16.0", "latest", "v99.0.0"],
  namespace: ["", "ceph", "ceph-csi", "Default", "-ns", "a".repeat(63), "a".repeat(64), "ns_1", "kube system", "ns."],
  "image-registry": ["", "ghcr.io/canonical/cdk", "registry.local:5000", "10.0.0.1:5000/mirror/sub", "reg/a__b", "reg/a--b", "a..b", "http://reg", "reg/", "reg:99999", "reg/Path", "-reg", "reg:0", "r-1.example.com/x.y_z"],
  "ceph-rbd-tolerations": ["", "key=value,Equal", "key=,Exists", "=,Exists", "k=v,Equal,NoSchedule", "k=v,Equal,NoSchedule,NoExecute", "k=v,equal", "k,Exists", "k=v,Exists", "a b=c,Equal", "example.com/k=v,Equal", "bad key=v,Equal", "k=v v,Equal", "k=$x,Equal", "k=" + "v".repeat(64) + ",Equal", "$k=v,Equal", "k/x/y=v,Equal"],
  "cephfs-tolerations": ["$csi-cephfsplugin-legacy$", " $csi-cephfsplugin-legacy$ ", "k=v,Equal", "k=v,Exists", "=,", "k=v,Equal,"],
  "ceph-xfs-storage-class-parameters": ["", "imageFeatures=layering", "key", "=value", "-", "a-", "a=b c=d", "imageFeatures-", "==", "k-- x"],
  "ceph-ext4-storage-class-parameters": ["key", "=value", "csi.storage.k8s.io/fstype=ext4"],
  "cephfs-storage-class-parameters": ["mounter=fuse", "=x", "x"],
  "ceph-xfs-storage-class-name-formatter": ["{", "{app}-xfs", "{name}", "{pool}", "UPPER", "a_b", "x".repeat(254), " ", "{app}.{namespace}", "ceph-ext4", "cephfs", "-x", "{namespace}"],
  "ceph-ext4-storage-class-name-formatter": ["}", "{nope}", "ceph-xfs", "a b", "", "{app}-ext4"],
  "cephfs-storage-class-name-formatter": ["{", "{name}-{pool}", "{name}-{pool-id}", "{pool-id", "CephFS", "ceph-xfs", "{app}"],
  "default-storage": ["", "{", "{nope}", "ceph-XFS", "*", "ceph-ext4", "cephfs", "{name}", "ceph-{pool}", "{app}"],
  "csidriver-name-formatter": ["{name}", "{", "{pool}", "{app}.{name}", "Driver", `${"a".repeat(50)}.{name}`],
  "ceph-rbac-name-formatter": ["{name}", "{", "{pool}", "{name}:x", "UPPER", "a/b", "%", "{app}-{name}"],
  "default-reclaim-policy": ["Delete", "Retain", "delete", "Keep", "Recycle", ""],
  "snapshot-deletion-policy": ["Delete", "Retain", "retain", "Keep", "", " Delete"],
  "rbd-snapshot-class-name-formatter": ["{name}", "{name}-snap", "{", "{pool}", "", "Snap", "ceph-fs-snapshot", "{app}-rbd", "x".repeat(254), "{namespace}.{app}"],
  "cephfs-snapshot-class-name-formatter": ["{name}", "{name}-snapshot", "}", "{pool-id}", " ", "ceph-rbd-snapshot", "{app}_fs", "fs-{name}"],
  "default-snapshot-class": ["", "ceph-rbd-snapshot", "{name}-snapshot", "{name}", "{", "{nope}", "*", "Ceph", "ceph-fs-snapshot"],
  "cephfs-mounter": ["", "kernel", "fuse", "Kernel", "nfs", "fuse "],
  "ceph-external": ["", " ", "secret:d4lbj2v7rvc4ib9slmc0", "secret://0f1e2d3c/d4lbj2v7rvc4ib9slmc0", "secret:", "d4lbj2v7rvc4ib9slmc0", "secret: x"],
};

const optionNames = Object.keys(OPTION_TYPES);

const valueFor = (opt: string): fc.Arbitrary<string | number | boolean> => {
  const type = OPTION_TYPES[opt];
  if (type === "boolean") return fc.boolean();
  if (type === "int") {
    return fc.oneof(
      fc.integer({ min: -100_000, max: 100_000 }),
      fc.constantFrom(-1, 0, 1, 2, 3, 1023, 1024, 9000, 65535, 65536),
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
    );
  }
  const near = NEAR[opt];
  return near ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...near) }, { weight: 2, arbitrary: hostileString }) : hostileString;
};

const edit: fc.Arbitrary<[string, string | number | boolean]> = fc.constantFrom(...optionNames).chain((opt) => valueFor(opt).map((v) => [opt, v] as [string, string | number | boolean]));
const edits = fc.oneof({ weight: 3, arbitrary: edit.map((e) => [e]) }, { weight: 1, arbitrary: fc.tuple(edit, edit).map(([a, b]) => [a, b]) });

/** The words a blocked message uses for an option. */
function names(message: string, option: string): boolean {
  if (message.includes(option)) return true;
  if (option === "ceph-rbd-tolerations") return message.startsWith("Cannot adjust CephRBD Pods");
  if (option === "cephfs-tolerations") return message.startsWith("Cannot adjust CephFS Pods");
  if (option === "ceph-rbd-enable" || option === "cephfs-enable") return message === "Neither ceph-rbd nor cephfs is enabled.";
  if (option === "namespace") return message === "Namespace cannot be changed after deployment";
  return false;
}

describe("properties: hostile config (independent oracle)", function () {
  this.timeout(300_000);
  let fx: Fixture;
  let base: Config;

  before(async () => {
    const snapshot = await readyCephfs();
    fx = fixtureOf(snapshot, defaults());
    base = fx.base.config as Config;
    const start = run(fx, {}, { fsid: FSID, ceph, stopAtKube: true });
    assert.ok(start.reachedKube, "the starting state is usable");
  });

  it(`any values: the decision never throws; an invalid config blocks naming an option at fault and never reaches Kubernetes; a valid one always does (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(edits, (list) => {
        const config: Config = { ...base, ...Object.fromEntries(list) };
        const out = run(fx, { config }, { fsid: FSID, ceph, stopAtKube: true });
        const v = verdict(config, APP);
        // namespace and csidriver-name-formatter are fixed once deployed: a valid change blocks too;
        // a ceph-external secret next to the fixture's ceph-client relation is a second Ceph source.
        const frozen = [
          ...(["namespace", "csidriver-name-formatter"] as const).filter((k) => config[k] !== base[k]),
          ...(String(config["ceph-external"] ?? "").trim() !== "" ? ["ceph-external"] : []),
        ];
        if (v.valid && frozen.length === 0) {
          assert.ok(out.reachedKube, `valid config blocked: ${out.effects?.unitStatus?.message} for ${JSON.stringify(list)}`);
          return;
        }
        // Several bad values: the charm may name any option that is at fault on its own.
        const alone = list.filter(([o, value]) => {
          const one = verdict({ ...base, [o]: value }, APP);
          return !one.valid || ((o === "namespace" || o === "csidriver-name-formatter") && value !== base[o]) || (o === "ceph-external" && String(value).trim() !== "");
        });
        const at = [...new Set([...(v.valid ? frozen : v.options), ...alone.map(([o]) => o)])];
        assert.ok(!out.reachedKube, `invalid config reached Kubernetes: ${JSON.stringify(list)} (at fault: ${at.join(", ")})`);
        const status = out.effects?.unitStatus;
        assert.equal(status?.status, "blocked", JSON.stringify(list));
        const message = status?.message ?? "";
        const id = statusId(message);
        assert.ok(id !== undefined && CONFIG_IDS.has(id), `a config message from the catalog: ${message}`);
        assert.ok(
          at.some((o) => names(message, o)),
          `"${message}" names one of ${at.join(", ")} (edits ${JSON.stringify(list)})`,
        );
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) },
    );
  });
});
