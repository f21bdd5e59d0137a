/** The one redaction rule (src/redact.ts): what status, logs, action output and errors may show. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { CEPHX_KEY_PATTERN, isCephxKey, oneLine, redact } from "../../../src/redact.ts";

const KEY = "AQAIOTxnAAAAABAAa7S7GqybaYcmjRlglhO9Pg==";
const base64Char = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

describe("redaction", () => {
  it("isCephxKey: exactly a cephx secret (38 base64 characters then '==')", () => {
    assert.equal(isCephxKey(KEY), true);
    for (const bad of [`${KEY}x`, `x${KEY}`, KEY.slice(1), KEY.replace("==", "="), "", "short=="]) assert.equal(isCephxKey(bad), false, bad);
    assert.equal(new RegExp(CEPHX_KEY_PATTERN).test(KEY), true);
  });

  it("replaces a cephx key anywhere, and long mixed base64 runs (tokens)", () => {
    assert.equal(redact(`bad key ${KEY} here`), "bad key <redacted> here");
    assert.equal(redact(`x${KEY}y`), "x<redacted>y");
    const token = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMzQ1Njc4OTAifQ";
    assert.equal(redact(`Bearer ${token}`), "Bearer <redacted>");
  });

  it("leaves names, addresses, fsids and long runs without digits alone", () => {
    for (const text of [
      "6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21",
      "10.0.0.1:6789 [2001:db8::1]",
      "csi-cephfsplugin-provisioner",
      "StorageClass/ceph-xfs",
      "a".repeat(60),
      "1234567890".repeat(5),
      // long lower-case runs with digits: paths, hashes, generated names
      "/var/lib/juju/agents/unit-ceph-csi-0/charm/ceph-conf/ceph.client.ceph-csi.keyring",
      "0b5e91132b30e62614b0c1b67a09e44274253090",
      "ABCDEFGHIJ0123456789ABCDEFGHIJ0123456789",
    ]) {
      assert.equal(redact(text), text);
    }
  });

  it("never lets any cephx key through", () => {
    fc.assert(
      fc.property(fc.array(base64Char, { minLength: 38, maxLength: 38 }), fc.string(), fc.string(), (chars, before, after) => {
        const key = `${chars.join("")}==`;
        assert.ok(isCephxKey(key));
        assert.ok(!redact(`${before}${key}${after}`).includes(key));
      }),
    );
  });

  it("oneLine: the first non-empty line, trimmed, redacted, at most max characters", () => {
    assert.equal(oneLine(`\n\n  first ${KEY}  \nsecond`), "first <redacted>");
    assert.equal(oneLine(""), "");
    const long = oneLine("y".repeat(500));
    assert.equal(long.length, 120);
    assert.ok(long.endsWith("…"));
    assert.equal(oneLine("abcdef", 4), "abc…");
    assert.equal(oneLine("a\r\nb"), "a");
  });
});
