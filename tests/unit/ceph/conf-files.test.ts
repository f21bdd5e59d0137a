/** The charm's private Ceph client configuration, as files to write (writing them: tests/unit/host/files.test.ts). */
import assert from "node:assert/strict";
import {
  CONF_DIR_NAME,
  checkUser,
  confDirSpec,
  confPaths,
  keyringName,
  renderCephConf,
  renderKeyring,
} from "../../../src/ceph/conf-files.ts";

const KEY = "AQAIOTxnAAAAABAAa7S7GqybaYcmjRlglhO9Pg==";
const ADMIN = "AQAFOTxnAAAAABAAjGl25bVBBBW96Qi9Te4V3w==";
const DIR = "/var/lib/juju/agents/unit-ceph-csi-0/charm/ceph-conf";
const INPUT = { monitors: ["10.0.0.1", "[2001:db8::1]"], auth: "cephx" as const, user: "ceph-csi", key: KEY };

describe("private ceph conf files", () => {
  it("ceph.conf names the monitors, the auth mode and the keyring dir; never a key", () => {
    const conf = renderCephConf(INPUT, DIR);
    assert.match(conf, /^\[global\]$/m);
    assert.match(conf, /^mon host = 10\.0\.0\.1 \[2001:db8::1\]$/m);
    for (const what of ["cluster", "service", "client"]) assert.match(conf, new RegExp(`^auth ${what} required = cephx$`, "m"));
    assert.match(conf, new RegExp(`^keyring = ${DIR}/ceph\\.\\$name\\.keyring$`, "m"));
    assert.ok(!conf.includes(KEY));
    assert.match(renderCephConf({ ...INPUT, auth: "none" }, DIR), /^auth client required = none$/m);
  });

  it("a keyring holds one user's key", () => {
    assert.equal(renderKeyring("ceph-csi", KEY), `[client.ceph-csi]\n\tkey = ${KEY}\n`);
    assert.equal(keyringName("ceph-csi"), "ceph.client.ceph-csi.keyring");
  });

  it("the dir is private (0700): ceph.conf 0644, the user's keyring 0600, no admin keyring without an admin key", () => {
    const spec = confDirSpec(INPUT, DIR);
    assert.equal(spec.dir, DIR);
    assert.equal(spec.mode, 0o700);
    assert.deepEqual(
      spec.files.map((f) => [f.name, f.mode]),
      [
        ["ceph.conf", 0o644],
        ["ceph.client.ceph-csi.keyring", 0o600],
      ],
    );
    assert.equal(spec.files[0]?.content, renderCephConf(INPUT, DIR));
    assert.equal(spec.files[1]?.content, renderKeyring("ceph-csi", KEY));
    assert.deepEqual(spec.absent, ["ceph.client.admin.keyring"]);
    assert.equal(CONF_DIR_NAME, "ceph-conf");
  });

  it("keeps the admin key in its own 0600 keyring while one is known", () => {
    const spec = confDirSpec({ ...INPUT, adminKey: ADMIN }, DIR);
    const admin = spec.files.find((f) => f.name === "ceph.client.admin.keyring");
    assert.deepEqual(admin, { name: "ceph.client.admin.keyring", content: `[client.admin]\n\tkey = ${ADMIN}\n`, mode: 0o600 });
    assert.deepEqual(spec.absent, []);
    assert.ok(!spec.files.filter((f) => f !== admin).some((f) => f.content.includes(ADMIN)), "the admin key only in its keyring");
  });

  it("confPaths: where the files are once written, the admin keyring only when there is one", () => {
    assert.deepEqual(confPaths(confDirSpec(INPUT, DIR), "ceph-csi"), {
      confPath: `${DIR}/ceph.conf`,
      user: "ceph-csi",
      keyringPath: `${DIR}/ceph.client.ceph-csi.keyring`,
    });
    assert.equal(confPaths(confDirSpec({ ...INPUT, adminKey: ADMIN }, DIR), "ceph-csi").adminKeyringPath, `${DIR}/ceph.client.admin.keyring`);
  });

  it("checkUser: a plain Ceph name, never admin, never a path", () => {
    for (const good of ["ceph-csi", "my_app.1", "A9"]) assert.deepEqual(checkUser(good), { ok: true, value: good });
    for (const bad of ["admin", "../x", "", "a/b", "a b", "-x", ".hidden"]) {
      const r = checkUser(bad);
      assert.equal(r.ok, false, bad);
      if (!r.ok) assert.deepEqual([r.error.id, r.error.status, r.error.text], ["invalidUser", "blocked", `Invalid cephx user name '${bad}'`]);
    }
  });
});
