/**
 * The process-level world of the end-to-end suites: the bundled charm's real `dispatch`, the
 * fake hook environment's tool processes, the fake API over HTTP, the `ceph` stand-in (or real
 * Ceph). What the in-process suites cannot see: tool texts and exit codes, commit rules,
 * bundling, the real HTTP client, process exit codes and stdout/stderr.
 */
import assert from "node:assert/strict";
import { bundle } from "../../scripts/build.ts";
import { World, type WorldOptions } from "../harness/world.ts";
import { assertAllOk as assertHooksOk } from "../scenario/states.ts";

/** Every hook exited 0: the scenario suites' check, under the name these suites use. */
export { assertHooksOk };

let built: Promise<unknown> | undefined;

/** Builds dist/ once for the whole run. */
export async function ensureBuilt(): Promise<void> {
  built ??= bundle();
  await built;
}

/** A world with deployed units, related to a ready ceph-mon unless `relate: false`. */
export async function processWorld(o: WorldOptions & { units?: number; relate?: boolean } = {}): Promise<World> {
  await ensureBuilt();
  const w = await World.start(o);
  assertHooksOk(await w.juju.deploy(o.units ?? 1));
  if (o.relate !== false) assertHooksOk(await w.relateClient());
  return w;
}

export function unitStatus(w: World, unit: string | number = 0): { status: string; message: string } {
  const s = w.juju.unit(unit).status;
  return { status: s.status, message: s.message };
}

export function assertReady(w: World, unit: string | number = 0): void {
  assert.deepEqual(unitStatus(w, unit), { status: "active", message: "Ready" });
}

/** An object of the fake API, as the e2e suites read it. */
export type LabelledObject = Record<string, unknown> & {
  kind: string;
  metadata: { name: string; namespace?: string; uid?: string; labels?: Record<string, string>; managedFields?: { manager: string }[] };
};

/** The objects labelled `juju.io/application` (= `app` when given) in the world's fake API. */
export function labelledObjects(w: World, app?: string): LabelledObject[] {
  return (w.kube.cluster.all() as LabelledObject[]).filter((o) => {
    const owner = o.metadata.labels?.["juju.io/application"];
    return app === undefined ? owner !== undefined : owner === app;
  });
}
