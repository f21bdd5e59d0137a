/**
 * The charm as Juju runs it, through the real `dispatch`: relate, steady state costs, a
 * non-leader's quiet update-status, an action, a crash. What only processes show: the hook-tool
 * calls a hook makes, exit codes, stdout/stderr.
 */
import assert from "node:assert/strict";
import { assertReady, processWorld } from "./process-world.ts";

describe("end to end: operating the charm (real dispatch)", function () {
  this.timeout(240_000);

  it("relate → Ready; steady update-status: no write, a LIST per kind over one connection, two tool calls; a settled non-leader: two calls", async () => {
    const w = await processWorld({ units: 2 });
    try {
      assertReady(w, 0);
      assertReady(w, 1);
      assert.equal(w.juju.state.appStatus.message, "Versions: v3.16.0");
      w.kube.clearRequests();
      const leader = await w.juju.runHook("update-status", { unit: "ceph-csi/0" });
      assert.equal(leader.exitCode, 0, leader.stderr);
      assert.equal(w.kube.writes().length, 0);
      assert.equal(w.kube.reads().length, 13);
      assert.equal(w.kube.connections, 1);
      assert.deepEqual(leader.toolCalls.map((c) => c.tool).sort(), ["is-leader", "state-get"]);
      assert.equal(leader.stdout, "");
      const follower = await w.juju.runHook("update-status", { unit: "ceph-csi/1" });
      assert.deepEqual(follower.toolCalls.map((c) => c.tool).sort(), ["is-leader", "state-get"]);
    } finally {
      await w.stop();
    }
  });

  it("list-resources through the process: completed, every object correct", async () => {
    const w = await processWorld();
    try {
      const out = await w.juju.runAction("list-resources", { manifest: "rbd", resources: "StorageClass" });
      assert.equal(out.status, "completed", out.message);
      assert.equal(out.results["rbd-correct"], "StorageClass/ceph-ext4\nStorageClass/ceph-xfs");
      assert.deepEqual(Object.keys(out.results), ["rbd-correct"], "nothing missing, extra or wrong");
    } finally {
      await w.stop();
    }
  });

  it("a hook tool failing unexpectedly: the hook exits 1 (Juju retries it) and prints no key", async () => {
    const w = await processWorld({ hookErrors: "return" });
    try {
      // A context the agent does not know: every hook tool fails the way jujuc does.
      const state = w.juju.state;
      const key = (state.relations.find((r) => r.endpoint === "ceph-client")?.remoteUnits[0]?.data["key"] ?? "") as string;
      const o = await w.juju.runHook("config-changed", { env: { JUJU_CONTEXT_ID: "no-such-context" } });
      assert.equal(o.exitCode, 1, o.stderr);
      assert.match(o.stderr, /^ceph-csi: HookToolError: .*unknown context/);
      assert.ok(key.length > 30 && !o.stderr.includes(key));
    } finally {
      await w.stop();
    }
  });
});
