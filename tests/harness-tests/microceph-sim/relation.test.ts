/** MicroCeph answering a tiny charm through FakeJuju (the tiny charm's `db` endpoint stands in for `ceph`). */
import assert from "node:assert/strict";
import { MicroCephProvider, MicroCephRelation, simulatedMicroCeph } from "../../harness/microceph-sim/index.ts";
import { type Tiny, tiny } from "../fake-juju/test-charm.ts";

/** The leader writes workloads in its unit bag; every unit records the user_id it reads from MicroCeph's app bag. */
const HOOKS = {
  HOOK_DB_RELATION_JOINED: `if [ "$(is-leader)" = True ]; then relation-set workloads='["rbd","cephfs"]'; fi`,
  HOOK_DB_RELATION_CHANGED: 'state-set user="$(relation-get --app user_id microceph)" pool="$(relation-get --app rbd_pool microceph)"',
};

describe("microceph-sim: MicroCeph on the far side of a FakeJuju relation", () => {
  let t: Tiny;
  afterEach(async () => t?.close());

  /** Two tiny units related to a simulated MicroCeph, which has answered. */
  async function related() {
    t = await tiny(HOOKS);
    await t.env.deploy(2);
    const cluster = simulatedMicroCeph();
    const rel = new MicroCephRelation(t.env, new MicroCephProvider(cluster), { endpoint: "db" });
    await rel.relate();
    return { cluster, rel };
  }

  it("answers the leader's workloads in its app bag; every unit then sees it in relation-changed", async () => {
    const { cluster, rel } = await related();
    assert.equal(rel.last?.state, "served");
    for (const u of ["tiny/0", "tiny/1"]) assert.deepEqual(t.env.unit(u).storedState, { user: "client.csi-tiny", pool: "rbd.tiny" }, u);
    assert.ok(cluster.state.users.has("client.csi-tiny"));
    assert.ok(cluster.state.volumes.has("tiny"));
    const outcomes = await rel.unrelate();
    assert.deepEqual(outcomes.map((o) => o.name).filter((n) => n.endsWith("-broken")), ["db-relation-broken", "db-relation-broken"]);
    assert.equal(cluster.state.users.has("client.csi-tiny"), false, "removing the relation deletes the user");
  });

  it("a requirer unit leaving deletes the user; only MicroCeph's next relation-changed brings a new key", async () => {
    const { cluster, rel } = await related();
    const before = t.env.relation(rel.relationId as number).remoteAppData["user_key"];
    const left = await rel.removeRequirerUnit("tiny/1");
    assert.deepEqual(
      left.filter((o) => o.name.startsWith("db-relation-")).map((o) => `${o.unit} ${o.name}`),
      ["tiny/1 db-relation-departed", "tiny/1 db-relation-broken"],
      "the unit departs MicroCeph's unit and breaks",
    );
    assert.deepEqual(Object.keys(t.env.relation(rel.relationId as number).localUnitData), ["tiny/0"], "it left the relation");
    assert.equal(cluster.state.users.has("client.csi-tiny"), false, "MicroCeph's relation-departed deleted the user");
    assert.ok(t.env.relation(rel.relationId as number).remoteAppData["user_key"] === before, "the charm still holds the deleted user's key");
    const outcomes = await rel.settle();
    assert.deepEqual(outcomes.map((o) => `${o.unit} ${o.name}`), ["tiny/0 db-relation-changed"]);
    assert.ok(t.env.relation(rel.relationId as number).remoteAppData["user_key"] !== before, "a new key");
  });
});
