/**
 * Every status text the charm can show comes from src/status/catalog.ts. This suite checks the
 * catalog against its producers: for each entry, the charm itself (a hook run in-process, or the
 * pure function that owns the check) produces a text that is that template filled in; every entry
 * has such a case; every template is in the README; and the priorities keep blocked above waiting.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseConfig } from "../../src/config/parse.ts";
import { CATALOG, type CatalogEntry, type MessageId } from "../../src/status/catalog.ts";
import { decideStatus, worstProblem } from "../../src/status/decide.ts";
import { message, type Problem, problem } from "../../src/status/problem.ts";
import { Sim } from "../harness/in-process/sim.ts";
import { deployed, given, history, ready, readyCephfs } from "../scenario/states.ts";
import { pythonCharmLeft } from "../scenario/switch-state.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
/** A cephx-shaped key for the external secret cases (28 bytes, base64). */
const EXTERNAL_KEY = Buffer.alloc(28, 7).toString("base64");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");

/** The template as a whole-text pattern: each `<placeholder>` stands for some non-empty text. */
function pattern(template: string): RegExp {
  const parts = template.split(/<[^<>]+>/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".+")}$`);
}

const status = (s: Sim) => s.status().message;
const app = (s: Sim) => s.juju.state.appStatus.message;
const configError = (raw: Record<string, unknown>): string => {
  const r = parseConfig(raw);
  assert.ok(!r.ok);
  return r.error.text;
};
/** A Ready state with some config set (one config-changed). */
async function configured(values: Record<string, string | number | boolean>, from = ready()): Promise<Sim> {
  const s = await given(from);
  await s.juju.setConfig(values);
  return s;
}
/** The text inside "Ready (…)". */
const noteOf = (s: Sim): string => /^Ready \((.*)\)$/.exec(status(s))?.[1] ?? `not a note: ${status(s)}`;

/** Each "(…)" after "Ready". */
const notesOf = (s: Sim): string[] => [...status(s).matchAll(/ \((.*?)\)(?= \(|$)/g)].map((m) => m[1] ?? "");
/** For each entry: how the charm produces it. */
const PRODUCERS: Record<MessageId, () => Promise<string>> = {
  ready: async () => status(await given(ready())),
  noteNoDefaultMatch: async () => noteOf(await configured({ "default-storage": "fast" })),
  noteNoFilesystem: async () => noteOf(await configured({ "cephfs-enable": true })),
  noteHostPorts: async () =>
    noteOf(await configured({ "enable-host-networking": true, "metrics-port-rbdplugin-provisioner": 9081, "metrics-port-cephfsplugin-provisioner": 9082 }, readyCephfs())),
  notePreviousBroker: async () => {
    const s = await given(pythonCharmLeft());
    await s.hook("upgrade-charm");
    return notesOf(s).find((n) => n.includes("broker")) ?? `no such note: ${status(s)}`;
  },
  noteReleaseKept: async () => {
    const s = await given(pythonCharmLeft({ brokerAnswers: true }));
    await s.juju.upgrade();
    await s.settle();
    return noteOf(s);
  },
  appVersions: async () => app(await given(ready())),
  installing: async () => history(await given(deployed())).find((h) => h.startsWith("maintenance Ensuring"))?.slice("maintenance ".length) ?? "",
  deploying: async () => history(await given(ready())).find((h) => h.startsWith("maintenance Deploying"))?.slice("maintenance ".length) ?? "",
  removing: async () => {
    const s = await given(ready());
    await s.juju.unrelate(s.clientRel as number);
    return history(s).find((h) => h.startsWith("maintenance Removing"))?.slice("maintenance ".length) ?? "";
  },
  aptFailed: async () => {
    const s = await given(ready());
    s.host.aptFailure = "E: nope";
    await s.hook("upgrade-charm");
    return status(s);
  },
  unknownOption: async () => configError({ "cephfs-enabled": true }),
  invalidType: async () => configError({ "provisioner-replicas": "3" }),
  invalidOption: async () => status(await configured({ release: "v1.0.0" })),
  invalidReclaim: async () => status(await configured({ "default-reclaim-policy": "Keep" })),
  invalidMetricsPort: async () => status(await configured({ "metrics-port-rbdplugin": 80 })),
  conflictingMetricsPort: async () => status(await configured({ "metrics-port-rbdplugin": 9000, "metrics-port-cephfsplugin": 9000 })),
  invalidTolerations: async () => status(await configured({ "cephfs-tolerations": "a=b,Equal,Sometimes" })),
  invalidParameter: async () => status(await configured({ "cephfs-storage-class-parameters": "x" })),
  namespaceFrozen: async () => status(await configured({ namespace: "elsewhere" })),
  drivernameFrozen: async () => status(await configured({ "csidriver-name-formatter": "x.{name}" })),
  removalIncomplete: async () => {
    const s = await given(ready());
    s.kube.down = "refused";
    await s.juju.unrelate(s.clientRel as number);
    return status(s);
  },
  missingClient: async () => status(await given(deployed())),
  multipleSources: async () => {
    const s = await given(ready());
    await s.juju.relate("ceph", "microceph", { units: { "microceph/0": {} } });
    return status(s);
  },
  secretUnreadable: async () => status(await configured({ "ceph-external": "secret:d4lbj2v7rvc4ib9slmc0" }, deployed())),
  secretInvalid: async () => {
    const s = await given(deployed());
    const uri = s.juju.addSecret({ fsid: "not-a-uuid", monitors: "10.0.0.1", user: "k8s", key: EXTERNAL_KEY });
    s.juju.grantSecret(uri, "ceph-csi");
    await s.juju.setConfig({ "ceph-external": uri });
    return status(s);
  },
  poolsMissing: async () => {
    const s = await given(deployed());
    const uri = s.juju.addSecret({ fsid: "11111111-2222-4333-8444-555555555555", monitors: "10.0.0.1", user: "k8s", key: EXTERNAL_KEY });
    s.juju.grantSecret(uri, "ceph-csi");
    await s.juju.setConfig({ "ceph-external": uri });
    return status(s);
  },
  filesystemsMissing: async () => {
    const s = await given(deployed({ config: { "cephfs-enable": true } }));
    s.ceph.pools = ["xfs-pool", "ext4-pool"];
    const uri = s.juju.addSecret({ fsid: "11111111-2222-4333-8444-555555555555", monitors: "10.0.0.1", user: "k8s", key: EXTERNAL_KEY, cephfs: "nope" });
    s.juju.grantSecret(uri, "ceph-csi");
    await s.juju.setConfig({ "ceph-external": uri });
    return status(s);
  },
  providerMissing: async () => {
    const s = await given(deployed());
    await s.juju.relate("ceph", "microceph", { units: { "microceph/0": {} } });
    return status(s);
  },
  multipleClients: async () => {
    const s = await given(ready());
    await s.juju.relate("ceph-client", "other-ceph-mon", { units: { "other-ceph-mon/0": {} } });
    return status(s);
  },
  relationInvalid: async () => {
    const s = await given(ready());
    await s.juju.changeRemoteData(s.clientRel as number, { unit: "ceph-mon/1", data: { auth: "kerberos" } });
    return status(s);
  },
  relationInvalidKey: async () => {
    const s = await given(ready());
    await s.juju.changeRemoteData(s.clientRel as number, { unit: "ceph-mon/1", data: { key: "short" } });
    return status(s);
  },
  brokerFailed: async () => {
    const s = await given(deployed());
    s.brokerAnswers = false;
    await s.relateClient();
    await s.juju.changeRemoteData(s.clientRel as number, { unit: "ceph-mon/0", data: { "broker-rsp-ceph-csi-0": JSON.stringify({ "exit-code": 1, stderr: "Error EPERM" }) } });
    return status(s);
  },
  brokerInvalid: async () => {
    const s = await given(deployed());
    s.brokerAnswers = false;
    await s.relateClient();
    await s.juju.changeRemoteData(s.clientRel as number, { unit: "ceph-mon/0", data: { "broker-rsp-ceph-csi-0": "[1, 2]" } });
    return status(s);
  },
  invalidUser: async () => {
    const s = await given(deployed({ app: "admin" }));
    await s.relateClient();
    return status(s);
  },
  confWrite: async () => {
    const s = await given(ready());
    s.host.writeFailure = "EACCES";
    await s.hook("config-changed");
    return status(s);
  },
  cephCommand: async () => {
    const s = await given(readyCephfs());
    s.ceph.fail = "Error EPERM: denied";
    await s.hook("update-status");
    return status(s);
  },
  neitherEnabled: async () => status(await configured({ "ceph-rbd-enable": false })),
  cephfsNames: async () => {
    const s = await given(ready({ filesystems: [{ name: "a", dataPools: ["a-data", "a-ec"] }] }));
    await s.juju.setConfig({ "cephfs-enable": true });
    return status(s);
  },
  classNameClash: async () => status(await configured({ "ceph-ext4-storage-class-name-formatter": "ceph-xfs" })),
  snapshotNames: async () => status(await configured({ "cephfs-snapshot-class-name-formatter": "cephfs-snap" }, readyCephfs({ filesystems: [{ name: "a", dataPools: ["a-data"] }, { name: "b", dataPools: ["b-data"] }], config: { "cephfs-storage-class-name-formatter": "{name}" } }))),
  snapshotNameClash: async () => status(await configured({ "rbd-snapshot-class-name-formatter": "snap", "cephfs-snapshot-class-name-formatter": "snap" }, readyCephfs())),
  multipleDefaultSnapshots: async () =>
    status(await configured({ "default-snapshot-class": "{name}-snapshot" }, readyCephfs({ filesystems: [{ name: "a", dataPools: ["a-data"] }, { name: "b", dataPools: ["b-data"] }], config: { "cephfs-storage-class-name-formatter": "{name}" } }))),
  multipleDefaults: async () =>
    status(await configured({ "ceph-xfs-storage-class-name-formatter": "ceph-xfs-pool", "ceph-ext4-storage-class-name-formatter": "ceph-ext4-pool", "default-storage": "ceph-{pool}" })),
  missingNamespace: async () => status(await given(ready({ config: { namespace: "missing" } }))),
  collisions: async () => {
    const s = await given(deployed());
    s.kube.cluster.seed({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "ceph-xfs" }, provisioner: "x" });
    await s.relateClient();
    return status(s);
  },
  missingData: async () => {
    const s = await given(deployed());
    s.monReady = false;
    await s.relateClient();
    return status(s);
  },
  brokerPending: async () => {
    const s = await given(deployed());
    s.brokerAnswers = false;
    await s.relateClient();
    return status(s);
  },
  cephTimeout: async () => {
    const s = await given(readyCephfs());
    s.ceph.hang = true;
    await s.hook("update-status");
    return status(s);
  },
  kubeconfig: async () => {
    const s = await given(deployed());
    s.kube.configured = false;
    await s.relateClient();
    return status(s);
  },
  kubeApi: async () => {
    const s = await given(ready());
    s.kube.down = "timeout";
    await s.hook("update-status");
    return status(s);
  },
  notAvailable: async () => status(await given(ready({ nodes: 1 }))),
};

describe("status catalog", () => {
  for (const [id, entry] of Object.entries(CATALOG) as [MessageId, CatalogEntry][]) {
    it(`${id}: the charm produces "${entry.template}"`, async () => {
      const text = await PRODUCERS[id]();
      assert.match(text, pattern(entry.template));
      // No entry produced here is a fragment of another's text.
      const also = (Object.entries(CATALOG) as [MessageId, CatalogEntry][]).filter(([other, e]) => other !== id && pattern(e.template).test(text) && !e.template.includes("<"));
      assert.deepEqual(also.map(([other]) => other), [], "the text belongs to one entry");
    });

    it(`${id}: documented in the README`, () => {
      const shown = entry.status === "active" && id.startsWith("note") ? `Ready (${entry.template})` : entry.template;
      assert.ok(readme.includes(shown.replaceAll("|", "\\|")) || readme.includes(shown), `README lists: ${shown}`);
    });
  }

  it("every blocked entry outranks every waiting one only by severity, and priorities are numbers", () => {
    for (const e of Object.values(CATALOG) as CatalogEntry[]) assert.equal(typeof e.priority, "number");
    // A low-priority blocked problem against a high-priority waiting one: severity decides.
    assert.equal(CATALOG.collisions.status, "blocked");
    assert.equal(CATALOG.missingData.status, "waiting");
    assert.ok(CATALOG.collisions.priority < CATALOG.missingData.priority, "the blocked entry must have the lower priority");
    const blocked = problem("collisions", { count: 2, holders: "application 'other'", options: "namespace" });
    const waiting = problem("missingData");
    for (const problems of [
      [blocked, waiting],
      [waiting, blocked],
    ]) {
      assert.equal(worstProblem(problems), blocked);
      assert.deepEqual(decideStatus(problems), { status: "blocked", message: blocked.text });
    }
    // And for every pair of a blocked entry and a waiting one, whatever their priorities.
    const entries = Object.entries(CATALOG) as [MessageId, CatalogEntry][];
    const ofStatus = (st: string) => entries.filter(([, e]) => e.status === st).map(([id]) => id);
    // message() built untyped: placeholders stay unfilled, which does not matter here.
    const fake = message as unknown as (id: MessageId) => Problem;
    assert.ok(ofStatus("blocked").length > 0 && ofStatus("waiting").length > 0);
    for (const b of ofStatus("blocked")) {
      for (const w of ofStatus("waiting")) {
        assert.equal(worstProblem([fake(b), fake(w)])?.id, b, `${b} over ${w}`);
        assert.equal(worstProblem([fake(w), fake(b)])?.id, b, `${b} over ${w}`);
        assert.equal(decideStatus([fake(w), fake(b)]).status, "blocked");
      }
    }
  });

  it("the Sim used here runs the charm's own code (a sanity check of the producers)", async () => {
    const s = await Sim.create();
    await s.juju.deploy(1);
    assert.equal(s.status().message, CATALOG.missingClient.template);
  });
});
