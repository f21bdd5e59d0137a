import assert from "node:assert/strict";
import { HookFailedError } from "../../harness/fake-juju/fake-juju.ts";
import { type Tiny, tiny } from "./test-charm.ts";

const names = (outs: Array<{ unit: string; name: string }>) => outs.map((o) => `${o.unit} ${o.name}`);

describe("fake-juju: lifecycle sequences", () => {
  let t: Tiny;
  afterEach(async () => t.close());

  it("deploy: install → created → leader-elected/leader-settings-changed → config-changed → start → joined/changed", async () => {
    t = await tiny({}, { principal: { app: "kcp" } });
    const outs = await t.env.deploy(2);
    assert.deepEqual(names(outs), [
      "tiny/0 install",
      "tiny/0 cluster-relation-created",
      "tiny/0 host-relation-created",
      "tiny/0 leader-elected",
      "tiny/0 config-changed",
      "tiny/0 start",
      "tiny/0 host-relation-joined",
      "tiny/0 host-relation-changed",
      "tiny/1 install",
      "tiny/1 cluster-relation-created",
      "tiny/1 host-relation-created",
      "tiny/1 leader-settings-changed",
      "tiny/1 config-changed",
      "tiny/1 start",
      "tiny/1 host-relation-joined",
      "tiny/1 host-relation-changed",
      "tiny/0 cluster-relation-joined",
      "tiny/0 cluster-relation-changed",
      "tiny/1 cluster-relation-joined",
      "tiny/1 cluster-relation-changed",
    ]);
    const host = outs.filter((o) => o.name === "host-relation-joined").map((o) => o.unit);
    assert.deepEqual(host, ["tiny/0", "tiny/1"]);
    assert.equal(t.env.state.leader, "tiny/0");
  });

  it("a container relation shows each subordinate only its own principal", async () => {
    t = await tiny({ HOOK_UPDATE_STATUS: "relation-list -r $(relation-ids host | cut -d: -f2) --format=json" }, { principal: { app: "kcp" } });
    await t.env.deploy(2);
    const outs = await t.env.updateStatus();
    assert.deepEqual(
      outs.map((o) => o.stdout),
      ['["kcp/0"]\n', '["kcp/1"]\n'],
    );
  });

  it("Juju's automatic statuses: installing before install, unknown after start when the charm set none", async () => {
    t = await tiny();
    await t.env.deploy(1);
    assert.deepEqual(
      t.env.unit(0).statusHistory.map((s) => [s.status, s.message, s.by]),
      [
        ["waiting", "agent initializing", "juju"],
        ["maintenance", "installing charm software", "juju"],
        ["unknown", "", "juju"],
      ],
    );
    const t2 = await tiny({ HOOK_INSTALL: "status-set active ready" });
    try {
      await t2.env.deploy(1);
      assert.deepEqual(t2.env.unit(0).status, { status: "active", message: "ready", by: "charm" });
    } finally {
      await t2.close();
    }
  });

  it("relate: created, then joined+changed per remote unit, then app-level changed", async () => {
    t = await tiny();
    await t.env.deploy(1);
    const { outcomes } = await t.env.relate("db", "pg", { app: { a: "b" }, units: { "pg/0": {}, "pg/1": {} } });
    assert.deepEqual(names(outcomes), [
      "tiny/0 db-relation-created",
      "tiny/0 db-relation-joined",
      "tiny/0 db-relation-changed",
      "tiny/0 db-relation-joined",
      "tiny/0 db-relation-changed",
      "tiny/0 db-relation-changed",
    ]);
    await assert.rejects(t.env.relate("nope", "x"), /not declared/);
  });

  it("changeRemoteData and addRemoteUnit fire relation-changed with the right remote unit", async () => {
    t = await tiny({ HOOK_DB_RELATION_CHANGED: 'echo "[$JUJU_REMOTE_UNIT] $(relation-get --format=json k)"' });
    await t.env.deploy(1);
    const { relationId } = await t.env.relate("db", "pg", { units: { "pg/0": {} } });
    const [c1] = await t.env.changeRemoteData(relationId, { unit: "pg/0", data: { k: "v" } });
    assert.equal(c1!.stdout, '[pg/0] "v"\n');
    const [c2] = await t.env.changeRemoteData(relationId, { data: { k: "app" } });
    assert.equal(c2!.stdout, '[] "app"\n');
    const added = await t.env.addRemoteUnit(relationId, "pg/1", { k: "new" });
    assert.deepEqual(names(added), ["tiny/0 db-relation-joined", "tiny/0 db-relation-changed"]);
    assert.equal(added[1]!.stdout, '[pg/1] "new"\n');
  });

  it("removeUnit: relations depart and break first, then stop, then remove; survivors see it depart and elect a leader", async () => {
    t = await tiny();
    await t.env.deploy(2);
    await t.env.relate("db", "pg", { units: { "pg/0": {} } });
    const outs = await t.env.removeUnit("tiny/0");
    assert.deepEqual(names(outs), [
      "tiny/0 cluster-relation-departed",
      "tiny/0 cluster-relation-broken",
      "tiny/0 db-relation-departed",
      "tiny/0 db-relation-broken",
      "tiny/0 stop",
      "tiny/0 remove",
      "tiny/1 cluster-relation-departed",
      "tiny/1 leader-elected",
    ]);
    const s = t.env.state;
    assert.deepEqual(
      s.units.map((u) => u.name),
      ["tiny/1"],
    );
    assert.equal(s.leader, "tiny/1");
  });

  it("removeUnit: Juju sets maintenance before stop and before remove", async () => {
    const get = "status-get --include-data --format=json";
    t = await tiny({ HOOK_STOP: get, HOOK_REMOVE: get });
    await t.env.deploy(2);
    const outs = await t.env.removeUnit("tiny/1");
    const by = (n: string) => JSON.parse(outs.find((o) => o.name === n)!.stdout) as { status: string; message: string };
    assert.deepEqual([by("stop").status, by("stop").message], ["maintenance", "stopping charm software"]);
    assert.deepEqual([by("remove").status, by("remove").message], ["maintenance", "cleaning up prior to charm deletion"]);
  });

  it("upgrade: upgrade-charm → config-changed → (leader-settings-changed on non-leaders) → start", async () => {
    t = await tiny();
    await t.env.deploy(2);
    assert.deepEqual(names(await t.env.upgrade()), [
      "tiny/0 upgrade-charm",
      "tiny/0 config-changed",
      "tiny/0 start",
      "tiny/1 upgrade-charm",
      "tiny/1 config-changed",
      "tiny/1 leader-settings-changed",
      "tiny/1 start",
    ]);
  });

  it("setLeader moves leadership; updateStatus runs on every unit", async () => {
    t = await tiny({ HOOK_ALL: "is-leader" });
    await t.env.deploy(2);
    const outs = await t.env.setLeader("tiny/1");
    assert.deepEqual(
      outs.map((o) => `${o.unit} ${o.name} ${o.stdout.trim()}`),
      ["tiny/1 leader-elected True", "tiny/0 leader-settings-changed False"],
    );
    assert.deepEqual(names(await t.env.updateStatus()), ["tiny/0 update-status", "tiny/1 update-status"]);
  });

  it("a failing hook stops the sequence: thrown by default, returned on request", async () => {
    t = await tiny({ HOOK_CONFIG_CHANGED: "echo boom >&2; exit 1" }, { hookErrors: "throw" });
    await assert.rejects(t.env.deploy(1), (e: unknown) => {
      assert.ok(e instanceof HookFailedError);
      assert.equal(e.outcome.name, "config-changed");
      assert.equal(e.outcome.stderr, "boom\n");
      return true;
    });
    assert.deepEqual(names(t.env.history), [
      "tiny/0 install",
      "tiny/0 cluster-relation-created",
      "tiny/0 leader-elected",
      "tiny/0 config-changed",
    ]);
    assert.equal(t.env.unit(0).hookError, "config-changed");
    const t2 = await tiny({ HOOK_CONFIG_CHANGED: "exit 1" });
    try {
      const outs = await t2.env.deploy(1);
      assert.equal(outs.at(-1)!.name, "config-changed");
      assert.equal(outs.at(-1)!.ok, false);
    } finally {
      await t2.close();
    }
  });

  it("state in, hook, state out: setState seeds the model and state is a deep copy", async () => {
    t = await tiny({ HOOK_UPDATE_STATUS: "state-get k --format=json" });
    await t.env.deploy(1);
    const s = t.env.state;
    s.units[0]!.storedState = { k: "seeded" };
    assert.deepEqual(t.env.unit(0).storedState, {});
    t.env.setState(s);
    s.units[0]!.storedState = { k: "mutated later" };
    const [o] = await t.env.updateStatus();
    assert.equal(o!.stdout, '"seeded"\n');
  });
});
