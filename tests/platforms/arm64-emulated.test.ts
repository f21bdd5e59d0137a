/**
 * The arm64 charm runs: its own aarch64 Node 24, started by its own dispatch under QEMU user-mode
 * emulation (tests/platforms/emulation.ts), goes through install and update-status in the fake
 * hook environment and reaches the statuses, tool calls and Kubernetes objects the amd64 charm
 * reaches from the same starting model. The hook-tool client stays a host binary, as it is Juju's.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { elfMachine, nodeVersion } from "../../scripts/node-runtime.ts";
import { packPlatforms } from "../../scripts/pack.ts";
import { parsePlatform } from "../../scripts/platforms.ts";
import { readZip, unzip } from "../../scripts/unzip.ts";
import type { ModelState } from "../harness/fake-juju/model.ts";
import { World } from "../harness/world.ts";
import { emulateCharmNode, type EmulationMode, missingEmulation, qemuFor } from "./emulation.ts";

const AMD64 = parsePlatform("ubuntu@24.04:amd64");
const ARM64 = parsePlatform("ubuntu@24.04:arm64");

interface HookResult {
  hook: string;
  ok: boolean;
  /** Every status the unit went through in the hook, in order. */
  statuses: string[];
  /** The unit's status after the hook. */
  after: string;
  /** The hook tools called, as a sorted list (reads start concurrently, so their order varies). */
  tools: string[];
}

interface Run {
  hooks: HookResult[];
  objects: string[];
  seconds: number;
}

/** Install, then update-status, on the leader of a model that already has ceph-mon's answers. */
async function twoHooks(charmDir: string, seed: ModelState): Promise<Run> {
  const w = await World.start({ charmDir });
  try {
    w.juju.setState(seed);
    const t0 = performance.now();
    const hooks: HookResult[] = [];
    for (const hook of ["install", "update-status"]) {
      const before = w.juju.unit(0).statusHistory.length;
      const o = await w.juju.runHook(hook, { unit: "ceph-csi/0" });
      const statuses = w.juju
        .unit(0)
        .statusHistory.slice(before)
        .map((e) => `${e.status}: ${e.message}`);
      const { status, message } = w.juju.unit(0).status;
      hooks.push({ hook, ok: o.ok, statuses, after: `${status}: ${message}`, tools: o.toolCalls.map((c) => c.tool).sort() });
    }
    const objects = w.kube.cluster
      .all()
      .map((o) => {
        const { kind, metadata } = o as { kind: string; metadata: { name: string } };
        return `${kind}/${metadata.name}`;
      })
      .sort();
    return { hooks, objects, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await w.stop();
  }
}

describe("arm64 charm under QEMU user-mode emulation", function () {
  this.timeout(900_000);
  let tmp: string;
  let amdDir: string;
  let armDir: string;
  let armNode: Buffer;
  let mode: EmulationMode;
  let seed: ModelState;

  before(async () => {
    const missing = missingEmulation("arm64");
    assert.deepEqual(missing, [], `emulation needs: ${missing.join("; ")} (.ci/run installs them)`);
    tmp = mkdtempSync(join(tmpdir(), "ceph-csi-arm64-"));
    const [amdFile, armFile] = await packPlatforms([AMD64, ARM64], tmp);
    amdDir = join(tmp, "amd64");
    armDir = join(tmp, "arm64");
    await unzip(amdFile!, amdDir);
    armNode = (await readZip(armFile!)).find((e) => e.name === "node/bin/node")!.data;
    await unzip(armFile!, armDir);
    mode = emulateCharmNode(armDir, "arm64");
    // The starting model: one leader unit next to the control plane, related to ceph-mon whose
    // units have answered its broker request (a whole deploy and relate, by the amd64 charm).
    const ref = await World.start({ charmDir: amdDir });
    try {
      await ref.juju.deploy(1);
      await ref.relateClient();
      seed = { ...ref.juju.state, toolCalls: [], logs: [] };
    } finally {
      await ref.stop();
    }
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("carries the official aarch64 Node 24 build, which this machine runs only under emulation", () => {
    const binary = join(armDir, mode === "binfmt_misc" ? "node/bin/node" : "node/bin/node.arm64");
    assert.equal(elfMachine(binary), 183, "EM_AARCH64");
    assert.ok(readFileSync(binary).equals(armNode), "the emulated binary is the archive's own");
    const out = execFileSync(qemuFor("arm64"), [binary, "-p", 'process.arch + " " + process.version'], { encoding: "utf8" });
    assert.equal(out.trim(), `arm64 v${nodeVersion()}`);
    console.log(`      (arm64 node started through ${mode})`);
  });

  it("install and update-status reach the same statuses, tool calls and objects as the amd64 charm", async () => {
    const amd = await twoHooks(amdDir, seed);
    const arm = await twoHooks(armDir, seed);
    console.log(`      (amd64 ${amd.seconds.toFixed(1)} s, arm64 emulated ${arm.seconds.toFixed(1)} s for the two hooks)`);
    for (const r of [amd, arm]) {
      assert.ok(r.hooks.every((h) => h.ok), JSON.stringify(r.hooks));
      // Not equal by both failing alike: the leader converges to Ready and applies the drivers.
      assert.deepEqual(
        r.hooks.map((h) => h.after),
        ["active: Ready", "active: Ready"],
      );
      assert.deepEqual(r.hooks[0]?.statuses, ["maintenance: Ensuring ceph-common package", "active: Ready"]);
      assert.ok(r.hooks[0]?.tools.includes("status-set"), "install sets the status");
      assert.ok(r.objects.includes("StorageClass/ceph-xfs"), r.objects.join(" "));
    }
    assert.deepEqual(arm.hooks, amd.hooks);
    assert.deepEqual(arm.objects, amd.objects);
  });
});
