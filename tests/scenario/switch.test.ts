/**
 * `juju refresh ceph-csi --switch ./ceph-csi.charm` from the Python charm: what it left (objects
 * with its field managers, its broker request answered, no stored state) in, Juju's refresh
 * sequence (upgrade-charm, config-changed, start) and update-status run, the state out.
 */
import assert from "node:assert/strict";
import type { JsonObject } from "../harness/fake-kube/json.ts";
import { Sim } from "../harness/in-process/sim.ts";
import { assertAllOk, given, owned, storageClasses } from "./states.ts";
import { PYTHON_CONFIG, PYTHON_REQUEST_ID, pythonCharmLeft, pythonCharmWorld, pythonObjects, SWITCH_KEY } from "./switch-state.ts";

const OLD_MANAGERS = ["ceph-csi-rbd", "ceph-csi-config", "ceph-csi-cephfs"];

type Meta = { name: string; namespace?: string; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string>; managedFields?: { manager: string }[] };

function metaOf(o: JsonObject): Meta {
  return o["metadata"] as unknown as Meta;
}

/** The application's objects by `Kind/name`. */
function appObjects(s: Sim, app = "ceph-csi"): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const o of s.kube.cluster.all()) {
    const m = metaOf(o);
    if (m.labels?.["juju.io/application"] === app) out.set(`${String(o["kind"])}/${m.name}`, o);
  }
  return out;
}

/** An object as compared between worlds: no uid, generation, resourceVersion, times or generation-derived fields. */
function comparable(o: JsonObject): JsonObject {
  const c = structuredClone(o);
  const m = c["metadata"] as Record<string, unknown>;
  for (const k of ["uid", "generation", "resourceVersion", "creationTimestamp"]) delete m[k];
  const ann = m["annotations"] as Record<string, string> | undefined;
  if (ann) delete ann["deprecated.daemonset.template.generation"];
  if (ann && Object.keys(ann).length === 0) delete m["annotations"];
  m["managedFields"] = ((m["managedFields"] as Record<string, unknown>[] | undefined) ?? []).map((e) => ({ ...e, time: "" }));
  const status = c["status"] as Record<string, unknown> | undefined;
  if (status) delete status["observedGeneration"];
  return c;
}

function managersOf(o: JsonObject): string[] {
  return (metaOf(o).managedFields ?? []).map((e) => e.manager);
}

function provisioner(s: Sim): JsonObject {
  const d = appObjects(s).get("Deployment/csi-rbdplugin-provisioner");
  assert.ok(d, "the provisioner Deployment exists");
  return d;
}

function podSpec(o: JsonObject): Record<string, unknown> {
  return ((o["spec"] as Record<string, unknown>)["template"] as Record<string, Record<string, unknown>>)["spec"] as Record<string, unknown>;
}

/** Juju's refresh sequence, then update-status: every hook exits 0. */
async function switchCharm(s: Sim): Promise<void> {
  assertAllOk([...(await s.juju.upgrade()), await s.hook("update-status")]);
}

/** A fresh install of the same config at the release the switch keeps, with the same Ceph and key. */
async function freshInstall(): Promise<Sim> {
  const s = await Sim.create({ clientKey: SWITCH_KEY, config: { ...PYTHON_CONFIG, release: "v3.9.0" } });
  s.kube.cluster.seed({ apiVersion: "v1", kind: "Namespace", metadata: { name: "ceph-csi" } }, "ceph-csi");
  assertAllOk(await s.juju.deploy(1));
  assertAllOk(await s.relateClient());
  assert.equal(s.status().message, "Ready");
  return s;
}

