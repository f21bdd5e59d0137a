/**
 * `juju refresh --switch` from the Python charm through the packed charm's real `dispatch`, the
 * fake hook tools as processes and the fake API over HTTP: the takeover's JSON patch goes over
 * the wire through the real client, and the Python charm's `.unit-state.db` stays where it was.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { linkedCharmDir, World } from "../harness/world.ts";
import { PYTHON_CONFIG, SWITCH_KEY, leavePythonCharmState } from "../scenario/switch-state.ts";
import { assertHooksOk, ensureBuilt, type LabelledObject, labelledObjects, unitStatus } from "./process-world.ts";

const OLD_MANAGERS = ["ceph-csi-rbd", "ceph-csi-config"];
const UNIT_STATE_DB = Buffer.concat([Buffer.from("SQLite format 3\0"), Buffer.alloc(84, 1)]);

describe("end to end: switch from the Python charm (real dispatch)", function () {
  this.timeout(300_000);
  let w: World;
  let parent: string;
  let charmDir: string;

  before(async () => {
    await ensureBuilt();
    parent = mkdtempSync(join(tmpdir(), "ceph-csi-switch-"));
    charmDir = linkedCharmDir(parent);
    w = await World.start({ clientKey: SWITCH_KEY, config: { ...PYTHON_CONFIG }, charmDir });
    assertHooksOk(await w.juju.deploy(1));
    await leavePythonCharmState(w);
    // What ops kept for the Python charm, left in the charm dir by the refresh.
    writeFileSync(join(charmDir, ".unit-state.db"), UNIT_STATE_DB);
    w.kube.clearRequests();
    assertHooksOk([...(await w.juju.upgrade()), ...(await w.juju.updateStatus())]);
  });

  after(async () => {
    await w?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  const ours = () => labelledObjects(w, "ceph-csi");

  it("takes every object over with a JSON patch of managedFields, then applies: no field left to the old managers", () => {
    const patches = w.kube.writes().filter((r) => r.method === "PATCH" && r.contentType?.startsWith("application/json-patch+json"));
    // One per object the Python charm left, the two pruned Services aside; the CSIDriver too
    // (v3.9.0 asks for seLinuxMount, which a v1.26 server drops: no reason to re-create it).
    const patched = patches.map((p) => p.path.split("/").pop());
    const expected = ours().map((o) => o.metadata.name);
    assert.deepEqual([...patched].sort(), [...expected].sort(), patches.map((p) => p.path).join("\n"));
    assert.equal(expected.length, 17);
    assert.ok(expected.includes("rbd.csi.ceph.com"), "the CSIDriver is adopted, not re-created");
    for (const o of ours()) {
      assert.deepEqual((o.metadata.managedFields ?? []).map((e) => e.manager).filter((m) => OLD_MANAGERS.includes(m)), [], `${o.kind}/${o.metadata.name}`);
    }
    const d = ours().find((o) => o.kind === "Deployment") as LabelledObject;
    const spec = ((d["spec"] as Record<string, unknown>)["template"] as Record<string, Record<string, unknown>>)["spec"] as Record<string, unknown>;
    assert.equal(spec["affinity"], undefined, "the required anti-affinity is gone");
    assert.ok(!ours().some((o) => o.kind === "Service"), "the Python charm's Services are pruned");
  });

  it("keeps v3.9.0 and says what is pending, Ready", () => {
    assert.ok(ours().filter((o) => o.metadata.labels?.["juju.io/manifest"] === "rbd").every((o) => o.metadata.labels?.["juju.io/manifest-version"] === "rbd-v3.9.0"));
    assert.deepEqual(unitStatus(w), {
      status: "active",
      message:
        "Ready (using the pools and user of the previous charm's broker request; ceph-mon has not answered this charm's request yet) (Ceph CSI v3.9.0 kept from the previous charm; this charm would deploy v3.16.0; next upgrade step: juju config ceph-csi release=v3.10.2)",
    });
    assert.equal(w.juju.state.appStatus.message, "Versions: v3.9.0");
  });

  it("leaves the Python charm's .unit-state.db as it was", () => {
    assert.ok(existsSync(join(charmDir, ".unit-state.db")));
    assert.deepEqual(readFileSync(join(charmDir, ".unit-state.db")), UNIT_STATE_DB);
  });

  it("once ceph-mon answers this charm's request, Ready with only the release note", async () => {
    w.brokerAnswers = true;
    assertHooksOk(await w.settle());
    assert.deepEqual(unitStatus(w), { status: "active", message: "Ready (Ceph CSI v3.9.0 kept from the previous charm; this charm would deploy v3.16.0; next upgrade step: juju config ceph-csi release=v3.10.2)" });
  });
});
