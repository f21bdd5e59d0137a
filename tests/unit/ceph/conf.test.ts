import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeConf } from "../../../src/ceph/conf.ts";

const KEY = "AQAIOTxnAAAAABAAa7S7GqybaYcmjRlglhO9Pg==";
const ADMIN = "AQAFOTxnAAAAABAAjGl25bVBBBW96Qi9Te4V3w==";

describe("private ceph conf dir", () => {
  let charmDir: string;
  beforeEach(() => {
    charmDir = mkdtempSync(join(tmpdir(), "charm-"));
  });
  afterEach(() => rmSync(charmDir, { recursive: true, force: true }));

  const input = { monitors: ["10.0.0.1", "[2001:db8::1]"], auth: "cephx" as const, user: "ceph-csi", key: KEY };

  it("creates ceph-conf (0700) with ceph.conf and the user's keyring (0600)", async () => {
    const r = await writeConf(charmDir, input);
    assert.ok(r.ok);
    const dir = join(charmDir, "ceph-conf");
    assert.equal(r.value.dir, dir);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(r.value.keyringPath).mode & 0o777, 0o600);
    assert.equal(r.value.keyringPath, join(dir, "ceph.client.ceph-csi.keyring"));
    assert.equal(readFileSync(r.value.keyringPath, "utf8"), `[client.ceph-csi]\n\tkey = ${KEY}\n`);
    const conf = readFileSync(r.value.confPath, "utf8");
    assert.match(conf, /^mon host = 10\.0\.0\.1 \[2001:db8::1\]$/m);
    assert.match(conf, /^auth client required = cephx$/m);
    assert.ok(!conf.includes(KEY));
    assert.equal(r.value.changed, true);
    assert.equal(r.value.adminKeyringPath, undefined);
  });

  it("writes nothing when the content is unchanged, and rewrites when monitors change", async () => {
    await writeConf(charmDir, input);
    const again = await writeConf(charmDir, input);
    assert.equal(again.ok && again.value.changed, false);
    const moved = await writeConf(charmDir, { ...input, monitors: ["10.0.0.2"] });
    assert.equal(moved.ok && moved.value.changed, true);
  });

  it("keeps the admin key in its own 0600 keyring while ceph-admin is related, and removes it after", async () => {
    const r = await writeConf(charmDir, { ...input, adminKey: ADMIN });
    assert.ok(r.ok && r.value.adminKeyringPath);
    assert.equal(statSync(r.value.adminKeyringPath).mode & 0o777, 0o600);
    assert.equal(readFileSync(r.value.adminKeyringPath, "utf8"), `[client.admin]\n\tkey = ${ADMIN}\n`);
    const without = await writeConf(charmDir, input);
    assert.ok(without.ok);
    assert.equal(without.value.changed, true);
    assert.equal(existsSync(join(charmDir, "ceph-conf", "ceph.client.admin.keyring")), false);
  });

  it("refuses a user name that would clash with the admin keyring or escape the dir", async () => {
    for (const user of ["admin", "../x", ""]) {
      const r = await writeConf(charmDir, { ...input, user });
      assert.equal(r.ok, false, user);
    }
  });

  it("returns a problem instead of throwing when the dir cannot be written", async () => {
    const notADir = join(charmDir, "file");
    writeFileSync(notADir, "");
    const r = await writeConf(notADir, input);
    assert.deepEqual(r, {
      ok: false,
      problem: { status: "blocked", message: `Failed to write the Ceph configuration in ${notADir}/ceph-conf (ENOTDIR)` },
    });
  });
});
