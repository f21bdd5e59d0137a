/** The rules that depend on an event's name (src/charm/events.ts). */
import assert from "node:assert/strict";
import {
  baseReads,
  brokenRelationId,
  installsPackages,
  isSourceBroken,
  isUnitRemove,
  isUnitStopping,
  isUpdateStatus,
  LEADER_ACTIONS,
  mayRemoveApplication,
  retriesBroker,
  retriesPackages,
} from "../../../src/charm/events.ts";
import type { JujuEvent } from "../../../src/juju/event.ts";

function hook(name: string, relation?: { endpoint: string; id: number }): JujuEvent {
  return {
    kind: "hook",
    name,
    relation,
    remoteUnit: undefined,
    remoteApp: undefined,
    departingUnit: undefined,
    actionId: undefined,
    secretId: undefined,
    unitName: "ceph-csi/0",
    appName: "ceph-csi",
    charmDir: "/charm",
    modelName: "m",
  };
}

function action(name: string): JujuEvent {
  return { ...hook(name), kind: "action", actionId: "1" };
}

const CLIENT = { endpoint: "ceph-client", id: 7 };

describe("event rules", () => {
  it("a failed broker request is sent again on periodic and lifecycle hooks, never on a relation hook (it would loop with ceph-mon)", () => {
    for (const h of ["config-changed", "update-status", "upgrade-charm", "leader-elected", "start"]) assert.equal(retriesBroker(hook(h)), true, h);
    for (const h of ["ceph-client-relation-joined", "ceph-client-relation-changed", "ceph-client-relation-departed", "ceph-admin-relation-changed", "install", "stop"]) {
      assert.equal(retriesBroker(hook(h, CLIENT)), false, h);
    }
    assert.equal(retriesBroker(action("update-status")), false, "actions never retry");
  });

  it("installs packages on install and upgrade-charm; retries a failed install on config-changed and update-status", () => {
    assert.deepEqual(["install", "upgrade-charm", "config-changed", "start"].map((h) => installsPackages(hook(h))), [true, true, false, false]);
    assert.deepEqual(["config-changed", "update-status", "install"].map((h) => retriesPackages(hook(h))), [true, true, false]);
    assert.equal(installsPackages(action("install")), false);
  });

  it("stop and remove only remove; remove is the unit's last hook", () => {
    assert.deepEqual(["stop", "remove", "update-status"].map((h) => isUnitStopping(hook(h))), [true, true, false]);
    assert.deepEqual(["stop", "remove"].map((h) => isUnitRemove(hook(h))), [false, true]);
    assert.deepEqual(baseReads(hook("stop")), { config: false, relations: false });
    assert.deepEqual(baseReads(hook("config-changed")), { config: true, relations: true });
  });

  it("breaking ceph-client may remove the application; breaking ceph-admin does not", () => {
    assert.equal(isSourceBroken(hook("ceph-client-relation-broken", CLIENT)), true);
    assert.equal(isSourceBroken(hook("ceph-admin-relation-broken", { endpoint: "ceph-admin", id: 8 })), false);
    assert.equal(mayRemoveApplication(hook("ceph-client-relation-broken", CLIENT)), true);
    assert.equal(mayRemoveApplication(hook("remove")), true);
    assert.equal(mayRemoveApplication(hook("config-changed")), false);
  });

  it("the broken relation's id, only in a -relation-broken hook", () => {
    assert.equal(brokenRelationId(hook("ceph-client-relation-broken", CLIENT)), 7);
    assert.equal(brokenRelationId(hook("ceph-client-relation-departed", CLIENT)), undefined);
    assert.equal(brokenRelationId(hook("update-status")), undefined);
    assert.equal(isUpdateStatus(hook("update-status")), true);
  });

  it("only the actions that write to Kubernetes are the leader's", () => {
    assert.deepEqual([...LEADER_ACTIONS].sort(), ["delete-storage-class", "scrub-resources", "sync-resources", "verify-storage"]);
  });
});
