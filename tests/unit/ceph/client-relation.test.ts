import assert from "node:assert/strict";
import fc from "fast-check";
import { brokerRequest } from "../../../src/ceph/broker.ts";
import { type ClientRelationInput, clientUnitWrites, invalidField, parseClientRelation } from "../../../src/ceph/client-relation.ts";
import { examples } from "./fixtures.ts";

/** [id, status, text] of the problem, or undefined when the relation parsed. */
function problemOf(input: ClientRelationInput): [string, string, string] | undefined {
  const r = parseClientRelation(input);
  return r.ok ? undefined : [r.error.id, r.error.status, r.error.text];
}

const KEY = "AQAIOTxnAAAAABAAa7S7GqybaYcmjRlglhO9Pg==";
const remote = examples.client.remote_unit_bags;

function withUnit(unit: string, changes: Record<string, string>) {
  return { ...remote, [unit]: { ...remote[unit], ...changes } };
}

describe("ceph-client relation data", () => {
  it("reads the protocol example: monitors from ceph-public-address, key and auth", () => {
    const r = parseClientRelation({ units: remote });
    assert.deepEqual(r, { ok: true, value: { monitors: examples.client.derived.mon_hosts, auth: "cephx", key: KEY } });
  });

  it("brackets raw IPv6 addresses, dedups and sorts as strings", () => {
    const units = {
      "ceph-mon/0": { ...remote["ceph-mon/0"], "ceph-public-address": "2001:db8:20::13" },
      "ceph-mon/1": { ...remote["ceph-mon/1"], "ceph-public-address": "2001:db8:20::11 2001:db8:20::12" },
      "ceph-mon/2": { ...remote["ceph-mon/2"], "ceph-public-address": "2001:db8:20::11" },
    };
    const r = parseClientRelation({ units });
    assert.deepEqual(r.ok && r.value.monitors, examples.ipv6_variant["requirer-derived mon_hosts"]);
    const v4 = parseClientRelation({ units: withUnit("ceph-mon/2", { "ceph-public-address": "10.0.0.100" }) });
    assert.deepEqual(v4.ok && v4.value.monitors, ["10.0.0.100", "10.20.0.11", "10.20.0.12"]);
  });

  it("never uses Juju's private-address as a monitor", () => {
    const units = { "ceph-mon/0": { ...remote["ceph-mon/0"] }, "ceph-mon/1": { ...examples.client["remote_unit_bag_before_ceph_mon_ready (any unit, e.g. no OSDs bootstrapped yet)"] } };
    const r = parseClientRelation({ units });
    assert.deepEqual(r.ok && r.value.monitors, ["10.20.0.11"]);
  });

  it("adds MicroCeph's application-bag ceph-mon-public-addresses", () => {
    const r = parseClientRelation({ units: remote, app: { "ceph-mon-public-addresses": '["10.30.0.1", "fd00::1"]' }, appName: "microceph" });
    assert.deepEqual(r.ok && r.value.monitors, ["10.20.0.11", "10.20.0.12", "10.20.0.13", "10.30.0.1", "[fd00::1]"]);
    const only = parseClientRelation({
      units: { "microceph/0": { key: KEY, auth: "cephx" } },
      app: { "ceph-mon-public-addresses": '["10.30.0.1"]' },
    });
    assert.deepEqual(only.ok && only.value.monitors, ["10.30.0.1"]);
  });

  it("reads rbd-features as a decimal number", () => {
    const r = parseClientRelation({
      units: { ...remote, "ceph-mon/1": examples.client["variant_remote_unit_bag_with_default-rbd-features=1 (ceph-mon/1)"] },
    });
    assert.equal(r.ok && r.value.rbdFeatures, 1);
    assert.equal(parseClientRelation({ units: remote }).ok && "rbdFeatures" in (parseClientRelation({ units: remote }) as { value: object }).value, false);
  });

  it("waits while data is simply absent", () => {
    const waiting = ["missingData", "waiting", "Ceph relation is missing data."];
    const before = examples.client["remote_unit_bag_before_ceph_mon_ready (any unit, e.g. no OSDs bootstrapped yet)"];
    assert.deepEqual(problemOf({ units: {} }), waiting);
    assert.deepEqual(problemOf({ units: { "ceph-mon/0": before } }), waiting);
    // key without auth, auth without key, key+auth without any address, empty key (Juju: absent)
    assert.deepEqual(problemOf({ units: { "ceph-mon/0": { key: KEY, "ceph-public-address": "10.0.0.1" } } }), waiting);
    assert.deepEqual(problemOf({ units: { "ceph-mon/0": { auth: "cephx", "ceph-public-address": "10.0.0.1" } } }), waiting);
    assert.deepEqual(problemOf({ units: { "ceph-mon/0": { key: KEY, auth: "cephx" } } }), waiting);
    assert.deepEqual(problemOf({ units: { "ceph-mon/0": { key: "", auth: "cephx", "ceph-public-address": "10.0.0.1" } } }), waiting);
  });

  const malformed: [string, Record<string, string>, string, string][] = [
    ["ceph-public-address", { "ceph-public-address": "10.0.0.1 not_an/address" }, "relationInvalid", "Invalid ceph-public-address from ceph-mon/1: 'not_an/address'"],
    ["broken IPv4", { "ceph-public-address": "10.0.0.300" }, "relationInvalid", "Invalid ceph-public-address from ceph-mon/1: '10.0.0.300'"],
    ["bad port", { "ceph-public-address": "10.0.0.1:99999" }, "relationInvalid", "Invalid ceph-public-address from ceph-mon/1: '10.0.0.1:99999'"],
    ["key not cephx-shaped", { key: "secret-value" }, "relationInvalidKey", "Invalid key from ceph-mon/1"],
    ["whitespace key", { key: "  " }, "relationInvalidKey", "Invalid key from ceph-mon/1"],
    ["auth", { auth: "kerberos" }, "relationInvalid", "Invalid auth from ceph-mon/1: 'kerberos'"],
    ["rbd-features", { "rbd-features": "layering" }, "relationInvalid", "Invalid rbd-features from ceph-mon/1: 'layering'"],
  ];
  for (const [name, change, id, message] of malformed) {
    it(`blocks on malformed data: ${name}`, () => {
      assert.deepEqual(problemOf({ units: withUnit("ceph-mon/1", change) }), [id, "blocked", message]);
    });
  }

  it("blocks on bad JSON in ceph-mon-public-addresses", () => {
    for (const [raw, shown] of [
      ["[10.0.0.1", "'not JSON'"],
      ['{"a": 1}', "'not a list of addresses'"],
      ['["10.0.0.1", "bad/addr"]', "'bad/addr'"],
      ["[1]", "'1'"],
    ] as const) {
      assert.deepEqual(
        problemOf({ units: remote, app: { "ceph-mon-public-addresses": raw }, appName: "microceph" }),
        ["relationInvalid", "blocked", `Invalid ceph-mon-public-addresses from microceph: ${shown}`],
        raw,
      );
    }
  });

  it("never puts a key value in a message", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (junk) => {
        const k = `${junk}${KEY}`;
        const r = parseClientRelation({ units: withUnit("ceph-mon/0", { key: k }) });
        assert.ok(!r.ok);
        assert.equal(r.error.text, "Invalid key from ceph-mon/0");
        assert.ok(!JSON.stringify(r.error).includes(KEY));
      }),
    );
  });

  it("takes the key most units agree on", () => {
    const other = "AQBBBBBBAAAAABAAa7S7GqybaYcmjRlglhO9Pg==";
    const r = parseClientRelation({ units: withUnit("ceph-mon/2", { key: other }) });
    assert.equal(r.ok && r.value.key, KEY);
  });

  it("names the remote application when MicroCeph's app bag has no name", () => {
    assert.deepEqual(problemOf({ units: remote, app: { "ceph-mon-public-addresses": "nope" } }), [
      "relationInvalid",
      "blocked",
      "Invalid ceph-mon-public-addresses from the remote application: 'not JSON'",
    ]);
  });

  it("ignores Juju's own keys and empty values in unit bags", () => {
    const units = { "ceph-mon/0": { ...remote["ceph-mon/0"], "private-address": "not an address!", "rbd-features": "", "egress-subnets": "x/y" } };
    assert.equal(parseClientRelation({ units }).ok, true);
  });
});

