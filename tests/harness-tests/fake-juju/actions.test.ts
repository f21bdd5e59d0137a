import assert from "node:assert/strict";
import { type Tiny, tiny } from "./test-charm.ts";

describe("fake-juju: actions", () => {
  let t: Tiny;
  afterEach(async () => t.close());

  it("passes params (with actions.yaml defaults) and collects nested results and logs", async () => {
    t = await tiny({
      HOOK_GREET:
        'echo "$JUJU_ACTION_NAME $JUJU_ACTION_UUID $JUJU_ACTION_TAG [$JUJU_HOOK_NAME]"; action-log starting; action-set msg="hello $(action-get who)" nested.count=$(action-get times --format=json) && action-get --format=json',
    });
    await t.env.deploy(1);
    const a = await t.env.runAction("greet", { who: "ceph" });
    assert.equal(a.status, "completed");
    assert.equal(a.kind, "action");
    assert.equal(a.dispatchPath, "actions/greet");
    assert.deepEqual(a.results, { msg: "hello ceph", nested: { count: "1" } });
    assert.deepEqual(a.logs, ["starting"]);
    assert.equal(a.stdout, 'greet 1 action-1 []\n{"times":1,"who":"ceph"}\n');
    assert.equal(t.env.state.actions[0]!.status, "completed");
  });

  it("action-fail marks the action failed even when the process exits 0", async () => {
    t = await tiny({ HOOK_GREET: "action-fail 'no way'", HOOK_NEED: "action-fail" });
    await t.env.deploy(1);
    const a = await t.env.runAction("greet");
    assert.equal(a.exitCode, 0);
    assert.equal(a.status, "failed");
    assert.equal(a.message, "no way");
    const b = await t.env.runAction("need", { name: "x" });
    assert.equal(b.message, "action failed without reason given, check action for errors");
  });

  it("a non-zero exit fails the action, discards buffered writes, and never throws", async () => {
    t = await tiny({ HOOK_GREET: "state-set a=b; action-set r=1; exit 4" }, { hookErrors: "throw" });
    await t.env.deploy(1);
    const a = await t.env.runAction("greet");
    assert.equal(a.status, "failed");
    assert.equal(a.message, "exit status 4");
    assert.deepEqual(a.results, { r: "1" });
    assert.deepEqual(t.env.unit(0).storedState, {});
    assert.equal(t.env.unit(0).hookError, null);
  });

  it("rejects unknown actions, extra params and missing required params like `juju run`", async () => {
    t = await tiny();
    await t.env.deploy(1);
    await assert.rejects(t.env.runAction("nope"), /action "nope" not defined/);
    await assert.rejects(t.env.runAction("greet", { bogus: 1 }), /additional property "bogus"/);
    await assert.rejects(t.env.runAction("need"), /"name" is a required property/);
  });

  it("action-set validates keys and reserved names", async () => {
    t = await tiny({ HOOK_GREET: 'action-set "$K"; echo $?' });
    await t.env.deploy(1);
    const cases: Array<[string, string]> = [
      ["stdout=x", 'ERROR cannot set reserved action key "stdout"\n'],
      ["novalue", 'ERROR argument "novalue" must be of the form key...=value\n'],
      ["-bad=x", "ERROR option provided but not defined: -b\n"],
    ];
    for (const [arg, err] of cases) {
      const a = await t.env.runAction("greet", {}, { env: { K: arg } });
      assert.equal(a.stdout, "2\n", arg);
      assert.equal(a.stderr, err, arg);
    }
  });
});
