import assert from "node:assert/strict";
import { parseSecretUri } from "../../harness/fake-juju/secrets.ts";
import { idOf, run, secretTiny } from "./secret-support.ts";
import type { Tiny } from "./test-charm.ts";

describe("fake-juju: user secrets as the model admin handles them; owner-only tools", () => {
  let t: Tiny;
  afterEach(async () => t.close());

  it("addSecret returns secret:<id> with a Juju xid id, and checks content keys like juju add-secret", async () => {
    t = await secretTiny();
    const uri = t.env.addSecret({ fsid: "f", "rbd-pool": "p" }, { owner: "model" });
    assert.match(uri, /^secret:[0-9a-v]{19}[0g]$/);
    assert.deepEqual(parseSecretUri(uri), { id: idOf(uri), source: "" });
    assert.notEqual(t.env.addSecret({ fsid: "f" }), uri, "every secret gets its own id");
    assert.throws(() => t.env.addSecret({ Key: "v" }), { message: 'ERROR key "Key" not valid' });
    assert.throws(() => t.env.addSecret({ ab: "v" }), { message: 'ERROR key "ab" not valid' });
    assert.throws(() => t.env.addSecret({ "rbd-": "v" }), { message: 'ERROR key "rbd-" not valid' });
    assert.throws(() => t.env.addSecret({}), /at least one key/);
  });

  it("grant, revoke, update to a secret nobody read, and remove run no hook", async () => {
    t = await secretTiny(2);
    const before = t.env.history.length;
    const uri = t.env.addSecret({ key: "a" });
    t.env.grantSecret(uri, "tiny");
    const { revision, outcomes } = await t.env.updateSecret(uri, { key: "b" });
    assert.deepEqual([revision, outcomes], [2, []]);
    t.env.revokeSecret(uri, "tiny");
    t.env.removeSecret(uri);
    assert.equal(t.env.history.length, before);
  });

  it("a revoked unit that had read the secret gets no secret-changed for later revisions", async () => {
    t = await secretTiny(1, { HOOK_SECRET_CHANGED: "exit 0" });
    const uri = t.env.addSecret({ key: "a" });
    t.env.grantSecret(uri, "tiny");
    await run(t, `secret-get ${uri}`);
    assert.equal((await t.env.updateSecret(uri, { key: "b" })).outcomes.length, 1);
    t.env.revokeSecret(uri, "tiny");
    assert.equal((await t.env.updateSecret(uri, { key: "c" })).outcomes.length, 0);
  });

  it("secret-info-get is owner-only: a consumer gets ERROR secret \"<id>\" not found (the bare id), exit 1", async () => {
    t = await secretTiny();
    const uri = t.env.addSecret({ key: "a" });
    t.env.grantSecret(uri, "tiny");
    assert.deepEqual(await run(t, `secret-info-get ${uri} --format=json`), [1, "", `ERROR secret "${idOf(uri)}" not found\n`]);
    assert.deepEqual(await run(t, "secret-info-get --label creds"), [1, "", 'ERROR secret "creds" not found\n']);
    assert.deepEqual(await run(t, "secret-info-get"), [2, "", "ERROR require either a secret URI or label\n"]);
    assert.deepEqual(await run(t, `secret-info-get ${uri} --label creds`), [
      2,
      "",
      "ERROR specify either a secret URI or label but not both\n",
    ]);
  });

  it("secret-ids lists the application's own secrets: none, printed as Go's nil list", async () => {
    t = await secretTiny();
    t.env.grantSecret(t.env.addSecret({ key: "a" }), "tiny");
    assert.deepEqual(await run(t, "secret-ids --format=json"), [0, "null\n", ""]);
    assert.deepEqual(await run(t, "secret-ids"), [0, "", ""]);
  });

  it("owner-side tools stay unimplemented and say so", async () => {
    t = await secretTiny();
    const [code, , err] = await run(t, "secret-add token=x");
    assert.equal(code, 1);
    assert.match(err, /^ERROR fake-juju does not implement secret-add/);
  });
});
