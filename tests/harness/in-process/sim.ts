/**
 * The in-process test world: the charm's real entry, executor and decision run inside the test
 * process against the fake hook environment (its tool rules, without processes), the fake API's
 * cluster model, an in-memory `ceph` CLI and an in-memory host. A hook takes milliseconds.
 *
 * State in → one event → state out:
 *   const sim = Sim.from(await ready());          // a snapshot: model, cluster, Ceph, host
 *   const [o] = await sim.hook("update-status");   // one hook, on the first unit
 *   assert.equal(sim.status().message, "Ready");    // the state out
 */
import { type CephBackend, type SimulatedBackend, simulatedBackend } from "../ceph-mon-sim/index.ts";
import { type CephFilesystem, CharmWorld, DEFAULT_MONS, type LiveObject, type MonSideState } from "../charm-world.ts";
import { type FakeCephState, fakeCephState } from "../fake-ceph/memory.ts";
import { FakeJuju, type HookOutcome, type RunHookOptions } from "../fake-juju/fake-juju.ts";
import type { ModelState } from "../fake-juju/model.ts";
import { clientOver } from "../../../src/kube/client.ts";
import { cephSeam } from "./ceph.ts";
import { inProcessCharm } from "./charm.ts";
import { type HostState, hostSeam, hostState } from "./host.ts";
import { presetKeys } from "../world.ts";
import { MemoryKube } from "./kube.ts";

export const SIM_FSID = "6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21";
/** Where each unit's charm lives, as on a machine (each unit its own dir). */
export function charmDirOf(unit: string): string {
  return `/var/lib/juju/agents/unit-${unit.replace("/", "-")}/charm`;
}

export interface SimOptions {
  app?: string;
  config?: ModelState["config"];
  mons?: string[];
  nodes?: number;
  rbdFeatures?: number;
  filesystems?: CephFilesystem[];
  /** The cephx secret ceph-mon hands out for the charm's user (default: random). */
  clientKey?: string;
  adminKey?: string;
  hookErrors?: "throw" | "return";
  /**
   * The API server's version (default "1.26", the version tests/harness/fake-kube replays from
   * ../shared/reference/kube-apiserver: it drops CSIDriver seLinuxMount).
   */
  kubeVersion?: string;
  /** "pending": Deployments and DaemonSets wait as on a cluster without nodes until kube.markWorkloadsReady(). */
  workloads?: "ready" | "pending";
}

/** Everything a Sim holds, as plain data: what tests keep and start from. */
export interface Snapshot {
  app: string;
  hookErrors: "throw" | "return";
  juju: ModelState;
  kube: MemoryKube;
  ceph: FakeCephState;
  host: HostState;
  backend: { fsid: string; publicAddress: string; adminKey: string; state: SimulatedBackend["state"] };
  mon: MonSideState;
}

function cloneBackend(b: Snapshot["backend"]): SimulatedBackend {
  const backend = simulatedBackend({ fsid: b.fsid, publicAddress: b.publicAddress });
  const state = structuredClone(b.state);
  for (const [k, v] of Object.entries(state)) {
    const target = (backend.state as unknown as Record<string, Map<unknown, unknown> | Set<unknown>>)[k];
    target?.clear();
    if (target instanceof Map) for (const [key, val] of v as Map<unknown, unknown>) target.set(key, val);
    else if (target instanceof Set) for (const val of v as Set<unknown>) target.add(val);
  }
  (backend as { adminKey: string }).adminKey = b.adminKey;
  return backend;
}

export class Sim extends CharmWorld {
  readonly juju: FakeJuju;
  readonly backend: SimulatedBackend;
  kube: MemoryKube;
  ceph: FakeCephState;
  host: HostState;
  /** Time for the steps that wait: a sleep passes at once and moves the clock on. */
  readonly clock = {
    ms: 0,
    now: (): number => this.clock.ms,
    sleep: async (ms: number): Promise<void> => {
      this.clock.ms += ms;
      this.onTick?.(this.clock.ms);
    },
  };
  /** Called on each tick of the clock (a test can make the cluster change while the charm waits). */
  onTick: ((ms: number) => void) | undefined;

  /** How a failing hook reaches the test (kept in snapshots). */
  readonly hookErrors: Snapshot["hookErrors"];

