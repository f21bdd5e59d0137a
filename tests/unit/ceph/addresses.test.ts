import assert from "node:assert/strict";
import fc from "fast-check";
import { normalizeMonitor, shownValue, sortUnique, splitTokens } from "../../../src/ceph/addresses.ts";

describe("monitor addresses", () => {
  const good: [string, string][] = [
    ["10.0.0.1", "10.0.0.1"],
    ["10.0.0.1:6789", "10.0.0.1:6789"],
    ["mon-0.example.com", "mon-0.example.com"],
    ["mon-0:3300", "mon-0:3300"],
    ["2001:db8::1", "[2001:db8::1]"],
    ["[2001:db8::1]", "[2001:db8::1]"],
    ["[2001:db8::1]:6789", "[2001:db8::1]:6789"],
  ];
  for (const [token, want] of good) it(`accepts ${token}`, () => assert.equal(normalizeMonitor(token), want));

  for (const token of ["10.0.0.256", "1.2.3", "a/b", "[10.0.0.1]", "[2001:db8::1]:x", "host:0", "-host", "h_st", "", "10.0.0.1:6789:1"]) {
    it(`rejects '${token}'`, () => assert.equal(normalizeMonitor(token), undefined));
  }

  it("any IPv4 address round-trips; any IPv6 gets brackets", () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => assert.equal(normalizeMonitor(ip), ip)));
    fc.assert(fc.property(fc.ipV6(), (ip) => assert.equal(normalizeMonitor(ip), `[${ip}]`)));
  });

  it("sorts like Python sorts strings and dedups", () => {
    assert.deepEqual(sortUnique(["10.0.0.11", "10.0.0.100", "10.0.0.11"]), ["10.0.0.100", "10.0.0.11"]);
  });

  it("splits address lists on any whitespace", () => {
    assert.deepEqual(splitTokens("  10.0.0.1\t10.0.0.2\n [::1] "), ["10.0.0.1", "10.0.0.2", "[::1]"]);
    assert.deepEqual(splitTokens(""), []);
  });
});

describe("shownValue (a value in a status message)", () => {
  it("shows it unquoted (the catalog templates quote), printable, shortened", () => {
    assert.equal(shownValue("10.0.0.300"), "10.0.0.300");
    assert.equal(shownValue("a\nb\tc\u00e9"), "a?b?c?");
    const long = shownValue("x".repeat(100));
    assert.equal(long.length, 60);
    assert.ok(long.endsWith("…"));
    assert.equal(shownValue("x".repeat(60)), "x".repeat(60));
    assert.equal(shownValue("abcdef", 4), "abc…");
  });
});
