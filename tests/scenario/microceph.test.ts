/** MicroCeph on ceph-client: monitors from its application bag, IPv6 from unit bags. */
import assert from "node:assert/strict";
import { microcephAppBag } from "../harness/ceph-mon-sim/index.ts";
import { assertAllOk, cephCsiConfig, readyWorld, unitStatus } from "./helpers.ts";

describe("scenario: microceph and IPv6 monitors", function () {
  this.timeout(240_000);

  it("adds microceph's ceph-mon-public-addresses to the monitors, and brackets IPv6", async () => {
    const w = await readyWorld();
    try {
      const rel = w.clientRel as number;
      assertAllOk(await w.juju.changeRemoteData(rel, { data: microcephAppBag(["10.30.0.1", "10.30.0.2"]) }));
      assert.deepEqual(cephCsiConfig(w)[0]?.monitors, ["10.20.0.11", "10.30.0.1", "10.30.0.2"]);
      assertAllOk(await w.juju.changeRemoteData(rel, { unit: "ceph-mon/1", data: { "ceph-public-address": "2001:db8:20::12" } }));
      assert.ok(cephCsiConfig(w)[0]?.monitors.includes("[2001:db8:20::12]"));
      assert.deepEqual(unitStatus(w), { status: "active", message: "Ready" });
      assertAllOk(await w.juju.changeRemoteData(rel, { data: { "ceph-mon-public-addresses": "not json" } }));
      assert.equal(unitStatus(w).status, "blocked");
      assert.match(unitStatus(w).message, /^Invalid ceph-mon-public-addresses from ceph-mon/);
      assert.ok(cephCsiConfig(w)[0]?.monitors.includes("10.30.0.1"), "the last good monitor list stays applied");
    } finally {
      await w.stop();
    }
  });
});
