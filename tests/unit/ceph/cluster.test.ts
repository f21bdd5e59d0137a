/** The cluster model's pure parts (building it from relations and commands is src/charm/ceph-model.ts). */
import assert from "node:assert/strict";
import fc from "fast-check";
import { sortFilesystems } from "../../../src/ceph/cluster.ts";
import { CSI_SUBVOLUME_GROUP, RBD_POOLS } from "../../../src/ceph/names.ts";

describe("cluster model", () => {
  it("sorts filesystems by name, keeping each one's data pools and their ids together", () => {
    const input = [
      { name: "zeta", dataPools: ["z"], dataPoolIds: [9] },
      { name: "alpha", dataPools: ["a1", "a2"], dataPoolIds: [4, 2] },
      { name: "Beta", dataPools: ["b"], dataPoolIds: [5] },
    ];
    assert.deepEqual(sortFilesystems(input), [
      { name: "Beta", dataPools: ["b"], dataPoolIds: [5] },
      { name: "alpha", dataPools: ["a1", "a2"], dataPoolIds: [4, 2] },
      { name: "zeta", dataPools: ["z"], dataPoolIds: [9] },
    ]);
    assert.equal(input[0]?.name, "zeta", "the input is not changed");
  });

  it("sorting is idempotent and keeps every filesystem", () => {
    const fsArb = fc.record({ name: fc.string({ minLength: 1, maxLength: 6 }), dataPools: fc.constant<string[]>([]), dataPoolIds: fc.constant<number[]>([]) });
    fc.assert(
      fc.property(fc.array(fsArb, { maxLength: 8 }), (list) => {
        const once = sortFilesystems(list);
        assert.deepEqual(sortFilesystems(once), once);
        assert.equal(once.length, list.length);
        for (let i = 1; i < once.length; i++) assert.ok(once[i - 1]!.name <= once[i]!.name);
      }),
    );
  });

  it("names the pools and the subvolume group the charm and Ceph CSI agree on", () => {
    assert.deepEqual(RBD_POOLS, { xfs: "xfs-pool", ext4: "ext4-pool" });
    assert.equal(CSI_SUBVOLUME_GROUP, "csi");
  });
});
