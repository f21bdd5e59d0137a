/**
 * States to start a scenario from: each built once per test run by running the charm in-process
 * through the events that lead there, then handed to every test as a fresh copy. A test takes a
 * state, runs one event, and checks the state that comes out; no test depends on another.
 */
import assert from "node:assert/strict";
import type { CharmWorld } from "../harness/charm-world.ts";
import type { HookOutcome } from "../harness/fake-juju/fake-juju.ts";
import { Sim, type SimOptions, type Snapshot } from "../harness/in-process/sim.ts";

const built = new Map<string, Promise<Snapshot>>();

function memo(key: string, build: () => Promise<Snapshot>): Promise<Snapshot> {
  let p = built.get(key);
  if (p === undefined) {
    p = build();
    built.set(key, p);
  }
  return p;
}

export interface StateOptions extends SimOptions {
  units?: number;
}

/** Units deployed, no relation yet. */
export function deployed(o: StateOptions = {}): Promise<Snapshot> {
  return memo(`deployed ${JSON.stringify(o)}`, async () => {
    const { units = 1, ...sim } = o;
    const s = await Sim.create(sim);
    assertAllOk(await s.juju.deploy(units));
    return s.snapshot();
  });
}

/** Deployed and related to a ceph-mon that answered: Ceph CSI applied. */
export function ready(o: StateOptions = {}): Promise<Snapshot> {
  return memo(`ready ${JSON.stringify(o)}`, async () => {
    const s = await Sim.from(await deployed(o));
    assertAllOk(await s.relateClient());
    return s.snapshot();
  });
}

/** Ready, with ceph-admin related too. */
export function readyWithAdmin(o: StateOptions = {}): Promise<Snapshot> {
  return memo(`admin ${JSON.stringify(o)}`, async () => {
    const s = await Sim.from(await ready(o));
    assertAllOk(await s.relateAdmin());
    return s.snapshot();
  });
}

/** Ready with CephFS enabled on one filesystem. */
export function readyCephfs(o: StateOptions = {}): Promise<Snapshot> {
  return memo(`cephfs ${JSON.stringify(o)}`, async () => {
    const s = await Sim.from(await ready({ filesystems: [{ name: "ceph-fs", dataPools: ["ceph-fs_data"] }], ...o }));
    assertAllOk(await s.juju.setConfig({ "cephfs-enable": true }));
    assert.equal(s.status().message, "Ready", "CephFS state is Ready");
    return s.snapshot();
  });
}

/** A fresh world from a state. */
export function given(state: Promise<Snapshot> | Snapshot): Promise<Sim> {
  return Promise.resolve(state).then((s) => Sim.from(s));
}

/** Every hook exited 0 (the in-process and the process-level suites share this one). */
export function assertAllOk(outcomes: readonly HookOutcome[], context = ""): void {
  const bad = outcomes.filter((o) => !o.ok);
  assert.deepEqual(
    bad.map((o) => `${o.unit} ${o.name} exit ${o.exitCode}: ${o.stderr.slice(0, 2000)}`),
    [],
    `every hook exits 0${context ? ` (${context})` : ""}`,
  );
}

export interface ClassView {
  default: boolean;
  parameters: Record<string, string>;
  provisioner: string;
  reclaimPolicy: string;
  uid: string;
}

/** The StorageClasses of any world (in-process or processes). */
export function storageClasses(s: Pick<CharmWorld, "objects">): Record<string, ClassView> {
  const out: Record<string, ClassView> = {};
  for (const sc of s.objects("StorageClass")) {
    out[sc.metadata.name] = {
      default: sc.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true",
      parameters: sc["parameters"] as Record<string, string>,
      provisioner: sc["provisioner"] as string,
      reclaimPolicy: sc["reclaimPolicy"] as string,
      uid: sc.metadata.uid ?? "",
    };
  }
  return out;
}

export function cephCsiConfig(s: Pick<CharmWorld, "objects">): Array<{ clusterID: string; monitors: string[]; cephFS?: { subvolumeGroup: string } }> {
  const cm = s.objects("ConfigMap").find((c) => c.metadata.name === "ceph-csi-config");
  assert.ok(cm, "ConfigMap ceph-csi-config exists");
  return JSON.parse((cm["data"] as Record<string, string>)["config.json"] as string);
}

/** The application's objects in the cluster, as `Kind/name`. */
export function owned(s: Sim, app = "ceph-csi"): string[] {
  return s.kube.cluster
    .all()
    .filter((o) => (o["metadata"] as { labels?: Record<string, string> }).labels?.["juju.io/application"] === app)
    .map((o) => `${o["kind"]}/${(o["metadata"] as { name: string }).name}`)
    .sort();
}

/** The unit's status history as "status message". */
export function history(s: Sim, unit: string | number = 0): string[] {
  return s.juju.unit(unit).statusHistory.map((h) => `${h.status} ${h.message}`);
}

/** The tools a hook called. */
export function tools(o: HookOutcome): string[] {
  return o.toolCalls.map((c) => c.tool);
}

/** Every text the model shows an operator: log lines, unit and application statuses with their history. */
export function shownTexts(s: Sim): string[] {
  const state = s.juju.state;
  return [
    ...state.logs.map((l) => l.message),
    ...state.units.flatMap((u) => [u.status, ...u.statusHistory].map((h) => h.message)),
    ...[state.appStatus, ...state.appStatusHistory].map((h) => h.message),
  ];
}

/** Config that gives a second ceph-csi application on the same cluster names of its own. */
export const SECOND_APP_NAMES = {
  namespace: "ceph-csi-b",
  "create-namespace": true,
  "csidriver-name-formatter": "b.{name}",
  "ceph-rbac-name-formatter": "{app}-{name}",
  "ceph-xfs-storage-class-name-formatter": "{app}-xfs",
  "ceph-ext4-storage-class-name-formatter": "{app}-ext4",
  "cephfs-storage-class-name-formatter": "{app}-cephfs",
  "rbd-snapshot-class-name-formatter": "{app}-rbd-snapshot",
  "cephfs-snapshot-class-name-formatter": "{app}-fs-snapshot",
  "default-storage": "",
} as const;