describe("invalidField", () => {
  it("shows the value, shortened and printable, but never for the key field", () => {
    const shown = invalidField("auth", "ceph-mon/0", "bad\nvalue");
    assert.deepEqual([shown.id, shown.status, shown.text], ["relationInvalid", "blocked", "Invalid auth from ceph-mon/0: 'bad?value'"]);
    const long = invalidField("ceph-public-address", "ceph-mon/0", "y".repeat(200)).text;
    assert.ok(long.length < 120, long);
    const key = invalidField("key", "ceph-mon/0", KEY);
    assert.deepEqual([key.id, key.text], ["relationInvalidKey", "Invalid key from ceph-mon/0"]);
    assert.equal(invalidField("data", "ceph-mon/0", undefined).text, "Invalid data from ceph-mon/0");
  });

  it("redacts a key-shaped value in any field", () => {
    assert.equal(invalidField("auth", "ceph-mon/0", KEY).text, "Invalid auth from ceph-mon/0: '<redacted>'");
  });
});

describe("ceph-client unit bag writes", () => {
  const request = brokerRequest("ceph-csi");
  it("writes application-name, unit-name and broker_req to a fresh bag", () => {
    assert.deepEqual(clientUnitWrites({ "private-address": "10.5.0.21" }, { app: "ceph-csi", unitName: "ceph-csi/0", request }), {
      "application-name": "ceph-csi",
      "unit-name": "ceph-csi/0",
      broker_req: request.wire,
    });
  });
  it("writes nothing when the bag is up to date (the protocol example bag)", () => {
    const bag = examples.client["local_unit_bags (requirer)"]["ceph-csi/1"] ?? {};
    assert.deepEqual(clientUnitWrites(bag, { app: "ceph-csi", unitName: "ceph-csi/1", request }), {});
  });
  it("rewrites only broker_req for a retry", () => {
    const bag = examples.client["local_unit_bags (requirer)"]["ceph-csi/0"] ?? {};
    const retry = clientUnitWrites(bag, { app: "ceph-csi", unitName: "ceph-csi/0", request: { ...request, wire: "x" } });
    assert.deepEqual(Object.keys(retry), ["broker_req"]);
  });
});
