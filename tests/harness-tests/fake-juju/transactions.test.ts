import assert from "node:assert/strict";
import { type Tiny, tiny } from "./test-charm.ts";

describe("fake-juju: buffered vs immediate writes", () => {
  let t: Tiny;
  let rid: number;
  afterEach(async () => t.close());

  async function setup(): Promise<void> {
    t = await tiny();
    await t.env.deploy(1);
    rid = (await t.env.relate("db", "pg", { units: { "pg/0": { host: "pg" } } })).relationId;
  }

  const WRITE = `relation-set -r $R a=1 && relation-set -r $R --app b=2 && state-set k=v && printf '{"j": "x"}' | state-set --file -`;

  it("commits relation-set and state-set when the hook exits 0", async () => {
    await setup();
    const o = await t.env.runHook("update-status", { env: { R: String(rid), HOOK_UPDATE_STATUS: WRITE } });
    assert.equal(o.exitCode, 0);
    const rel = t.env.relation(rid);
    assert.equal(rel.localUnitData["tiny/0"]!["a"], "1");
    assert.deepEqual(rel.localAppData, { b: "2" });
    assert.deepEqual(t.env.unit(0).storedState, { k: "v", j: "x" });
  });

  it("discards relation-set, state-set and state-delete when the hook exits non-zero", async () => {
    await setup();
    await t.env.runHook("update-status", { env: { R: String(rid), HOOK_UPDATE_STATUS: "state-set keep=1" } });
    const o = await t.env.runHook("update-status", {
      env: { R: String(rid), HOOK_UPDATE_STATUS: `${WRITE} && state-delete keep && exit 3` },
    });
    assert.equal(o.exitCode, 3);
    assert.equal(o.ok, false);
    const rel = t.env.relation(rid);
    assert.equal(rel.localUnitData["tiny/0"]!["a"], undefined);
    assert.deepEqual(rel.localAppData, {});
    assert.deepEqual(t.env.unit(0).storedState, { keep: "1" });
    assert.equal(t.env.unit(0).hookError, "update-status");
  });

  it("lets the hook read its own pending writes", async () => {
    await setup();
    const o = await t.env.runHook("update-status", {
      env: {
        R: String(rid),
        HOOK_UPDATE_STATUS: `${WRITE} && relation-get -r $R --format=json - tiny/0 && relation-get -r $R --app --format=json - tiny && state-get --format=json && state-delete k && state-get k --format=json; exit 1`,
      },
    });
    const lines = o.stdout.split("\n");
    assert.deepEqual(JSON.parse(lines[0]!), {
      a: "1",
      "egress-subnets": "10.0.0.10/32",
      "ingress-address": "10.0.0.10",
      "private-address": "10.0.0.10",
    });
    assert.deepEqual(JSON.parse(lines[1]!), { b: "2" });
    assert.deepEqual(JSON.parse(lines[2]!), { j: "x", k: "v" });
    assert.equal(lines[3], '""');
  });

  it("keeps status-set, application-version-set, juju-log and leader-set of a failing hook", async () => {
    await setup();
    const o = await t.env.runHook("update-status", {
      env: {
        HOOK_UPDATE_STATUS:
          "status-set blocked 'need db' && status-set --application waiting app && application-version-set 1.2.3 && juju-log -l WARNING -- hello there && leader-set x=y && exit 1",
      },
    });
    assert.equal(o.ok, false);
    const s = t.env.state;
    assert.deepEqual(s.units[0]!.status, { status: "blocked", message: "need db", by: "charm" });
    assert.deepEqual(s.appStatus, { status: "waiting", message: "app", by: "charm" });
    assert.equal(s.units[0]!.workloadVersion, "1.2.3");
    assert.deepEqual(s.logs.at(-1), { unit: "tiny/0", hook: "hooks/update-status", level: "WARNING", message: "hello there" });
    assert.deepEqual(s.leaderSettings, { x: "y" });
  });

  it("records every tool call with its exit code", async () => {
    await setup();
    const o = await t.env.runHook("update-status", { env: { HOOK_UPDATE_STATUS: "is-leader --format=json; status-set bogus; true" } });
    assert.deepEqual(
      o.toolCalls.map((c) => [c.tool, c.args, c.exitCode]),
      [
        ["is-leader", ["--format=json"], 0],
        ["status-set", ["bogus"], 2],
      ],
    );
    assert.equal(t.env.state.toolCalls.at(-1)!.hook, "hooks/update-status");
  });
});
