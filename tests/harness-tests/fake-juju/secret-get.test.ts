import assert from "node:assert/strict";
import { idOf, run, secretTiny } from "./secret-support.ts";
import type { Tiny } from "./test-charm.ts";

const CONTENT = { fsid: "6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21", monitors: "10.0.0.1 10.0.0.2", user: "csi", key: "not-a-real-key" };

describe("fake-juju: secret-get (reading a user secret)", () => {
  let t: Tiny;
  let uri: string;
  beforeEach(async () => {
    t = await secretTiny();
    uri = t.env.addSecret(CONTENT, { owner: "model", name: "ceph-cluster" });
    t.env.grantSecret(uri, "tiny");
  });
  afterEach(async () => t.close());

  it("prints the content: YAML by default, Go's JSON with --format=json (sorted keys, trailing newline)", async () => {
    assert.deepEqual(await run(t, `secret-get ${uri} --format=json`), [
      0,
      '{"fsid":"6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21","key":"not-a-real-key","monitors":"10.0.0.1 10.0.0.2","user":"csi"}\n',
      "",
    ]);
    assert.deepEqual(await run(t, `secret-get ${uri}`), [
      0,
      "fsid: 6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21\nkey: not-a-real-key\nmonitors: 10.0.0.1 10.0.0.2\nuser: csi\n",
      "",
    ]);
  });

  it("one key prints its value; key#base64 its base64; a missing key fails with Juju's text", async () => {
    assert.deepEqual(await run(t, `secret-get ${uri} user --format=json`), [0, '"csi"\n', ""]);
    assert.deepEqual(await run(t, `secret-get ${uri} user`), [0, "csi\n", ""]);
    assert.deepEqual(await run(t, `secret-get ${uri} user#base64`), [0, "Y3Np\n", ""]);
    assert.deepEqual(await run(t, `secret-get ${uri} rbd-pool`), [1, "", 'ERROR secret key value "rbd-pool" not found\n']);
  });

  it("accepts every URI form Juju parses: secret:<id>, <id>, secret://<model-uuid>/<id>", async () => {
    const id = idOf(uri);
    const long = `secret://${t.env.state.modelUuid}/${id}`;
    for (const form of [uri, id, long]) assert.deepEqual(await run(t, `secret-get ${form} user`), [0, "csi\n", ""], form);
  });

  it("an unknown secret: exit 1, ERROR secret \"<uri>\" not found (the URI as Juju prints it)", async () => {
    const unknown = "secret:d0l2c3mp25c77di8nm00";
    assert.deepEqual(await run(t, `secret-get ${unknown}`), [1, "", `ERROR secret "${unknown}" not found\n`]);
    const otherModel = "secret://0f4c4a52-3c5e-4b1c-9f53-000000000000/d0l2c3mp25c77di8nm00";
    assert.deepEqual(await run(t, `secret-get ${otherModel}`), [1, "", `ERROR secret "${otherModel}" not found\n`]);
    t.env.removeSecret(uri);
    assert.deepEqual(await run(t, `secret-get ${uri}`), [1, "", `ERROR secret "${uri}" not found\n`]);
  });

  it("a secret not granted to the application: exit 1, ERROR permission denied; revoking does the same", async () => {
    const other = t.env.addSecret({ token: "x" });
    assert.deepEqual(await run(t, `secret-get ${other}`), [1, "", "ERROR permission denied\n"]);
    assert.deepEqual(await run(t, `secret-get ${uri} user`), [0, "csi\n", ""]);
    t.env.revokeSecret(uri, "tiny");
    assert.deepEqual(await run(t, `secret-get ${uri} user`), [1, "", "ERROR permission denied\n"]);
    assert.deepEqual(await run(t, `secret-get ${uri} --refresh`), [1, "", "ERROR permission denied\n"]);
    t.env.grantSecret(uri, "tiny");
    assert.deepEqual(await run(t, `secret-get ${uri} user`), [0, "csi\n", ""]);
  });

  it("argument errors exit 2 with Juju's texts", async () => {
    const cases: Array<[string, string]> = [
      ["secret-get", "ERROR require either a secret URI or label\n"],
      ["secret-get nonsense", 'ERROR secret URI "nonsense" not valid\n'],
      ["secret-get http:d0l2c3mp25c77di8nm00", 'ERROR secret URI "http:d0l2c3mp25c77di8nm00" not valid\n'],
      [`secret-get ${uri} --peek --refresh`, "ERROR specify one of --peek or --refresh but not both\n"],
      [`secret-get ${uri} user extra`, 'ERROR unrecognized args: ["extra"]\n'],
      [`secret-get ${uri} --format=smart`, 'ERROR invalid value "smart" for option --format: unknown format "smart"\n'],
      [`secret-get ${uri} --bogus`, "ERROR option provided but not defined: --bogus\n"],
    ];
    for (const [cmd, err] of cases) assert.deepEqual(await run(t, cmd), [2, "", err], cmd);
  });
});
