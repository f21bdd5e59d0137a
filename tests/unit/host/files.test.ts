/** The file seam: the private conf dir written from its spec, only when content differs, modes enforced. */
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConfInput, confDirSpec, confPaths } from "../../../src/ceph/conf-files.ts";
import { privateTempDir, removeDir, syncDir } from "../../../src/host/files.ts";

const KEY = "AQAIOTxnAAAAABAAa7S7GqybaYcmjRlglhO9Pg==";
const ADMIN = "AQAFOTxnAAAAABAAjGl25bVBBBW96Qi9Te4V3w==";
const INPUT: ConfInput = { monitors: ["10.0.0.1", "[2001:db8::1]"], auth: "cephx", user: "ceph-csi", key: KEY };

const mode = (path: string) => statSync(path).mode & 0o777;

describe("private ceph conf dir on disk", () => {
  let charmDir: string;
  let dir: string;
  beforeEach(() => {
    charmDir = mkdtempSync(join(tmpdir(), "charm-"));
    dir = join(charmDir, "ceph-conf");
  });
  afterEach(() => rmSync(charmDir, { recursive: true, force: true }));

  it("creates ceph-conf (0700) with ceph.conf and the user's keyring (0600)", async () => {
    const spec = confDirSpec(INPUT, dir);
    assert.deepEqual(await syncDir(spec), { ok: true, value: { changed: true } });
    const paths = confPaths(spec, "ceph-csi");
    assert.equal(mode(dir), 0o700);
    assert.equal(mode(paths.keyringPath), 0o600);
    assert.equal(paths.keyringPath, join(dir, "ceph.client.ceph-csi.keyring"));
    assert.equal(readFileSync(paths.keyringPath, "utf8"), `[client.ceph-csi]\n\tkey = ${KEY}\n`);
    const conf = readFileSync(paths.confPath, "utf8");
    assert.match(conf, /^mon host = 10\.0\.0\.1 \[2001:db8::1\]$/m);
    assert.match(conf, /^auth client required = cephx$/m);
    assert.ok(!conf.includes(KEY));
    assert.equal(paths.adminKeyringPath, undefined);
    assert.deepEqual(readdirSync(dir).sort(), ["ceph.client.ceph-csi.keyring", "ceph.conf"], "no temporary file left behind");
  });

  it("writes nothing when the content is unchanged, and rewrites when monitors change", async () => {
    await syncDir(confDirSpec(INPUT, dir));
    const before = statSync(join(dir, "ceph.conf")).mtimeMs;
    assert.deepEqual(await syncDir(confDirSpec(INPUT, dir)), { ok: true, value: { changed: false } });
    assert.equal(statSync(join(dir, "ceph.conf")).mtimeMs, before);
    assert.deepEqual(await syncDir(confDirSpec({ ...INPUT, monitors: ["10.0.0.2"] }, dir)), { ok: true, value: { changed: true } });
    assert.match(readFileSync(join(dir, "ceph.conf"), "utf8"), /^mon host = 10\.0\.0\.2$/m);
  });

  it("puts modes back even when the content is unchanged", async () => {
    await syncDir(confDirSpec(INPUT, dir));
    chmodSync(join(dir, "ceph.client.ceph-csi.keyring"), 0o644);
    chmodSync(dir, 0o755);
    assert.deepEqual(await syncDir(confDirSpec(INPUT, dir)), { ok: true, value: { changed: false } });
    assert.equal(mode(join(dir, "ceph.client.ceph-csi.keyring")), 0o600);
    assert.equal(mode(dir), 0o700);
  });

  it("keeps the admin key in its own 0600 keyring while one is known, and removes it after", async () => {
    const withAdmin = confDirSpec({ ...INPUT, adminKey: ADMIN }, dir);
    assert.equal((await syncDir(withAdmin)).ok, true);
    const adminPath = confPaths(withAdmin, "ceph-csi").adminKeyringPath;
    assert.equal(adminPath, join(dir, "ceph.client.admin.keyring"));
    assert.equal(mode(adminPath!), 0o600);
    assert.equal(readFileSync(adminPath!, "utf8"), `[client.admin]\n\tkey = ${ADMIN}\n`);
    assert.deepEqual(await syncDir(confDirSpec(INPUT, dir)), { ok: true, value: { changed: true } });
    assert.equal(existsSync(adminPath!), false);
    assert.deepEqual(await syncDir(confDirSpec(INPUT, dir)), { ok: true, value: { changed: false } }, "an absent file that is already gone changes nothing");
  });

  it("returns the errno code instead of throwing when the dir cannot be written", async () => {
    const notADir = join(charmDir, "file");
    writeFileSync(notADir, "");
    assert.deepEqual(await syncDir(confDirSpec(INPUT, join(notADir, "ceph-conf"))), { ok: false, error: "ENOTDIR" });
  });

  it("removeDir removes the dir and what is in it; a missing dir is fine", async () => {
    await syncDir(confDirSpec(INPUT, dir));
    await removeDir(dir);
    assert.equal(existsSync(dir), false);
    await removeDir(dir);
  });

  it("privateTempDir makes a new 0700 directory under the temp dir", async () => {
    const a = await privateTempDir("ceph-csi-test-");
    const b = await privateTempDir("ceph-csi-test-");
    try {
      assert.notEqual(a, b);
      assert.ok(a.startsWith(join(tmpdir(), "ceph-csi-test-")), a);
      assert.equal(mode(a), 0o700);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });
});
