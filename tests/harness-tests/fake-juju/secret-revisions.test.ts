import assert from "node:assert/strict";
import { run, secretTiny } from "./secret-support.ts";
import type { Tiny } from "./test-charm.ts";

/** secret-changed prints its env, then what a plain read and a --refresh read return. */
const ON_CHANGED = [
  `echo "id=$JUJU_SECRET_ID label=$JUJU_SECRET_LABEL rev=\${JUJU_SECRET_REVISION-unset}"`,
  'secret-get "$JUJU_SECRET_ID" key',
  'secret-get "$JUJU_SECRET_ID" key --refresh',
].join("; ");

describe("fake-juju: secret revisions, tracking per consumer unit, secret-changed", () => {
  let t: Tiny;
  let uri: string;
  afterEach(async () => t.close());

  /** `onChanged`: the secret-changed handler (default: none, so nothing refreshes behind the test's back). */
  async function setup(units: number, onChanged = ""): Promise<void> {
    t = await secretTiny(units, { HOOK_SECRET_CHANGED: onChanged });
    uri = t.env.addSecret({ key: "k1" });
    t.env.grantSecret(uri, "tiny");
  }

  it("the first read pins the revision it saw; a new revision does not move it", async () => {
    await setup(1);
    assert.deepEqual(await run(t, `secret-get ${uri} key`), [0, "k1\n", ""]);
    const { revision } = await t.env.updateSecret(uri, { key: "k2" });
    assert.equal(revision, 2);
    assert.deepEqual(await run(t, `secret-get ${uri} key`), [0, "k1\n", ""]);
    assert.deepEqual(t.env.secret(uri).consumers["tiny/0"], { revision: 1, label: "" });
  });

  it("--peek shows the latest revision without moving the pin; --refresh moves it", async () => {
    await setup(1);
    await run(t, `secret-get ${uri}`);
    await t.env.updateSecret(uri, { key: "k2" });
    assert.deepEqual(await run(t, `secret-get ${uri} key --peek`), [0, "k2\n", ""]);
    assert.deepEqual(await run(t, `secret-get ${uri} key`), [0, "k1\n", ""]);
    assert.deepEqual(await run(t, `secret-get ${uri} key --refresh`), [0, "k2\n", ""]);
    assert.deepEqual(await run(t, `secret-get ${uri} key`), [0, "k2\n", ""]);
  });

  it("a unit reading for the first time gets the latest revision (even with --peek), and is pinned there", async () => {
    await setup(1);
    await t.env.updateSecret(uri, { key: "k2" });
    await t.env.updateSecret(uri, { key: "k3" });
    assert.deepEqual(await run(t, `secret-get ${uri} key --peek`), [0, "k3\n", ""]);
    assert.equal(t.env.secret(uri).consumers["tiny/0"]?.revision, 3);
  });

  it("a new revision runs secret-changed only on units that have read it, with JUJU_SECRET_ID and JUJU_SECRET_LABEL", async () => {
    await setup(3, ON_CHANGED);
    await run(t, `secret-get ${uri} --label ceph-creds`, "tiny/0");
    await run(t, `secret-get ${uri}`, "tiny/2");
    const { outcomes } = await t.env.updateSecret(uri, { key: "k2" });
    assert.deepEqual(
      outcomes.map((o) => [o.unit, o.name, o.stdout]),
      [
        ["tiny/0", "secret-changed", `id=${uri} label=ceph-creds rev=unset\nk1\nk2\n`],
        ["tiny/2", "secret-changed", `id=${uri} label= rev=unset\nk1\nk2\n`],
      ],
    );
  });

  it("--label names the secret for this unit afterwards; a label it never set: ERROR consumer label \"x\" not found", async () => {
    await setup(2);
    assert.deepEqual(await run(t, "secret-get --label ceph-creds"), [1, "", 'ERROR consumer label "ceph-creds" not found\n']);
    await run(t, `secret-get ${uri} --label ceph-creds`);
    assert.deepEqual(await run(t, "secret-get --label ceph-creds --format=json"), [0, '{"key":"k1"}\n', ""]);
    assert.deepEqual(t.env.secret(uri).consumers["tiny/0"], { revision: 1, label: "ceph-creds" });
    // labels are per unit
    assert.deepEqual(await run(t, "secret-get --label ceph-creds", "tiny/1"), [1, "", 'ERROR consumer label "ceph-creds" not found\n']);
    // the first positional is always the URI, so a key cannot follow a label alone
    assert.deepEqual(await run(t, "secret-get --label ceph-creds key"), [2, "", 'ERROR secret URI "key" not valid\n']);
  });

  it("tracking is saved by the controller at once: a --refresh in a hook that then fails still counts", async () => {
    await setup(1);
    await run(t, `secret-get ${uri}`);
    await t.env.updateSecret(uri, { key: "k2" });
    assert.deepEqual((await run(t, `secret-get ${uri} --refresh >/dev/null; exit 3`))[0], 3);
    assert.equal(t.env.secret(uri).consumers["tiny/0"]?.revision, 2);
    assert.deepEqual(await run(t, `secret-get ${uri} key`), [0, "k2\n", ""]);
  });
});
