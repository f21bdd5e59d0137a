/** Shared setup for scenario tests: the charm bundle is built once per test run. */
import assert from "node:assert/strict";
import { bundle } from "../../scripts/build.ts";
import type { HookOutcome } from "../harness/fake-juju/fake-juju.ts";
import { World, type WorldOptions } from "../harness/world.ts";

let built: Promise<void> | undefined;

/** Builds dist/ once for the whole mocha run. */
export function ensureBuilt(): Promise<void> {
  built ??= bundle();
  return built;
}

/** A world with one deployed unit related to a ready ceph-mon (unless told otherwise). */
export async function readyWorld(o: WorldOptions & { units?: number; relate?: boolean } = {}): Promise<World> {
  await ensureBuilt();
  const w = await World.start(o);
  await w.juju.deploy(o.units ?? 1);
  if (o.relate !== false) await w.relateClient();
  return w;
}

export function assertAllOk(outcomes: readonly HookOutcome[]): void {
  const bad = outcomes.filter((o) => !o.ok);
  assert.deepEqual(
    bad.map((o) => `${o.unit} ${o.name}: ${o.stderr}`),
    [],
    "every hook exits 0",
  );
}

export function unitStatus(w: World, unit = 0): { status: string; message: string } {
  const s = w.juju.unit(unit).status;
  return { status: s.status, message: s.message };
}

export function storageClasses(w: World): Record<string, { default: boolean; parameters: Record<string, string>; provisioner: string; reclaimPolicy: string }> {
  const out: Record<string, { default: boolean; parameters: Record<string, string>; provisioner: string; reclaimPolicy: string }> = {};
  for (const sc of w.objects("StorageClass")) {
    out[sc.metadata.name] = {
      default: sc.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true",
      parameters: sc["parameters"] as Record<string, string>,
      provisioner: sc["provisioner"] as string,
      reclaimPolicy: sc["reclaimPolicy"] as string,
    };
  }
  return out;
}

/** Tool calls made by one hook run (the last `n` hooks of a unit). */
export function toolCallsSince(w: World, before: number): { tool: string; args: string[] }[] {
  return w.juju.state.toolCalls.slice(before).map((c) => ({ tool: c.tool, args: c.args }));
}

export function cephCsiConfig(w: World): Array<{ clusterID: string; monitors: string[] }> {
  const cm = w.objects("ConfigMap").find((c) => c.metadata.name === "ceph-csi-config");
  assert.ok(cm, "ConfigMap ceph-csi-config exists");
  return JSON.parse((cm["data"] as Record<string, string>)["config.json"] as string);
}
