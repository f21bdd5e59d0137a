import assert from "node:assert/strict";
import { EventParseError, parseEvent, relationHookKind } from "../../../src/juju/event.ts";

const BASE = {
  JUJU_UNIT_NAME: "ceph-csi/2",
  JUJU_CHARM_DIR: "/var/lib/juju/agents/unit-ceph-csi-2/charm",
  JUJU_MODEL_NAME: "k8s",
};

describe("src/juju parseEvent", () => {
  it("parses a plain hook", () => {
    const e = parseEvent({ ...BASE, JUJU_DISPATCH_PATH: "hooks/config-changed", JUJU_HOOK_NAME: "config-changed" });
    assert.deepEqual(e, {
      kind: "hook",
      name: "config-changed",
      relation: undefined,
      remoteUnit: undefined,
      remoteApp: undefined,
      departingUnit: undefined,
      actionId: undefined,
      secretId: undefined,
      unitName: "ceph-csi/2",
      appName: "ceph-csi",
      charmDir: "/var/lib/juju/agents/unit-ceph-csi-2/charm",
      modelName: "k8s",
    });
  });

  it("parses a relation hook; an empty JUJU_REMOTE_UNIT means none", () => {
    const env = {
      ...BASE,
      JUJU_DISPATCH_PATH: "hooks/ceph-client-relation-departed",
      JUJU_RELATION: "ceph-client",
      JUJU_RELATION_ID: "ceph-client:12",
      JUJU_REMOTE_APP: "ceph-mon",
      JUJU_REMOTE_UNIT: "ceph-mon/1",
      JUJU_DEPARTING_UNIT: "ceph-mon/1",
    };
    const e = parseEvent(env);
    assert.deepEqual(e.relation, { endpoint: "ceph-client", id: 12 });
    assert.equal(e.remoteUnit, "ceph-mon/1");
    assert.equal(e.remoteApp, "ceph-mon");
    assert.equal(e.departingUnit, "ceph-mon/1");
    const created = parseEvent({ ...env, JUJU_DISPATCH_PATH: "hooks/ceph-client-relation-created", JUJU_REMOTE_UNIT: "", JUJU_DEPARTING_UNIT: undefined });
    assert.equal(created.remoteUnit, undefined);
    assert.equal(created.departingUnit, undefined);
  });

  it("accepts a bare numeric JUJU_RELATION_ID", () => {
    const e = parseEvent({ ...BASE, JUJU_DISPATCH_PATH: "hooks/peers-relation-changed", JUJU_RELATION: "peers", JUJU_RELATION_ID: "0" });
    assert.deepEqual(e.relation, { endpoint: "peers", id: 0 });
  });

  it("parses an action (JUJU_HOOK_NAME is empty for actions)", () => {
    const e = parseEvent({
      ...BASE,
      JUJU_DISPATCH_PATH: "actions/delete-storage-class",
      JUJU_HOOK_NAME: "",
      JUJU_ACTION_NAME: "delete-storage-class",
      JUJU_ACTION_UUID: "7",
      JUJU_RELATION_ID: "ceph-client:1",
    });
    assert.equal(e.kind, "action");
    assert.equal(e.name, "delete-storage-class");
    assert.equal(e.actionId, "7");
    assert.equal(e.relation, undefined);
  });

  it("falls back to CHARM_DIR, then cwd, for the charm dir", () => {
    const env = { JUJU_UNIT_NAME: "a/0", JUJU_DISPATCH_PATH: "hooks/install" };
    assert.equal(parseEvent({ ...env, CHARM_DIR: "/c" }).charmDir, "/c");
    assert.equal(parseEvent(env).charmDir, process.cwd());
  });

  it("rejects environments that are not Juju's", () => {
    assert.throws(() => parseEvent({ ...BASE }), EventParseError);
    assert.throws(() => parseEvent({ ...BASE, JUJU_DISPATCH_PATH: "install" }), /unexpected JUJU_DISPATCH_PATH/);
    assert.throws(() => parseEvent({ ...BASE, JUJU_DISPATCH_PATH: "hooks/../x" }), /unexpected JUJU_DISPATCH_PATH/);
    assert.throws(() => parseEvent({ JUJU_DISPATCH_PATH: "hooks/install" }), /JUJU_UNIT_NAME/);
    assert.throws(
      () => parseEvent({ ...BASE, JUJU_DISPATCH_PATH: "hooks/x-relation-joined", JUJU_RELATION: "x", JUJU_RELATION_ID: "x:abc" }),
      /invalid JUJU_RELATION_ID/,
    );
  });

  it("relationHookKind", () => {
    assert.equal(relationHookKind("ceph-client-relation-broken"), "broken");
    assert.equal(relationHookKind("config-changed"), undefined);
  });
});
