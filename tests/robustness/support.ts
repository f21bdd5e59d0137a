/**
 * Shared pieces of the robustness suites: a Ready world, snapshots of what the charm applied,
 * and the invariants every hostile or faulty hook must keep (exit 0, a named status, nothing
 * deleted).
 */
import assert from "node:assert/strict";
import type { HookOutcome } from "../harness/fake-juju/fake-juju.ts";
import type { RecordedRequest } from "../harness/fake-kube/index.ts";
import type { World, WorldOptions } from "../harness/world.ts";
import { readyWorld as scenarioWorld } from "../scenario/helpers.ts";

export const APP = "ceph-csi";
export const LABEL_APP = "juju.io/application";

/**
 * A world with deployed units related to a ready ceph-mon (see tests/scenario/helpers.ts).
 * ROBUSTNESS_CHARM_DIR runs the suites against another build of the charm (a charm dir with
 * dispatch, metadata and dist/), e.g. a deliberately broken one to check that a suite fails.
 */
export function readyWorld(o: WorldOptions & { units?: number; relate?: boolean } = {}): Promise<World> {
  const dir = process.env["ROBUSTNESS_CHARM_DIR"];
  return scenarioWorld(dir ? { ...o, charmDir: dir } : o);
}

/** A live object reduced to what the charm decides: no server-set metadata, no status. */
export interface Fingerprint {
  key: string;
  body: string;
}

interface Meta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function keyOf(o: Record<string, unknown>): string {
  const m = o["metadata"] as Meta;
  return `${String(o["kind"])}/${m.namespace ?? ""}/${m.name}`;
}

function stripped(o: Record<string, unknown>): Record<string, unknown> {
  const m = o["metadata"] as Meta;
  const { status: _status, metadata: _metadata, ...rest } = o;
  return {
    ...rest,
    metadata: { name: m.name, namespace: m.namespace, labels: m.labels ?? {}, annotations: m.annotations ?? {} },
  };
}

function sortedJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

/** The application's live objects (labelled juju.io/application=<app>), keyed and fingerprinted. */
export function appObjects(w: World, app = APP): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of w.kube.cluster.all() as Record<string, unknown>[]) {
    const m = o["metadata"] as Meta;
    if (m.labels?.[LABEL_APP] !== app) continue;
    const key = keyOf(o);
    assert.ok(!out.has(key), `duplicate live object ${key}`);
    out.set(key, sortedJson(stripped(o)));
  }
  return out;
}

/** Every live object key (labelled or not). */
export function liveKeys(w: World): Set<string> {
  return new Set((w.kube.cluster.all() as Record<string, unknown>[]).map(keyOf));
}

export function deletes(w: World): RecordedRequest[] {
  return w.kube.requests.filter((r) => r.method === "DELETE");
}

export function unitStatus(w: World, unit = 0): { status: string; message: string } {
  const s = w.juju.unit(unit).status;
  return { status: s.status, message: s.message };
}

export function leaderUnit(w: World): string {
  const l = w.juju.state.leader;
  assert.ok(l, "there is a leader");
  return l;
}

/** The leader's status (the unit that applies). */
export function leaderStatus(w: World): { status: string; message: string } {
  const s = w.juju.unit(leaderUnit(w)).status;
  return { status: s.status, message: s.message };
}

export function assertHooksOk(outcomes: readonly HookOutcome[], context = ""): void {
  const bad = outcomes.filter((o) => !o.ok);
  assert.deepEqual(
    bad.map((o) => `${o.unit} ${o.name} exit ${o.exitCode}: ${o.stderr.slice(0, 2000)}`),
    [],
    `every hook exits 0${context ? ` (${context})` : ""}`,
  );
}

/** Status messages stay one bounded line, whatever the input. */
export function assertSaneMessage(message: string): void {
  assert.ok(!message.includes("\n"), `one line: ${JSON.stringify(message.slice(0, 300))}`);
  assert.ok(message.length <= 300, `bounded: ${message.length} characters`);
}

/** The unit is blocked or waiting with a non-empty, sane message (optionally matching `names`). */
export function assertNotActive(w: World, names?: RegExp, unit: number | string = leaderUnit(w)): void {
  const s = w.juju.unit(unit).status;
  assert.ok(s.status === "blocked" || s.status === "waiting", `blocked or waiting, got ${s.status} "${s.message}"`);
  assert.ok(s.message.length > 0, "the status says why");
  assertSaneMessage(s.message);
  if (names) assert.match(s.message, names);
}

export function assertReady(w: World, unit: number | string = leaderUnit(w)): void {
  const s = w.juju.unit(unit).status;
  assert.deepEqual({ status: s.status, message: s.message }, { status: "active", message: "Ready" });
}

/**
 * Nothing was deleted: no DELETE request since the last clearRequests(), and every object that
 * existed before still exists with the same content (when `unchanged`) or at least by name.
 */
export function assertNothingDeleted(w: World, before: Map<string, string>, o: { unchanged?: boolean } = {}): void {
  assert.deepEqual(
    deletes(w).map((r) => r.path),
    [],
    "no DELETE request",
  );
  const after = appObjects(w);
  const missing = [...before.keys()].filter((k) => !after.has(k));
  assert.deepEqual(missing, [], "no object disappeared");
  if (o.unchanged) {
    const changed = [...before.entries()].filter(([k, v]) => after.get(k) !== v).map(([k]) => k);
    assert.deepEqual(changed, [], "no object changed");
  }
}

/** A small seeded PRNG (mulberry32): reproducible choices outside fast-check. */
export function prng(seed: number): { next(): number; int(n: number): number; pick<T>(xs: readonly T[]): T; bool(p?: number): boolean } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
    bool: (p = 0.5) => next() < p,
  };
}

/** The seed for property runs: FC_SEED (to reproduce a failure) or a fixed default. */
export function seedFromEnv(fallback: number): number {
  const s = process.env["FC_SEED"];
  return s !== undefined && s !== "" ? Number(s) : fallback;
}
