/** The Ceph CLI package, the broker request, the ceph commands: failures say what failed and recover. */
import assert from "node:assert/strict";
import { assertAllOk, deployed, given, history, owned, ready, readyCephfs, shownTexts } from "./states.ts";

describe("scenario: packages, broker and the ceph CLI", () => {
  it("install shows maintenance while apt runs", async () => {
    const s = await given(deployed());
    assert.ok(history(s).includes("maintenance Ensuring ceph-common package"));
    assert.equal(s.host.aptRuns, 1);
  });

  it("apt failing on install blocks, logs the detail, and nothing is applied even with ceph-mon ready", async () => {
    const s = await given(deployed());
    s.host.aptFailure = "E: Unable to locate package ceph-common";
    assertAllOk([await s.hook("upgrade-charm")]);
    assert.deepEqual(s.status(), { status: "blocked", message: "Failed to install ceph apt packages." });
    assert.ok(s.juju.state.logs.some((l) => l.level === "WARNING" && l.message === "apt-get: E: Unable to locate package ceph-common"));
    assertAllOk(await s.relateClient());
    assert.deepEqual(s.status(), { status: "blocked", message: "Failed to install ceph apt packages." });
    assert.equal(s.kube.writes().length, 0);
  });

  it("after an apt failure, update-status tries again and recovers", async () => {
    const s = await given(ready());
    s.host.aptFailure = "E: broken";
    assertAllOk([await s.hook("upgrade-charm")]);
    assert.equal(s.status().message, "Failed to install ceph apt packages.");
    s.host.aptFailure = undefined;
    const runs = s.host.aptRuns;
    assertAllOk([await s.hook("update-status")]);
    assert.equal(s.host.aptRuns, runs + 1);
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
  });

  it("a relation hook does not retry apt (only install, upgrade-charm, config-changed, update-status do)", async () => {
    const s = await given(ready());
    s.host.aptFailure = "E: broken";
    assertAllOk([await s.hook("upgrade-charm")]);
    const runs = s.host.aptRuns;
    assertAllOk(await s.juju.changeRemoteData(s.clientRel as number, { unit: "ceph-mon/1", data: { "ceph-public-address": "10.20.0.12" } }));
    assert.equal(s.host.aptRuns, runs);
  });

  it("ceph-mon rejecting the broker request: blocked with its reason; sent again on update-status with a new id", async () => {
    const s = await given(deployed());
    s.brokerAnswers = false;
    assertAllOk(await s.relateClient());
    const rel = s.clientRel as number;
    const bag = () => s.juju.relation("ceph-client").localUnitData["ceph-csi/0"] ?? {};
    const sent = JSON.parse(bag()["broker_req"] ?? "{}")["request-id"] as string;
    assertAllOk(
      await s.juju.changeRemoteData(rel, {
        unit: "ceph-mon/0",
        data: { "broker-rsp-ceph-csi-0": JSON.stringify({ "exit-code": 1, stderr: "Error ERANGE: pg_num 32 size 3 would mean 96 total pgs", "request-id": sent }) },
      }),
    );
    assert.deepEqual(s.status(), { status: "blocked", message: "Broker request failed: Error ERANGE: pg_num 32 size 3 would mean 96 total pgs" });
    assert.equal(JSON.parse(bag()["broker_req"] ?? "{}")["request-id"], sent, "a relation hook does not resend");
    assertAllOk([await s.hook("update-status")]);
    assert.equal(JSON.parse(bag()["broker_req"] ?? "{}")["request-id"], `${sent}-r1`, "update-status resends");
  });

  it("a malformed address from ceph-mon blocks naming the field and unit; a key never shows", async () => {
    const s = await given(ready());
    const rel = s.clientRel as number;
    assertAllOk(await s.juju.changeRemoteData(rel, { unit: "ceph-mon/2", data: { "ceph-public-address": "10.0.0.300" } }));
    assert.deepEqual(s.status(), { status: "blocked", message: "Invalid ceph-public-address from ceph-mon/2: '10.0.0.300'" });
    const badKey = "AQ-not-a-key";
    assertAllOk(await s.juju.changeRemoteData(rel, { unit: "ceph-mon/2", data: { "ceph-public-address": "10.20.0.11", key: badKey } }));
    assert.deepEqual(s.status(), { status: "blocked", message: "Invalid key from ceph-mon/2" });
    const shown = shownTexts(s);
    assert.ok(shown.length > 0);
    assert.deepEqual(
      shown.filter((m) => m.includes(badKey)),
      [],
      "the key value is in no log line or status",
    );
  });

  it("`ceph fs ls` failing: blocked naming the command and Ceph's words, CephFS objects stay; recovery", async () => {
    const s = await given(readyCephfs());
    const before = owned(s);
    s.ceph.fail = "Error EACCES: access denied";
    assertAllOk([await s.hook("update-status")]);
    assert.deepEqual(s.status(), { status: "blocked", message: "ceph fs ls failed: Error EACCES: access denied" });
    assert.deepEqual(owned(s), before);
    s.ceph.fail = undefined;
    assertAllOk([await s.hook("update-status")]);
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
  });

  it("`ceph fsid` failing with no remembered fsid: blocked naming it", async () => {
    const s = await given(deployed());
    s.ceph.fail = "monclient(hunting): authenticate timed out";
    assertAllOk(await s.relateClient());
    assert.deepEqual(s.status(), { status: "blocked", message: "ceph fsid failed: monclient(hunting): authenticate timed out" });
    assert.equal(s.kube.writes().length, 0);
  });

  it("`ceph` hanging: waiting on the timeout, retried on the next hook", async () => {
    const s = await given(readyCephfs());
    s.ceph.hang = true;
    assertAllOk([await s.hook("update-status")]);
    assert.deepEqual(s.status(), { status: "waiting", message: "ceph fs ls timed out after 30s" });
    s.ceph.hang = false;
    assertAllOk([await s.hook("update-status")]);
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
  });

  it("the private conf cannot be written: blocked naming the dir and the error", async () => {
    const s = await given(ready());
    s.host.writeFailure = "ENOSPC";
    assertAllOk(await s.juju.changeRemoteData(s.clientRel as number, { unit: "ceph-mon/1", data: { "ceph-public-address": "10.20.0.12" } }));
    assert.deepEqual(s.status(), { status: "blocked", message: "Failed to write the Ceph configuration in /var/lib/juju/agents/unit-ceph-csi-0/charm/ceph-conf (ENOSPC)" });
  });
});
