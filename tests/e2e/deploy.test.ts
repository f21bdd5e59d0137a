/**
 * The real charm (bundled by scripts/build.ts, started by the repository's `dispatch`) through
 * the fake hook environment: Juju's deploy sequence with no relations.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundle } from "../../scripts/build.ts";
import { FakeJuju, type HookOutcome } from "../harness/fake-juju/fake-juju.ts";
import { FakeKube } from "../harness/fake-kube/index.ts";
import { linkedCharmDir } from "../harness/world.ts";

describe("deploy (real dispatch, fake Juju)", function () {
  this.timeout(120_000);
  let tmp: string;
  let kube: FakeKube;
  let env: FakeJuju;
  let outcomes: HookOutcome[];

  before(async () => {
    await bundle();
    tmp = mkdtempSync(join(tmpdir(), "ceph-csi-deploy-"));
    kube = await FakeKube.start();
    env = await FakeJuju.start({
      app: "ceph-csi",
      // The repo's dispatch, dist/, metadata and hooks, linked so the charm's own files stay out of the repo.
      charmDir: linkedCharmDir(tmp),
      principal: { app: "kubernetes-control-plane", endpoint: "kubernetes" },
      env: { KUBECONFIG: kube.kubeconfigPath, CEPH_CSI_APT_GET: "/bin/true" },
      hookErrors: "return",
    });
    outcomes = await env.deploy(1);
  });

  after(async () => {
    await env?.stop();
    await kube?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("runs Juju's deploy sequence through the real dispatch", () => {
    assert.deepEqual(
      outcomes.map((o) => o.name),
      [
        "install",
        "peers-relation-created",
        "kubernetes-relation-created",
        "leader-elected",
        "config-changed",
        "start",
        "kubernetes-relation-joined",
        "kubernetes-relation-changed",
      ],
    );
    assert.ok(outcomes.every((o) => !o.missing), "dispatch ran for every hook");
  });

  it("every hook exits 0", () => {
    for (const o of outcomes) assert.equal(o.exitCode, 0, `${o.name}: ${o.stderr}`);
  });

  it("no hook tool call failed", () => {
    const failed = outcomes.flatMap((o) => o.toolCalls).filter((c) => c.exitCode !== 0);
    assert.deepEqual(failed, []);
  });

  it("nothing else is written: no relation data, no Kubernetes writes", () => {
    const writes = outcomes.flatMap((o) => o.toolCalls).filter((c) => c.tool === "relation-set" || c.tool === "leader-set");
    assert.deepEqual(writes, []);
    assert.deepEqual(kube.writes(), []);
  });

  it("the unit is blocked on the missing ceph-client relation", () => {
    assert.deepEqual(
      [env.unit(0).status.status, env.unit(0).status.message],
      ["blocked", "Missing relation: ceph-client (or ceph, or the ceph-external secret)"],
    );
  });
});