  private constructor(s: Snapshot, juju: FakeJuju, backend: SimulatedBackend) {
    super({ mons: s.mon.mons, rbdFeatures: s.mon.rbdFeatures });
    this.hookErrors = s.hookErrors;
    this.restoreMonSide(s.mon);
    this.juju = juju;
    this.backend = backend;
    this.kube = s.kube;
    this.ceph = s.ceph;
    this.host = s.host;
  }

  static async create(o: SimOptions = {}): Promise<Sim> {
    const app = o.app ?? "ceph-csi";
    const backend = simulatedBackend({ fsid: SIM_FSID });
    presetKeys(backend, app, { ...(o.clientKey !== undefined ? { clientKey: o.clientKey } : {}), ...(o.adminKey !== undefined ? { adminKey: o.adminKey } : {}) });
    const juju = await FakeJuju.start({ app, ...(o.config ? { config: o.config } : {}), principal: { app: "kubernetes-control-plane", endpoint: "kubernetes" }, inProcess: () => Promise.reject(new Error("unbound")) });
    const ceph = fakeCephState(backend.fsid);
    ceph.filesystems = (o.filesystems ?? []).map((f) => ({ ...f }));
    return Sim.from({
      app,
      hookErrors: o.hookErrors ?? "throw",
      juju: juju.state,
      kube: new MemoryKube(undefined, { nodes: o.nodes ?? 3, kubeVersion: o.kubeVersion ?? "1.26", ...(o.workloads ? { workloads: o.workloads } : {}) }),
      ceph,
      host: hostState(),
      backend: { fsid: backend.fsid, publicAddress: backend.publicAddress, adminKey: backend.adminKey, state: backend.state },
      mon: { mons: [...(o.mons ?? DEFAULT_MONS)], clientRel: undefined, adminRel: undefined, monReady: true, brokerAnswers: true, rbdFeatures: o.rbdFeatures },
    });
  }

  /** A new Sim holding a copy of `s` (the snapshot itself is never changed). */
  static async from(s: Snapshot): Promise<Sim> {
    const copy: Snapshot = { ...structuredClone({ ...s, kube: undefined, backend: { ...s.backend, state: undefined } }), kube: s.kube.clone(), backend: s.backend } as Snapshot;
    let self: Sim | undefined;
    const juju = await FakeJuju.start({
      app: s.app,
      state: s.juju,
      principal: { app: "kubernetes-control-plane", endpoint: "kubernetes" },
      hookErrors: s.hookErrors,
      inProcess: (env, tool) => {
        const charm = inProcessCharm(() => {
          const w = self as Sim;
          return { clock: w.clock, kube: async () => (w.kube.configured ? clientOver(w.kube.objectApi()) : undefined), ceph: cephSeam(() => w.ceph), host: hostSeam(() => w.host) };
        });
        const dir = charmDirOf(env["JUJU_UNIT_NAME"] ?? "unknown/0");
        return charm({ ...env, JUJU_CHARM_DIR: dir, CHARM_DIR: dir }, tool);
      },
    });
    self = new Sim(copy, juju, cloneBackend(s.backend));
    return self;
  }

  snapshot(): Snapshot {
    return {
      app: this.juju.app,
      hookErrors: this.hookErrors,
      // The state, not its history: tool calls made so far are left behind.
      juju: { ...this.juju.state, toolCalls: [] },
      kube: this.kube.clone(),
      ceph: structuredClone(this.ceph),
      host: structuredClone(this.host),
      backend: { fsid: this.backend.fsid, publicAddress: this.backend.publicAddress, adminKey: this.backend.adminKey, state: structuredClone(this.backend.state) },
      mon: this.monSide(),
    };
  }

  /** One hook on one unit (default the first). */
  async hook(name: string, o: RunHookOptions = {}): Promise<HookOutcome> {
    return this.juju.runHook(name, o);
  }

  setFilesystems(filesystems: CephFilesystem[]): void {
    this.ceph.filesystems = filesystems.map((f) => ({ ...f }));
  }

  objects(kind: string): LiveObject[] {
    return this.kube.objects(kind) as unknown as LiveObject[];
  }

  /** A unit's status (default the first unit). */
  status(unit: string | number = 0): { status: string; message: string } {
    const s = this.juju.unit(unit).status;
    return { status: s.status, message: s.message };
  }
}

export type { CephBackend };
