import assert from "node:assert/strict";
import { FakeJuju } from "../../harness/fake-juju/fake-juju.ts";
import { SECRET_OPTION, secretTiny } from "./secret-support.ts";
import { makeTestCharm, type Tiny } from "./test-charm.ts";

describe("fake-juju: config options of type secret, and config.yaml checks", () => {
  let t: Tiny;
  afterEach(async () => t?.close());

  it("config-get returns a secret option as the secret: URI string the operator set", async () => {
    t = await secretTiny();
    const uri = t.env.addSecret({ user: "csi" });
    await t.env.setConfig({ creds: uri });
    const o = await t.env.runHook("update-status", { env: { HOOK_UPDATE_STATUS: "config-get creds --format=json; config-get creds" } });
    assert.equal(o.stdout, `${JSON.stringify(uri)}\n${uri}\n`);
  });

  it("a secret option refuses values that are not secret: URIs, with Juju's text; \"\" and null are accepted", async () => {
    t = await secretTiny();
    await assert.rejects(t.env.setConfig({ creds: "d0abc" }), { message: 'ERROR option "creds" expected secret, got "d0abc"' });
    await assert.rejects(t.env.setConfig({ creds: 3 }), { message: 'ERROR option "creds" expected secret, got 3' });
    await t.env.setConfig({ creds: "" });
    assert.equal(t.env.state.config["creds"], "");
    await t.env.setConfig({ creds: null });
    assert.equal("creds" in t.env.state.config, false);
  });

  it("an option of an unknown type, or a default of the wrong type, makes the charm invalid", async () => {
    for (const [extra, message] of [
      ["  bad:\n    type: list\n", 'invalid config: option "bad" has unknown type "list"'],
      ["  n:\n    type: int\n    default: many\n", 'invalid config default: option "n" expected int, got "many"'],
      ["  s:\n    type: secret\n    default: plain\n", 'invalid config default: option "s" expected secret, got "plain"'],
    ] as const) {
      const charm = makeTestCharm({ extraOptions: extra });
      try {
        await assert.rejects(FakeJuju.start({ charmDir: charm.dir }), { message });
      } finally {
        charm.cleanup();
      }
    }
    // the same file with a valid secret option starts
    const charm = makeTestCharm({ extraOptions: SECRET_OPTION });
    try {
      const env = await FakeJuju.start({ charmDir: charm.dir });
      assert.deepEqual(env.meta.options["creds"], { type: "secret", default: null });
      await env.stop();
    } finally {
      charm.cleanup();
    }
  });
});