describe("scenario: switch from the Python charm", function () {
  this.timeout(60_000);

  it("the reference state: 19 objects owned only by the Python charm's managers, the anti-affinity in place", async () => {
    const s = await given(pythonCharmLeft());
    const objects = appObjects(s);
    assert.equal(objects.size, 19);
    assert.equal(objects.size, pythonObjects().length);
    for (const [name, o] of objects) assert.ok(managersOf(o).every((m) => OLD_MANAGERS.includes(m)), `${name}: ${managersOf(o).join(",")}`);
    assert.ok(podSpec(provisioner(s))["affinity"], "the Python charm's required anti-affinity is there before the switch");
  });

  it("adopts every object completely: uids kept, no field owned by the old managers, the extra Services pruned, one default class", async () => {
    const s = await given(pythonCharmLeft());
    const before = appObjects(s);
    await switchCharm(s);
    const after = appObjects(s);
    const kept = [...after.keys()].filter((k) => before.has(k));
    // Everything but the two Services (v3.9.0 still has the RBD CSIDriver).
    assert.equal(kept.length, 17, `adopted: ${kept.join(", ")}`);
    // The CSIDriver too: v3.9.0 asks for seLinuxMount, which a v1.26 server drops; the server's
    // answer to the apply is what counts, and it has nothing to re-create for.
    assert.ok(kept.includes("CSIDriver/rbd.csi.ceph.com"), `adopted: ${kept.join(", ")}`);
    for (const k of kept) {
      assert.equal(metaOf(after.get(k) as JsonObject).uid, metaOf(before.get(k) as JsonObject).uid, `${k} keeps its uid`);
    }
    assert.ok(!after.has("Service/csi-rbdplugin-provisioner") && !after.has("Service/csi-metrics-rbdplugin"), "the two Services are pruned");
    for (const [name, o] of after) {
      const old = managersOf(o).filter((m) => OLD_MANAGERS.includes(m));
      assert.deepEqual(old, [], `${name} has no field owned by the previous charm's managers`);
    }
    assert.deepEqual(
      Object.entries(storageClasses(s)).filter(([, c]) => c.default).map(([n]) => n),
      ["ceph-xfs"],
    );
  });

  it("the provisioner's required anti-affinity, owned only by the old manager, is gone (one replica can roll on one node)", async () => {
    const s = await given(pythonCharmLeft());
    await switchCharm(s);
    const spec = podSpec(provisioner(s));
    assert.equal(spec["affinity"], undefined, JSON.stringify(spec["affinity"]));
    assert.equal((provisioner(s)["spec"] as { replicas: number }).replicas, 1);
  });

  it("ends exactly where a fresh install of the kept release ends (uids and generations aside)", async () => {
    const s = await given(pythonCharmLeft());
    await switchCharm(s);
    const fresh = await freshInstall();
    const a = appObjects(s);
    const b = appObjects(fresh);
    assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
    for (const [name, o] of a) assert.deepEqual(comparable(o), comparable(b.get(name) as JsonObject), name);
  });

  it("tolerations the Python charm set, removed later by juju config, go away (the old manager does not keep them)", async () => {
    // The Python charm ran with ceph-rbd-tolerations set: its manager owns them on both workloads.
    const toleration = { key: "key1", operator: "Equal", value: "value1", effect: "NoSchedule" };
    const s = await pythonCharmWorld({
      config: { "ceph-rbd-tolerations": "key1=value1,Equal,NoSchedule" },
      edit: (o) => {
        if (o["kind"] !== "Deployment" && o["kind"] !== "DaemonSet") return;
        podSpec(o)["tolerations"] = [toleration];
      },
    });
    assert.deepEqual(podSpec(provisioner(s))["tolerations"], [toleration]);
    await switchCharm(s);
    assert.deepEqual(podSpec(provisioner(s))["tolerations"], [toleration], "the same tolerations after the switch");
    assertAllOk(await s.juju.setConfig({ "ceph-rbd-tolerations": "" }));
    assert.equal(podSpec(provisioner(s))["tolerations"], undefined);
    assert.equal(podSpec(appObjects(s).get("DaemonSet/csi-rbdplugin") as JsonObject)["tolerations"], undefined);
  });

  it("keeps the running release v3.9.0 and says so, until juju config release=… upgrades it", async () => {
    const s = await given(pythonCharmLeft({ brokerAnswers: true }));
    await switchCharm(s);
    assertAllOk(await s.settle());
    const labels = metaOf(provisioner(s)).labels ?? {};
    assert.equal(labels["juju.io/manifest-version"], "rbd-v3.9.0");
    assert.deepEqual(s.status(), {
      status: "active",
      message: "Ready (Ceph CSI v3.9.0 kept from the previous charm; this charm would deploy v3.16.0; next upgrade step: juju config ceph-csi release=v3.10.2)",
    });
    assert.equal(s.juju.state.appStatus.message, "Versions: v3.9.0");
    assert.equal(s.juju.unit(0).workloadVersion, "v3.9.0");
    // Later hooks keep it.
    assertAllOk([await s.hook("update-status")]);
    assert.equal(metaOf(provisioner(s)).labels?.["juju.io/manifest-version"], "rbd-v3.9.0");
    // The operator chooses.
    assertAllOk(await s.juju.setConfig({ release: "v3.10.0" }));
    assert.equal(metaOf(provisioner(s)).labels?.["juju.io/manifest-version"], "rbd-v3.10.0");
    assert.equal(s.status().message, "Ready");
    assert.equal(s.juju.state.appStatus.message, "Versions: v3.10.0");
  });

  it("with two units: the non-leader shows the kept release too; only the leader writes to Kubernetes", async () => {
    const s = await pythonCharmWorld({ units: 2, brokerAnswers: true });
    await switchCharm(s);
    assertAllOk(await s.settle());
    assert.equal(s.juju.unit(0).workloadVersion, "v3.9.0");
    assert.equal(s.juju.unit(1).workloadVersion, "v3.9.0");
    assert.equal(s.status(1).message, "Ready");
    assertAllOk(await s.juju.setConfig({ release: "v3.10.2" }));
    assertAllOk(await s.juju.updateStatus());
    assert.equal(s.juju.unit(0).workloadVersion, "v3.10.2");
    assert.equal(s.juju.unit(1).workloadVersion, "v3.10.2");
    // A deleted class is the non-leader's to see, not to restore: only the leader writes.
    s.kube.cluster.remove({ kind: "StorageClass", metadata: { name: "ceph-ext4" } });
    s.kube.clearRequests();
    assertAllOk([await s.hook("config-changed", { unit: "ceph-csi/1" }), await s.hook("update-status", { unit: "ceph-csi/1" })]);
    assert.deepEqual(s.kube.writes(), []);
    assert.equal(storageClasses(s)["ceph-ext4"], undefined);
    assertAllOk([await s.hook("update-status", { unit: "ceph-csi/0" })]);
    assert.ok(storageClasses(s)["ceph-ext4"], "the leader restores it");
  });

  it("the kept release is forgotten with the objects: removing and re-adding ceph-client is a fresh install", async () => {
    const s = await given(pythonCharmLeft({ brokerAnswers: true }));
    await switchCharm(s);
    assertAllOk(await s.settle());
    assertAllOk(await s.juju.unrelate(s.clientRel as number));
    assert.deepEqual(owned(s), [], "removed with the relation");
    assertAllOk(await s.relateClient());
    assert.equal(metaOf(provisioner(s)).labels?.["juju.io/manifest-version"], "rbd-v3.16.0");
    assert.equal(s.status().message, "Ready");
  });

  it("a fresh install takes the default release (no pin without the previous charm's objects)", async () => {
    const s = await Sim.create({ clientKey: SWITCH_KEY });
    assertAllOk(await s.juju.deploy(1));
    assertAllOk(await s.relateClient());
    assert.equal(metaOf(provisioner(s)).labels?.["juju.io/manifest-version"], "rbd-v3.16.0");
    assert.equal(s.status().message, "Ready");
  });

  it("applies in the first hook with the previous charm's completed broker request; no ceph-mon round trip", async () => {
    const s = await given(pythonCharmLeft());
    assertAllOk([await s.hook("upgrade-charm")]);
    assert.equal(metaOf(provisioner(s)).labels?.["juju.io/manifest-version"], "rbd-v3.9.0");
    assert.ok(managersOf(provisioner(s)).includes("ceph-csi"), "applied by this charm in upgrade-charm");
    assert.deepEqual(managersOf(provisioner(s)).filter((m) => OLD_MANAGERS.includes(m)), []);
    assert.match(s.status().message, /^Ready \(using the pools and user of the previous charm's broker request; ceph-mon has not answered this charm's request yet\) \(Ceph CSI v3\.9\.0 kept/);
    // This charm's own request is sent beside it.
    const bag = s.juju.relation("ceph-client").localUnitData["ceph-csi/0"] ?? {};
    assert.notEqual(JSON.parse(bag["broker_req"] ?? "{}")["request-id"], PYTHON_REQUEST_ID);
    // ceph-mon answers it later: the note goes.
    s.brokerAnswers = true;
    assertAllOk(await s.settle());
    assert.doesNotMatch(s.status().message, /previous charm's broker request/);
  });

  it("without the previous charm's answer, it waits for ceph-mon as a fresh relation does", async () => {
    const s = await pythonCharmWorld();
    const rel = s.juju.relation("ceph-client");
    const mon = rel.remoteUnits[0]?.name as string;
    assertAllOk(await s.juju.changeRemoteData(rel.id, { unit: mon, data: { "broker-rsp-ceph-csi-0": null, broker_rsp: null } }));
    assertAllOk(await s.juju.upgrade());
    assert.deepEqual(s.status(), { status: "waiting", message: "Waiting for ceph-mon to process the broker request" });
    assert.ok(managersOf(provisioner(s)).every((m) => OLD_MANAGERS.includes(m)), "nothing applied yet");
  });

  it("once ceph-mon answers, later hooks stay Ready with nothing of the Python charm's left (no Service)", async () => {
    const s = await given(pythonCharmLeft({ brokerAnswers: true }));
    await switchCharm(s);
    assertAllOk(await s.settle());
    assertAllOk([await s.hook("update-status")]);
    assert.match(s.status().message, /^Ready/);
    assert.deepEqual(owned(s).filter((o) => o.startsWith("Service/")), []);
  });
});
