import assert from "node:assert/strict";
import type { ModelState } from "../../harness/fake-juju/model.ts";
import { type Tiny, tiny } from "./test-charm.ts";

/** Runs `script` in a hook and returns [exit code, stdout, stderr]. */
async function sh(t: Tiny, script: string, o: { unit?: string; relationId?: number; remoteUnit?: string; hook?: string } = {}) {
  const hook = o.hook ?? "update-status";
  const key = `HOOK_${hook.toUpperCase().replace(/-/g, "_")}`;
  const out = await t.env.runHook(hook, { ...o, env: { [key]: script } });
  return [out.exitCode, out.stdout, out.stderr] as const;
}

describe("fake-juju: relation rules", () => {
  let t: Tiny;
  let rid: number;
  afterEach(async () => t.close());

  async function twoUnits(hooks: Record<string, string> = {}): Promise<void> {
    t = await tiny(hooks);
    await t.env.deploy(2);
    rid = (
      await t.env.relate("db", "pg", {
        app: { "app-key": "app-value" },
        units: { "pg/0": { host: "pg0" }, "pg/1": { host: "pg1" } },
      })
    ).relationId;
  }

  it("non-leader reading its own app bag: ERROR permission denied, exit 1", async () => {
    await twoUnits();
    const [code, out, err] = await sh(t, `relation-get -r ${rid} --app - tiny`, { unit: "tiny/1" });
    assert.equal(code, 1);
    assert.equal(out, "");
    assert.equal(err, "ERROR permission denied\n");
  });

  it("non-leader writing its own app bag: ERROR cannot write relation settings, exit 1", async () => {
    await twoUnits();
    const [code, , err] = await sh(t, `relation-set -r ${rid} --app x=1`, { unit: "tiny/1" });
    assert.equal(code, 1);
    assert.equal(err, "ERROR cannot write relation settings\n");
  });

  it("the leader reads and writes its own app bag", async () => {
    await twoUnits();
    const [code, out] = await sh(t, `relation-set -r ${rid} --app x=1 && relation-get -r ${rid} --app --format=json x tiny`);
    assert.equal(code, 0);
    assert.equal(out, '"1"\n');
    assert.deepEqual(t.env.relation(rid).localAppData, { x: "1" });
  });

  it("non-leaders can read the peer app bag", async () => {
    await twoUnits();
    const peer = t.env.relation("cluster").id;
    await sh(t, `relation-set -r ${peer} --app p=q`);
    const [code, out] = await sh(t, `relation-get -r ${peer} --app --format=json - tiny`, { unit: "tiny/1" });
    assert.equal(code, 0);
    assert.equal(out, '{"p":"q"}\n');
  });

  it("relation-get defaults to JUJU_REMOTE_UNIT", async () => {
    await twoUnits();
    const [code, out] = await sh(t, "relation-get --format=json host", {
      hook: "db-relation-changed",
      relationId: rid,
      remoteUnit: "pg/1",
    });
    assert.equal(code, 0);
    assert.equal(out, '"pg1"\n');
  });

  it("relation-get reads the remote app bag when there is no remote unit", async () => {
    await twoUnits();
    const [code, out] = await sh(t, "relation-get --format=json", { hook: "db-relation-changed", relationId: rid });
    assert.equal(code, 0);
    assert.equal(out, '{"app-key":"app-value"}\n');
  });

  it("relation-get rejects an application name without --app and needs a target outside relation hooks", async () => {
    await twoUnits();
    assert.deepEqual(await sh(t, `relation-get -r ${rid} - pg`), [
      2,
      "",
      'ERROR expected unit name, got application name "pg"\n',
    ]);
    assert.deepEqual(await sh(t, `relation-get -r ${rid}`), [2, "", "ERROR no unit or application specified\n"]);
    assert.deepEqual(await sh(t, "relation-get"), [2, "", "ERROR no relation id specified\n"]);
    assert.deepEqual(await sh(t, `relation-get -r ${rid} --format=json host pg/0`), [0, '"pg0"\n', ""]);
    assert.deepEqual(await sh(t, `relation-get -r ${rid} --app --format=json app-key pg/0`), [0, '"app-value"\n', ""]);
  });

  it("an unknown relation id exits 2 with Juju's text", async () => {
    await twoUnits();
    assert.deepEqual(await sh(t, "relation-get -r 9999 - pg/0"), [
      2,
      "",
      'ERROR invalid value "9999" for option -r: relation not found\n',
    ]);
    assert.deepEqual(await sh(t, `relation-list --relation=website:${rid}`), [
      2,
      "",
      `ERROR invalid value "website:${rid}" for option --relation: relation not found\n`,
    ]);
    assert.deepEqual(await sh(t, "relation-set -r=3 a=b"), [
      2,
      "",
      'ERROR invalid value "=3" for option -r: invalid relation id\n',
    ]);
    assert.deepEqual((await sh(t, `relation-list -r db:${rid} --format=json`))[0], 0);
    assert.deepEqual((await sh(t, `relation-list -r${rid} --format=json`))[0], 0);
  });

  it("relation-ids and relation-list are sorted as strings", async () => {
    t = await tiny();
    await t.env.deploy(1);
    const s: ModelState = t.env.state;
    for (const id of [2, 10, 1]) {
      s.relations.push({
        id,
        endpoint: "db",
        interface: "db",
        remoteApp: `pg${id}`,
        peer: false,
        scope: "global",
        localAppData: {},
        localUnitData: { "tiny/0": {} },
        remoteAppData: {},
        remoteUnits: ["pg/10", "pg/9", "pg/2"].map((name) => ({ name, address: "10.9.9.9", data: {} })),
        departedUnits: [],
        peerMembers: [],
      });
    }
    t.env.setState(s);
    assert.deepEqual(await sh(t, "relation-ids db --format=json"), [0, '["db:1","db:10","db:2"]\n', ""]);
    assert.deepEqual(await sh(t, "relation-list -r 2 --format=json"), [0, '["pg/10","pg/2","pg/9"]\n', ""]);
    assert.deepEqual(await sh(t, "relation-list -r 2 --app --format=json"), [0, '"pg2"\n', ""]);
    assert.deepEqual(await sh(t, "relation-ids nothing --format=json"), [0, "[]\n", ""]);
    assert.deepEqual(await sh(t, "relation-ids --format=json"), [2, "", "ERROR no endpoint name specified\n"]);
  });

  it("a departing unit is gone from relation-list but its bag stays readable", async () => {
    const script = `echo "$JUJU_REMOTE_UNIT $JUJU_DEPARTING_UNIT"; relation-list --format=json; relation-get --format=json host`;
    await twoUnits({ HOOK_DB_RELATION_DEPARTED: script });
    const outs = await t.env.departRemoteUnit(rid, "pg/0");
    assert.deepEqual(
      outs.map((o) => [o.unit, o.name, o.exitCode, o.stdout]),
      [
        ["tiny/0", "db-relation-departed", 0, 'pg/0 pg/0\n["pg/1"]\n"pg0"\n'],
        ["tiny/1", "db-relation-departed", 0, 'pg/0 pg/0\n["pg/1"]\n"pg0"\n'],
      ],
    );
    assert.deepEqual(
      t.env.relation(rid).remoteUnits.map((u) => u.name),
      ["pg/1"],
    );
  });

  it("relation-set: --file - YAML/JSON, CLI pairs override, empty value deletes, Juju's usage errors", async () => {
    await twoUnits();
    const [code] = await sh(t, `printf 'a: 1\\nb: two\\nc: gone\\n' | relation-set -r ${rid} --file - b=override c=`);
    assert.equal(code, 0);
    const bag = t.env.relation(rid).localUnitData["tiny/0"]!;
    assert.equal(bag["a"], "1");
    assert.equal(bag["b"], "override");
    assert.equal("c" in bag, false);
    assert.deepEqual(await sh(t, `relation-set -r ${rid} foo`), [2, "", 'ERROR expected "key=value", got "foo"\n']);
    assert.deepEqual(await sh(t, `relation-set -r ${rid} k=1 k=2`), [2, "", 'ERROR key "k" specified more than once\n']);
    assert.deepEqual(await sh(t, `relation-set -r ${rid} --bogus`), [2, "", "ERROR option provided but not defined: --bogus\n"]);
    assert.deepEqual(await sh(t, "relation-set -r"), [2, "", "ERROR option needs an argument: -r\n"]);
  });

  it("unit bags carry Juju's address keys", async () => {
    await twoUnits();
    const [, out] = await sh(t, `relation-get -r ${rid} --format=json - pg/0`);
    const bag = JSON.parse(out) as Record<string, string>;
    assert.deepEqual(Object.keys(bag).sort(), ["egress-subnets", "host", "ingress-address", "private-address"]);
    assert.equal(bag["egress-subnets"], `${bag["private-address"]}/32`);
  });

  it("unrelate: -departed per remote unit, then -broken, on each unit; then the relation is gone", async () => {
    await twoUnits();
    const outs = await t.env.unrelate(rid);
    assert.deepEqual(
      outs.map((o) => `${o.unit} ${o.name}`),
      [
        "tiny/0 db-relation-departed",
        "tiny/0 db-relation-departed",
        "tiny/0 db-relation-broken",
        "tiny/1 db-relation-departed",
        "tiny/1 db-relation-departed",
        "tiny/1 db-relation-broken",
      ],
    );
    assert.equal(t.env.state.relations.some((r) => r.id === rid), false);
  });

  it("in -broken, relation-ids omits the relation and the remote app bag is still readable", async () => {
    await twoUnits();
    const script = "relation-ids db --format=json; relation-list --format=json; relation-get --format=json; echo \"[$JUJU_REMOTE_UNIT]\"";
    const o = await t.env.runHook("db-relation-broken", { relationId: rid, env: { HOOK_DB_RELATION_BROKEN: script } });
    assert.equal(o.stdout, '[]\n["pg/0","pg/1"]\n{"app-key":"app-value"}\n[]\n');
  });
});
