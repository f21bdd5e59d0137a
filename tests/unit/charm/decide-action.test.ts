/** The action decision never waits without asking for something (a plan with no step never settles). */
import assert from "node:assert/strict";
import { decideAction } from "../../../src/charm/decide-action.ts";
import { parseEvent } from "../../../src/juju/event.ts";
import { charmDirOf } from "../../harness/in-process/sim.ts";
import { defaults } from "../../properties/config-oracle.ts";
import { fixtureOf, run } from "../../properties/driver.ts";
import { ready } from "../../scenario/states.ts";

const FSID = "6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21";

describe("decideAction", () => {
  it("verify-storage: the listing of earlier claims unanswered → asked again, and the action finishes", async () => {
    const fx = fixtureOf(await ready(), defaults());
    const event = parseEvent({ JUJU_DISPATCH_PATH: "actions/verify-storage", JUJU_UNIT_NAME: "ceph-csi/0", JUJU_CHARM_DIR: charmDirOf("ceph-csi/0"), JUJU_ACTION_UUID: "7" });
    let dropped = 0;
    const out = run(fx, { event, params: { timeout: 1 } }, {
      fsid: FSID,
      decideFn: decideAction,
      unanswered: (step) => step.kind === "kube-list" && step.labelSelector === "juju.io/verify-storage=ceph-csi" && dropped++ === 0,
    });
    assert.equal(dropped >= 2, true, "the listing was asked for again");
    assert.equal(out.steps.filter((s) => s.kind === "kube-list" && s.labelSelector === "juju.io/verify-storage=ceph-csi").length, 2);
    assert.ok(out.effects?.action !== undefined, "the action has an answer");
  });
});
