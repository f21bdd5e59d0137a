import assert from "node:assert/strict";
import { parseAdminRelation } from "../../../src/ceph/admin-relation.ts";
import { examples } from "./fixtures.ts";

const ADMIN_KEY = "AQAFOTxnAAAAABAAjGl25bVBBBW96Qi9Te4V3w==";
const remote = examples.admin.remote_unit_bags;

describe("ceph-admin relation data", () => {
  it("reads the protocol example", () => {
    assert.deepEqual(parseAdminRelation(remote), {
      ok: true,
      value: {
        fsid: examples.admin.derived.fsid,
        monHosts: examples.admin.derived.ceph_conf_mon_host.split(" "),
        auth: "cephx",
        key: ADMIN_KEY,
      },
    });
  });

  it("takes the union of mon_hosts tokens: bare IP, ip:port, [v6], [v6]:port", () => {
    const units = {
      "ceph-mon/0": { ...remote["ceph-mon/0"], mon_hosts: "10.0.0.2:6789 [2001:db8::1]" },
      "ceph-mon/1": { ...remote["ceph-mon/1"], mon_hosts: "10.0.0.1 [2001:db8::2]:3300 10.0.0.2:6789" },
    };
    const r = parseAdminRelation(units);
    assert.deepEqual(r.ok && r.value?.monHosts, ["10.0.0.1", "10.0.0.2:6789", "[2001:db8::1]", "[2001:db8::2]:3300"]);
  });

  it("is not ready until some unit has fsid, mon_hosts, key and auth", () => {
    assert.deepEqual(parseAdminRelation({}), { ok: true, value: undefined });
    const partial = { "ceph-mon/0": { fsid: examples.admin.derived.fsid, mon_hosts: "10.0.0.1", auth: "cephx" } };
    assert.deepEqual(parseAdminRelation(partial), { ok: true, value: undefined });
    const mixed = { ...partial, "ceph-mon/1": remote["ceph-mon/1"] ?? {} };
    assert.equal(parseAdminRelation(mixed).ok && parseAdminRelation(mixed).ok, true);
  });

  const bad: [Record<string, string>, string, string][] = [
    [{ fsid: "not-a-uuid" }, "relationInvalid", "Invalid fsid from ceph-mon/2: 'not-a-uuid'"],
    [{ mon_hosts: "10.0.0.1 [nope]:1" }, "relationInvalid", "Invalid mon_hosts from ceph-mon/2: '[nope]:1'"],
    [{ mon_hosts: "[2001:db8::1]:0" }, "relationInvalid", "Invalid mon_hosts from ceph-mon/2: '[2001:db8::1]:0'"],
    [{ key: "short==" }, "relationInvalidKey", "Invalid key from ceph-mon/2"],
    [{ auth: "CEPHX" }, "relationInvalid", "Invalid auth from ceph-mon/2: 'CEPHX'"],
  ];
  it("never shows the admin key, whatever is wrong with it", () => {
    const key = "AQAFOTxnAAAAABAAjGl25bVBBBW96Qi9Te4V3w==";
    const r = parseAdminRelation({ "ceph-mon/0": { key: `${key}x` } });
    assert.ok(!r.ok);
    assert.equal(r.error.text, "Invalid key from ceph-mon/0");
    assert.ok(!JSON.stringify(r.error).includes(key));
  });

  it("takes the fsid most units agree on, lower-cased", () => {
    const other = "11111111-2222-3333-4444-555555555555";
    const upper = examples.admin.derived.fsid.toUpperCase();
    const units = {
      "ceph-mon/0": { ...remote["ceph-mon/0"], fsid: upper },
      "ceph-mon/1": { ...remote["ceph-mon/1"] },
      "ceph-mon/2": { ...remote["ceph-mon/2"], fsid: other },
    };
    const r = parseAdminRelation(units);
    assert.equal(r.ok && r.value?.fsid, examples.admin.derived.fsid.toLowerCase());
  });

  for (const [change, id, message] of bad) {
    it(`blocks on ${message}`, () => {
      const units = { ...remote, "ceph-mon/2": { ...remote["ceph-mon/2"], ...change } };
      const r = parseAdminRelation(units);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.deepEqual([r.error.id, r.error.status, r.error.text], [id, "blocked", message]);
    });
  }
});
