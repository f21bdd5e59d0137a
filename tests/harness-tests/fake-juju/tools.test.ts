import assert from "node:assert/strict";
import { type Tiny, tiny } from "./test-charm.ts";

async function sh(t: Tiny, script: string, unit?: string) {
  const out = await t.env.runHook("update-status", { ...(unit ? { unit } : {}), env: { HOOK_UPDATE_STATUS: script } });
  return [out.exitCode, out.stdout, out.stderr] as const;
}

describe("fake-juju: status, config, state, leader and output formats", () => {
  let t: Tiny;
  beforeEach(async () => {
    t = await tiny();
    await t.env.deploy(2);
  });
  afterEach(async () => t.close());

  it("status-set accepts only maintenance|blocked|waiting|active", async () => {
    for (const s of ["maintenance", "blocked", "waiting", "active"]) {
      assert.deepEqual(await sh(t, `status-set ${s} m`), [0, "", ""]);
      assert.equal(t.env.unit(0).status.status, s);
    }
    for (const s of ["error", "unknown", "terminated", "bogus"]) {
      assert.deepEqual(await sh(t, `status-set ${s} m`), [
        2,
        "",
        `ERROR invalid status "${s}", expected one of [maintenance blocked waiting active]\n`,
      ]);
    }
    assert.equal(t.env.unit(0).status.status, "active");
    assert.deepEqual(await sh(t, "status-set"), [2, "", "ERROR invalid args, require <status> [message]\n"]);
    assert.deepEqual(await sh(t, "status-set active a b"), [2, "", 'ERROR unrecognized args: ["b"]\n']);
  });

  it("status-set: `--` protects a message starting with a dash; each call is recorded in history", async () => {
    assert.deepEqual(await sh(t, "status-set active '-weird'"), [2, "", "ERROR option provided but not defined: -w\n"]);
    await sh(t, "status-set -- active '-weird'; status-set active same; status-set active same; status-set --application=False waiting x");
    const u = t.env.unit(0);
    assert.deepEqual(u.status, { status: "waiting", message: "x", by: "charm" });
    assert.deepEqual(
      u.statusHistory.slice(-4).map((s) => [s.status, s.message]),
      [
        ["active", "-weird"],
        ["active", "same"],
        ["active", "same"],
        ["waiting", "x"],
      ],
    );
  });

  it("application status is leader-only", async () => {
    assert.deepEqual(await sh(t, "status-set --application active x", "tiny/1"), [
      1,
      "",
      "ERROR this unit is not the leader\n",
    ]);
    assert.deepEqual(await sh(t, "status-get --application --format=json", "tiny/1"), [
      1,
      "",
      "ERROR finding application status: this unit is not the leader\n",
    ]);
    await sh(t, "status-set --application=true active ok && status-set blocked b");
    const [, out] = await sh(t, "status-get --application --include-data --format=json");
    assert.deepEqual(JSON.parse(out), {
      "application-status": {
        message: "ok",
        status: "active",
        "status-data": {},
        units: {
          "tiny/0": { message: "b", status: "blocked", "status-data": {} },
          "tiny/1": { message: "", status: "unknown", "status-data": {} },
        },
      },
    });
  });

  it("status-get: json and smart", async () => {
    await sh(t, "status-set waiting 'for db'");
    assert.deepEqual(await sh(t, "status-get --format=json"), [0, '{"status":"waiting"}\n', ""]);
    assert.deepEqual(await sh(t, "status-get --include-data --format=json"), [
      0,
      '{"message":"for db","status":"waiting","status-data":{}}\n',
      "",
    ]);
    assert.deepEqual(await sh(t, "status-get"), [0, "waiting\n", ""]);
  });

  it("json output is Go's: trailing newline, null for missing, sorted keys, HTML-safe escapes", async () => {
    await sh(t, "state-set z=1 a='<b>&' && leader-set k='x<y'");
    assert.deepEqual(await sh(t, "state-get --format=json"), [0, '{"a":"\\u003cb\\u003e\\u0026","z":"1"}\n', ""]);
    assert.deepEqual(await sh(t, "leader-get missing --format=json"), [0, "null\n", ""]);
    assert.deepEqual(await sh(t, "leader-get k --format=json"), [0, '"x\\u003cy"\n', ""]);
    assert.deepEqual(await sh(t, "config-get token --format=json"), [0, "null\n", ""]);
    assert.deepEqual(await sh(t, "is-leader --format=json"), [0, "true\n", ""]);
    assert.deepEqual(await sh(t, "is-leader --format=json", "tiny/1"), [0, "false\n", ""]);
    assert.deepEqual(await sh(t, "is-leader"), [0, "True\n", ""]);
    assert.deepEqual(await sh(t, "config-get --format=xml"), [
      2,
      "",
      'ERROR invalid value "xml" for option --format: unknown format "xml"\n',
    ]);
  });

  it("smart and yaml formats: missing prints nothing", async () => {
    assert.deepEqual(await sh(t, "leader-get missing"), [0, "", ""]);
    assert.deepEqual(await sh(t, "config-get name"), [0, "tiny\n", ""]);
    assert.deepEqual(await sh(t, "config-get replicas --format=yaml"), [0, "3\n", ""]);
  });

  it("state-get: null when empty, \"\" for a missing key, --strict fails", async () => {
    assert.deepEqual(await sh(t, "state-get --format=json"), [0, "null\n", ""]);
    assert.deepEqual(await sh(t, "state-get nope --format=json"), [0, '""\n', ""]);
    assert.deepEqual(await sh(t, "state-get nope --strict --format=json"), [1, "", 'ERROR "nope" not found\n']);
    assert.deepEqual(await sh(t, "state-delete nope"), [0, "", ""]);
    assert.deepEqual(await sh(t, "state-set e= && state-get --format=json"), [0, '{"e":""}\n', ""]);
  });

  it("config-get: defaults from config.yaml, set values, --all includes options without default", async () => {
    await t.env.setConfig({ name: "other", debug: true });
    assert.deepEqual(await sh(t, "config-get --format=json"), [
      0,
      '{"debug":true,"name":"other","ratio":0.5,"replicas":3}\n',
      "",
    ]);
    assert.deepEqual(await sh(t, "config-get -a --format=json"), [
      0,
      '{"debug":true,"name":"other","ratio":0.5,"replicas":3,"token":null}\n',
      "",
    ]);
    assert.deepEqual(await sh(t, "config-get --all name"), [
      2,
      "",
      'ERROR cannot use argument --all together with key "name"\n',
    ]);
    await assert.rejects(t.env.setConfig({ replicas: "3" }), /expected int/);
    await assert.rejects(t.env.setConfig({ nope: 1 }), /unknown option/);
  });

  it("leader-set: leader only, and the other units get leader-settings-changed", async () => {
    assert.deepEqual(await sh(t, "leader-set a=b", "tiny/1"), [
      1,
      "",
      "ERROR cannot write leadership settings: cannot write settings: not the leader\n",
    ]);
    const t2 = await tiny({ HOOK_CONFIG_CHANGED: 'if [ "$(is-leader)" = True ]; then leader-set v=$(config-get name); fi' });
    try {
      await t2.env.deploy(2);
      const outs = await t2.env.setConfig({ name: "n2" });
      assert.deepEqual(
        outs.map((o) => `${o.unit} ${o.name}`),
        ["tiny/0 config-changed", "tiny/1 leader-settings-changed", "tiny/1 config-changed"],
      );
      assert.deepEqual(t2.env.state.leaderSettings, { v: "n2" });
    } finally {
      await t2.close();
    }
  });

  it("juju-log: level, words joined, no message is an error", async () => {
    await sh(t, "juju-log a b; juju-log --log-level DEBUG -- -x; juju-log -l bogus c");
    assert.deepEqual(
      t.env.state.logs.slice(-3).map((l) => [l.level, l.message]),
      [
        ["INFO", "a b"],
        ["DEBUG", "-x"],
        ["INFO", "c"],
      ],
    );
    assert.deepEqual(await sh(t, "juju-log"), [2, "", "ERROR no message specified\n"]);
  });

  it("goal-state and action tools outside an action", async () => {
    const [code, out] = await sh(t, "goal-state --format=json");
    assert.equal(code, 0);
    const g = JSON.parse(out) as { units: Record<string, { status: string }>; relations: Record<string, unknown> };
    assert.deepEqual(Object.keys(g), ["units", "relations"]);
    assert.deepEqual(Object.keys(g.units), ["tiny/0", "tiny/1"]);
    assert.deepEqual(await sh(t, "action-get"), [1, "", "ERROR not running an action\n"]);
    assert.deepEqual(await sh(t, "action-set a=b"), [1, "", "ERROR not running an action\n"]);
    assert.deepEqual(await sh(t, "action-set A=b"), [
      2,
      "",
      'ERROR key "A" must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods\n',
    ]);
  });

  it("an unimplemented tool fails loudly", async () => {
    const [code, , err] = await sh(t, "secret-add foo=bar");
    assert.equal(code, 1);
    assert.match(err, /^ERROR fake-juju does not implement secret-add/);
  });
});
