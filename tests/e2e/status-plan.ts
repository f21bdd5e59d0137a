/**
 * Every status a hook can produce, reached through the packed charm: a few worlds (one packed
 * charm, many statuses per world), each a sequence of operator and cluster actions. A step
 * declares the catalog ids it reaches (`reaches`: shown at some point during the step, e.g. a
 * maintenance text; `ends`: the unit's status after it) and the suite
 * (packed-statuses.test.ts) checks that each one was shown and that every hook exited 0.
 * docs/statuses.md is generated from these declarations (status-table.ts).
 *
 * Statuses no hook can show (Juju refuses the input before any hook runs) are `refuses` steps:
 * the step checks that Juju refuses, and the table says so.
 */
import assert from "node:assert/strict";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MessageId } from "../../src/status/catalog.ts";
import type { HookOutcome } from "../harness/fake-juju/fake-juju.ts";
import type { WorldOptions } from "../harness/world.ts";
import { leavePythonCharmState, PYTHON_CONFIG, SWITCH_KEY } from "../scenario/switch-state.ts";
import type { PackedWorld } from "./packed-charm.ts";
import { labelledObjects } from "./process-world.ts";

export interface Step {
  title: string;
  /** The unit's status after the step (a catalog id). */
  ends?: MessageId;
  /** Also shown during the step (unit or application status). */
  reaches?: MessageId[];
  /** Statuses no hook shows: Juju refuses the input (the step checks it does). */
  refuses?: MessageId[];
  /** The hooks' outcomes (each must exit 0) and any extra check. */
  run(p: PackedWorld): Promise<HookOutcome[]>;
  /** Checks after the exit codes. */
  check?(p: PackedWorld): void;
}

export interface WorldPlan {
  title: string;
  options?: WorldOptions;
  steps: Step[];
}

const FSID = "11111111-2222-4333-8444-555555555555";
const KEY_A = "ZXh0ZXJuYWxLZXlBAQEBAQEBAQEBAQEBAQEBAQ==";
const EXTERNAL = { fsid: FSID, monitors: "10.50.0.1,10.50.0.2", user: "client.k8s", key: KEY_A };
const ONE_FS = [{ name: "ceph-fs", dataPools: ["ceph-fs_data"] }];

const config = (p: PackedWorld, values: Record<string, string | number | boolean | null>) => p.w.juju.setConfig(values);
const updateStatus = (p: PackedWorld) => p.w.juju.updateStatus();
/** Objects the charm applied, by kind/namespace/name and uid (nothing deleted or re-created). */
const owned = (p: PackedWorld) =>
  labelledObjects(p.w)
    .map(({ metadata: m }) => `${m.namespace ?? ""}/${m.name} ${m.uid ?? ""}`)
    .sort();

function brokerKey(p: PackedWorld): string {
  return `broker-rsp-${p.w.juju.app}-0`;
}

export const WORLDS: WorldPlan[] = [
  {
    title: "switch from the Python charm (juju refresh --switch)",
    options: { clientKey: SWITCH_KEY, config: { ...PYTHON_CONFIG } },
    steps: [
      {
        title: "deploy, then what the Python charm left: its objects (v3.9.0), relation data and broker answer",
        run: async (p) => {
          const out = await p.w.juju.deploy(1);
          await leavePythonCharmState(p.w);
          return out;
        },
      },
      {
        title: "refresh: applied in upgrade-charm with the previous charm's broker answer, the running release kept",
        reaches: ["notePreviousBroker", "noteReleaseKept"],
        run: (p) => p.w.juju.upgrade(),
      },
      {
        title: "ceph-mon answers this charm's request: Ready, v3.9.0 still kept until the operator sets release",
        ends: "noteReleaseKept",
        run: (p) => {
          p.w.brokerAnswers = true;
          return p.w.settle();
        },
      },
    ],
  },
  {
    title: "Ceph that stops answering (cephfs)",
    options: { config: { "cephfs-enable": true }, filesystems: ONE_FS },
    steps: [
      {
        title: "deploy and relate ceph-client with CephFS: Ready",
        reaches: ["installing", "deploying"],
        ends: "ready",
        run: async (p) => [...(await p.w.juju.deploy(1)), ...(await p.w.relateClient())],
      },
      {
        title: "every ceph command hangs: update-status waits out the charm's 30 s timeout, waiting",
        ends: "cephTimeout",
        run: async (p) => {
          p.cephHangs(true);
          try {
            return await updateStatus(p);
          } finally {
            p.cephHangs(false);
          }
        },
      },
      { title: "Ceph answers again: Ready", ends: "ready", run: updateStatus },
    ],
  },
  {
    title: "ceph-mon, then the operator's config",
    options: {},
    steps: [
      { title: "deploy: installing, then blocked on the missing Ceph source", reaches: ["installing"], ends: "missingClient", run: (p) => p.w.juju.deploy(1) },
      {
        title: "an option the charm does not have, a value of the wrong type: juju config refuses, no hook runs",
        refuses: ["unknownOption", "invalidType"],
        run: async (p) => {
          const before = p.w.juju.history.length;
          await assert.rejects(p.w.juju.setConfig({ "cephfs-enabled": true }), /unknown option "cephfs-enabled"/);
          await assert.rejects(p.w.juju.setConfig({ "provisioner-replicas": "3" }), /expected int/);
          assert.equal(p.w.juju.history.length, before, "no hook ran");
          return [];
        },
      },
      { title: "relate ceph-client: deploying, Ready, the leader shows the versions", reaches: ["deploying", "appVersions"], ends: "ready", run: (p) => p.w.relateClient() },
      { title: "default-storage naming no class: Ready with a note", ends: "noteNoDefaultMatch", run: (p) => config(p, { "default-storage": "fast" }) },
      { title: "cephfs-enable with no filesystem in Ceph: Ready with a note", ends: "noteNoFilesystem", run: (p) => config(p, { "default-storage": null, "cephfs-enable": true }) },
      {
        title: "a filesystem, host networking with both provisioners' metrics ports: Ready with a note",
        ends: "noteHostPorts",
        run: (p) => {
          p.w.setFilesystems(ONE_FS);
          return config(p, { "enable-host-networking": true, "metrics-port-rbdplugin-provisioner": 9081, "metrics-port-cephfsplugin-provisioner": 9082 });
        },
      },
      {
        title: "a release the charm does not know",
        ends: "invalidOption",
        run: (p) => config(p, { "enable-host-networking": null, "metrics-port-rbdplugin-provisioner": null, "metrics-port-cephfsplugin-provisioner": null, release: "v1.0.0" }),
      },
      { title: "default-reclaim-policy Keep", ends: "invalidReclaim", run: (p) => config(p, { release: null, "default-reclaim-policy": "Keep" }) },
      { title: "a metrics port below 1024", ends: "invalidMetricsPort", run: (p) => config(p, { "default-reclaim-policy": null, "metrics-port-rbdplugin": 80 }) },
      { title: "two metrics ports the same", ends: "conflictingMetricsPort", run: (p) => config(p, { "metrics-port-rbdplugin": 9000, "metrics-port-cephfsplugin": 9000 }) },
      {
        title: "a toleration with an unknown effect",
        ends: "invalidTolerations",
        run: (p) => config(p, { "metrics-port-rbdplugin": null, "metrics-port-cephfsplugin": null, "cephfs-tolerations": "a=b,Equal,Sometimes" }),
      },
      { title: "a storage-class parameter that is not key=value", ends: "invalidParameter", run: (p) => config(p, { "cephfs-tolerations": null, "cephfs-storage-class-parameters": "x" }) },
      {
        title: "the namespace changed after deployment: blocked, nothing deleted",
        ends: "namespaceFrozen",
        run: async (p) => {
          const before = owned(p);
          const out = await config(p, { "cephfs-storage-class-parameters": null, namespace: "elsewhere" });
          assert.deepEqual(owned(p), before);
          return out;
        },
      },
      { title: "the CSI driver names changed after deployment", ends: "drivernameFrozen", run: (p) => config(p, { namespace: null, "csidriver-name-formatter": "x.{name}" }) },
      { title: "neither RBD nor CephFS enabled", ends: "neitherEnabled", run: (p) => config(p, { "csidriver-name-formatter": null, "ceph-rbd-enable": false, "cephfs-enable": false }) },
      {
        title: "two StorageClass formatters giving one name",
        ends: "classNameClash",
        run: (p) => config(p, { "ceph-rbd-enable": null, "cephfs-enable": true, "ceph-ext4-storage-class-name-formatter": "ceph-xfs" }),
      },
      {
        title: "default-storage matching two classes",
        ends: "multipleDefaults",
        run: (p) =>
          config(p, { "ceph-xfs-storage-class-name-formatter": "ceph-xfs-pool", "ceph-ext4-storage-class-name-formatter": "ceph-ext4-pool", "default-storage": "ceph-{pool}" }),
      },
      {
        title: "two snapshot-class formatters giving one name",
        ends: "snapshotNameClash",
        run: (p) =>
          config(p, {
            "ceph-xfs-storage-class-name-formatter": null,
            "ceph-ext4-storage-class-name-formatter": null,
            "default-storage": null,
            "rbd-snapshot-class-name-formatter": "snap",
            "cephfs-snapshot-class-name-formatter": "snap",
          }),
      },
      {
        title: "two filesystems and a CephFS snapshot formatter without {name}",
        ends: "snapshotNames",
        run: (p) => {
          p.w.setFilesystems([
            { name: "a", dataPools: ["a-data"] },
            { name: "b", dataPools: ["b-data"] },
          ]);
          return config(p, { "rbd-snapshot-class-name-formatter": null, "cephfs-storage-class-name-formatter": "{name}", "cephfs-snapshot-class-name-formatter": "cephfs-snap" });
        },
      },
      {
        title: "default-snapshot-class matching a class per filesystem",
        ends: "multipleDefaultSnapshots",
        run: (p) => config(p, { "cephfs-snapshot-class-name-formatter": null, "default-snapshot-class": "{name}-snapshot" }),
      },
      {
        title: "a filesystem with two data pools and the default CephFS formatter",
        ends: "cephfsNames",
        run: (p) => {
          p.w.setFilesystems([{ name: "a", dataPools: ["a-data", "a-ec"] }]);
          return config(p, { "default-snapshot-class": null, "cephfs-storage-class-name-formatter": null });
        },
      },
      {
        title: "one filesystem again: Ready",
        ends: "ready",
        run: (p) => {
          p.w.setFilesystems(ONE_FS);
          return updateStatus(p);
        },
      },
      {
        title: "a ceph command failing: blocked with Ceph's words",
        ends: "cephCommand",
        run: async (p) => {
          p.cephFails("Error EPERM: denied");
          try {
            return await updateStatus(p);
          } finally {
            p.cephFails(undefined);
          }
        },
        check: (p) => assert.match(p.w.juju.unit(0).status.message, /Error EPERM: denied/),
      },
      {
        title: "the charm's ceph-conf/ cannot be written: blocked; written again once it can",
        ends: "confWrite",
        run: async (p) => {
          const dir = join(p.w.juju.charmDir, "ceph-conf");
          rmSync(dir, { recursive: true, force: true });
          writeFileSync(dir, "not a directory\n");
          try {
            return await config(p, { "cephfs-enable": false });
          } finally {
            rmSync(dir, { force: true });
          }
        },
      },
      { title: "ceph-conf/ writable again: Ready", ends: "ready", run: (p) => config(p, { "cephfs-enable": true }) },
      {
        title: "no kubeconfig: waiting for it",
        ends: "kubeconfig",
        run: async (p) => {
          const path = p.w.kube.kubeconfigPath;
          renameSync(path, `${path}.away`);
          try {
            return await updateStatus(p);
          } finally {
            renameSync(`${path}.away`, path);
          }
        },
      },
      {
        title: "the API refusing connections: waiting with the reason",
        ends: "kubeApi",
        run: async (p) => {
          await p.w.kube.refuse();
          try {
            return await updateStatus(p);
          } finally {
            await p.w.kube.accept();
          }
        },
      },
      {
        title: "apt-get failing on upgrade-charm: blocked, every hook exits 0",
        ends: "aptFailed",
        run: async (p) => {
          p.aptFails("E: Unable to locate package ceph-common");
          return p.w.juju.upgrade();
        },
      },
      {
        title: "apt-get working again: the next upgrade-charm installs, Ready",
        reaches: ["installing"],
        ends: "ready",
        run: async (p) => {
          p.aptFails(undefined);
          return p.w.juju.upgrade();
        },
      },
      {
        title: "ceph-client removed while the API refuses: removing, then blocked saying what stays",
        reaches: ["removing"],
        ends: "removalIncomplete",
        run: async (p) => {
          await p.w.kube.refuse();
          try {
            return await p.w.juju.unrelate(p.w.clientRel as number);
          } finally {
            await p.w.kube.accept();
          }
        },
      },
      {
        title: "the API back: update-status finishes the removal, blocked on the missing source",
        ends: "missingClient",
        run: async (p) => {
          const out = await updateStatus(p);
          assert.deepEqual(owned(p), [], "every object removed");
          return out;
        },
      },
    ],
  },
  {
    title: "Kubernetes objects in the way (one node, a namespace that does not exist)",
    options: { nodes: 1, config: { namespace: "missing" } },
    steps: [
      {
        title: "deploy, a StorageClass ceph-xfs made by someone else",
        ends: "missingClient",
        run: (p) => {
          p.w.kube.cluster.seed({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "ceph-xfs" }, provisioner: "x" });
          return p.w.juju.deploy(1);
        },
      },
      {
        title: "relate ceph-client: blocked on the collision, nothing written (not even the namespace), the other StorageClass untouched",
        ends: "collisions",
        run: async (p) => {
          p.w.kube.clearRequests();
          const out = await p.w.relateClient();
          const sc = p.w.objects("StorageClass").find((s) => s.metadata.name === "ceph-xfs");
          assert.equal(sc?.["provisioner"], "x");
          assert.deepEqual(p.w.kube.writes(), []);
          return out;
        },
      },
      {
        title: "the other StorageClass deleted: blocked on the missing namespace",
        ends: "missingNamespace",
        run: (p) => {
          p.w.kube.cluster.remove({ kind: "StorageClass", metadata: { name: "ceph-xfs" } });
          return updateStatus(p);
        },
      },
      {
        title: "the namespace created: applied; two provisioner replicas on one node, waiting",
        ends: "notAvailable",
        run: (p) => {
          p.w.kube.cluster.seed({ apiVersion: "v1", kind: "Namespace", metadata: { name: "missing" } });
          return updateStatus(p);
        },
      },
    ],
  },
  {
    title: "ceph-mon's relation data, and other Ceph sources",
    options: {},
    steps: [
      { title: "deploy", ends: "missingClient", run: (p) => p.w.juju.deploy(1) },
      {
        title: "relate ceph-client before ceph-mon has OSDs: waiting for its data",
        ends: "missingData",
        run: (p) => {
          p.w.monReady = false;
          return p.w.relateClient();
        },
      },
      {
        title: "ceph-mon ready, its Ceph leader not answering the broker request yet: waiting",
        ends: "brokerPending",
        run: (p) => {
          p.w.monReady = true;
          p.w.brokerAnswers = false;
          return p.w.settle();
        },
      },
      {
        title: "an unreadable broker answer: blocked",
        ends: "brokerInvalid",
        run: (p) => p.w.juju.changeRemoteData(p.w.clientRel as number, { unit: p.w.monLeader, data: { [brokerKey(p)]: "[1, 2]" } }),
      },
      {
        title: "a failed broker request: blocked with Ceph's reason",
        ends: "brokerFailed",
        run: (p) =>
          p.w.juju.changeRemoteData(p.w.clientRel as number, { unit: p.w.monLeader, data: { [brokerKey(p)]: JSON.stringify({ "exit-code": 1, stderr: "Error EPERM" }) } }),
        check: (p) => assert.match(p.w.juju.unit(0).status.message, /Error EPERM/),
      },
      {
        title: "the broker request done: deploying, Ready",
        reaches: ["deploying"],
        ends: "ready",
        run: (p) => {
          p.w.brokerAnswers = true;
          return p.w.settle();
        },
      },
      {
        title: "a mon publishing an unknown auth: blocked naming the field and the unit",
        ends: "relationInvalid",
        run: (p) => p.w.juju.changeRemoteData(p.w.clientRel as number, { unit: "ceph-mon/1", data: { auth: "kerberos" } }),
        check: (p) => assert.match(p.w.juju.unit(0).status.message, /auth.*ceph-mon\/1|ceph-mon\/1.*auth/),
      },
      {
        title: "a mon publishing a malformed key: blocked, the key not shown",
        ends: "relationInvalidKey",
        run: async (p) => [...(await p.w.settle()), ...(await p.w.juju.changeRemoteData(p.w.clientRel as number, { unit: "ceph-mon/1", data: { key: "short" } }))],
      },
      {
        title: "a second ceph-client relation: blocked",
        ends: "multipleClients",
        run: async (p) => [...(await p.w.settle()), ...(await p.w.juju.relate("ceph-client", "other-ceph-mon", { units: { "other-ceph-mon/0": {} } })).outcomes],
      },
      {
        title: "MicroCeph related as well: blocked naming both sources",
        ends: "multipleSources",
        run: async (p) => {
          const other = p.w.juju.state.relations.find((r) => r.remoteApp === "other-ceph-mon");
          return [...(await p.w.juju.unrelate(other?.id as number)), ...(await p.w.juju.relate("ceph", "microceph", { units: { "microceph/0": {} } })).outcomes];
        },
      },
      {
        title: "ceph-client removed, MicroCeph not answering yet: removing, then waiting for its keys",
        reaches: ["removing"],
        ends: "providerMissing",
        run: (p) => p.w.juju.unrelate(p.w.clientRel as number),
      },
    ],
  },
  {
    title: "the ceph-external secret, in the order a new user takes",
    options: {},
    steps: [
      { title: "deploy", ends: "missingClient", run: (p) => p.w.juju.deploy(1) },
      {
        title: "juju add-secret, then juju config ceph-external before juju grant-secret: blocked naming the secret and grant-secret, exit 0",
        ends: "secretUnreadable",
        run: (p) => {
          p.setPools(["xfs-pool", "ext4-pool"]);
          return config(p, { "ceph-external": p.w.juju.addSecret(EXTERNAL, { name: "ceph-cluster" }) });
        },
        check: (p) => {
          const uri = p.w.juju.state.config["ceph-external"] as string;
          assert.equal(p.w.juju.unit(0).status.message, `Cannot read the ceph-external secret: permission denied (juju grant-secret ${uri} ceph-csi)`);
        },
      },
      {
        title: "juju grant-secret: the next hook reads it, Ready",
        reaches: ["deploying"],
        ends: "ready",
        run: (p) => {
          p.w.juju.grantSecret(p.w.juju.state.config["ceph-external"] as string, "ceph-csi");
          return updateStatus(p);
        },
      },
      {
        title: "juju revoke-secret: blocked (permission denied), nothing deleted, exit 0",
        ends: "secretUnreadable",
        run: async (p) => {
          const before = owned(p);
          p.w.juju.revokeSecret(p.w.juju.state.config["ceph-external"] as string, "ceph-csi");
          const out = await updateStatus(p);
          assert.match(p.w.juju.unit(0).status.message, /permission denied/);
          assert.deepEqual(owned(p), before, "nothing deleted");
          return out;
        },
      },
      {
        title: "juju remove-secret: blocked (not found), nothing deleted, exit 0",
        ends: "secretUnreadable",
        run: async (p) => {
          const before = owned(p);
          const uri = p.w.juju.state.config["ceph-external"] as string;
          p.w.juju.removeSecret(uri);
          const out = await updateStatus(p);
          assert.equal(p.w.juju.unit(0).status.message, `Cannot read the ceph-external secret: secret "${uri}" not found`);
          assert.deepEqual(owned(p), before, "nothing deleted");
          return out;
        },
      },
      {
        title: "a new secret, granted, set: Ready",
        ends: "ready",
        run: (p) => {
          const uri = p.w.juju.addSecret(EXTERNAL, { name: "ceph-cluster-2" });
          p.w.juju.grantSecret(uri, "ceph-csi");
          return config(p, { "ceph-external": uri });
        },
      },
    ],
  },
  {
    title: "an application named admin; secrets with problems",
    options: { app: "admin" },
    steps: [
      { title: "deploy", ends: "missingClient", run: (p) => p.w.juju.deploy(1) },
      {
        title: "a secret whose fsid is not a UUID: blocked, the key not shown",
        ends: "secretInvalid",
        run: (p) => {
          const uri = p.w.juju.addSecret({ ...EXTERNAL, fsid: "not-a-uuid" });
          p.w.juju.grantSecret(uri, "admin");
          return config(p, { "ceph-external": uri });
        },
      },
      {
        title: "a valid secret, its pools missing in Ceph: blocked naming them",
        ends: "poolsMissing",
        run: (p) => {
          p.setPools(["xfs-pool"]);
          const uri = p.w.juju.addSecret(EXTERNAL);
          p.w.juju.grantSecret(uri, "admin");
          return config(p, { "ceph-external": uri });
        },
        check: (p) => assert.match(p.w.juju.unit(0).status.message, /ext4-pool/),
      },
      {
        title: "CephFS wanted, the secret naming a filesystem Ceph does not have: blocked naming it",
        ends: "filesystemsMissing",
        run: (p) => {
          p.setPools(["xfs-pool", "ext4-pool"]);
          const uri = p.w.juju.addSecret({ ...EXTERNAL, cephfs: "nope" });
          p.w.juju.grantSecret(uri, "admin");
          return config(p, { "cephfs-enable": true, "ceph-external": uri });
        },
        check: (p) => assert.match(p.w.juju.unit(0).status.message, /\bnope\b/),
      },
      {
        title: "the filesystem created: Ready",
        reaches: ["deploying"],
        ends: "ready",
        run: (p) => {
          p.w.setFilesystems([{ name: "nope", dataPools: ["nope-data"] }]);
          return updateStatus(p);
        },
      },
      { title: "ceph-client related as well: blocked naming both sources", ends: "multipleSources", run: (p) => p.w.relateClient() },
      {
        title: "ceph-external unset: ceph-mon answers, its user would be client.admin, blocked",
        ends: "invalidUser",
        run: async (p) => [...(await config(p, { "ceph-external": null })), ...(await p.w.settle())],
      },
    ],
  },
];
