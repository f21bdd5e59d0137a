/**
 * A whole small world for scenario tests, the demo and the benchmark: the fake Juju hook
 * environment running the charm's real dispatch, the in-memory Kubernetes API, and a ceph-mon
 * simulator answering on ceph-client / ceph-admin — backed by a real Ceph cluster when one is
 * given, else by an in-memory backend plus a stand-in `ceph` CLI.
 *
 *   const w = await World.start({ units: 1 });
 *   await w.juju.deploy(1);
 *   await w.relateClient();          // relation + ceph-mon answers until nothing changes
 *   w.kube.cluster.all();             // what the charm applied
 *   await w.stop();
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
/** A filesystem as `ceph fs ls` reports it (pool ids invented when not given). */
export interface CephFilesystem {
  name: string;
  dataPools: string[];
  dataPoolIds?: number[];
}
import {
  type CephBackend,
  DEFAULT_CLIENT_CAPS,
  type SimulatedBackend,
  realBackend,
  simulateAdminRelation,
  simulateClientRelation,
  simulatedBackend,
} from "./ceph-mon-sim/index.ts";
import { FakeJuju, type HookOutcome, type StartOptions } from "./fake-juju/fake-juju.ts";
import type { Bag } from "./fake-juju/model.ts";
import { FakeKube } from "./fake-kube/index.ts";
import type { RealCeph } from "./real-ceph/cluster.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, "../..");

/**
 * A unit's charm dir for the repository's charm: links to dispatch, metadata and the bundle,
 * so what the charm writes there (its private ceph-conf) stays out of the repository.
 */
export function linkedCharmDir(parent: string): string {
  const dir = join(parent, "charm");
  mkdirSync(dir);
  for (const name of ["dispatch", "metadata.yaml", "config.yaml", "actions.yaml", "hooks", "dist"]) {
    symlinkSync(join(REPO, name), join(dir, name));
  }
  return dir;
}
/** Recognizable keys (secret-hygiene tests): only the simulated backend lets us choose them. */
function presetKeys(backend: CephBackend, app: string, o: WorldOptions): void {
  if (backend.kind !== "simulated") throw new Error("clientKey/adminKey need the simulated Ceph backend");
  const sim = backend as SimulatedBackend;
  if (o.clientKey !== undefined) sim.state.users.set(app, { key: o.clientKey, caps: { ...DEFAULT_CLIENT_CAPS } });
  if (o.adminKey !== undefined) {
    (sim as { adminKey: string }).adminKey = o.adminKey;
    const admin = sim.state.users.get("admin");
    if (admin) admin.key = o.adminKey;
  }
}

export const FAKE_CEPH_BIN = resolve(HERE, "fake-ceph/ceph");

/** A live object as the fake API stores it. */
export interface LiveObject {
  kind: string;
  metadata: { name: string; namespace?: string; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [k: string]: unknown;
}

export interface WorldOptions {
  app?: string;
  /** Charm directory (default: the repository, i.e. the bundle in dist/). */
  charmDir?: string;
  config?: StartOptions["config"];
  /** A real cluster; without one the ceph side is simulated. */
  ceph?: RealCeph;
  /** ceph-mon unit names (default ceph-mon/0..2); the first is the Ceph leader. */
  mons?: string[];
  /** Simulated mode: the filesystems `ceph fs ls` reports. */
  filesystems?: CephFilesystem[];
  /** Kubernetes nodes in the fake API (default 3). */
  nodes?: number;
  /** Extra hook environment. */
  env?: Record<string, string>;
  hookErrors?: "throw" | "return";
  /** ceph-mon's default-rbd-features. */
  rbdFeatures?: number;
  /** Simulated mode: the cephx secret ceph-mon hands out for the charm's user (default: random). */
  clientKey?: string;
  /** Simulated mode: the client.admin secret ceph-admin publishes (default: random). */
  adminKey?: string;
}

export class World {
  readonly juju: FakeJuju;
  readonly kube: FakeKube;
  readonly backend: CephBackend;
  readonly mons: string[];
  /** Simulated mode: the stand-in CLI's state dir. */
  readonly fakeCephDir: string | undefined;
  readonly #tmp: string;
  readonly #opts: WorldOptions;
  clientRel: number | undefined;
  adminRel: number | undefined;
  /** false: ceph-mon is not ready for service (no OSDs) and publishes nothing on ceph-client. */
  monReady = true;
  /** false: the Ceph-leader mon has not processed broker requests yet (no broker-rsp-* keys). */
  brokerAnswers = true;

  private constructor(o: WorldOptions, juju: FakeJuju, kube: FakeKube, backend: CephBackend, tmp: string, fakeCephDir: string | undefined) {
    this.#opts = o;
    this.juju = juju;
    this.kube = kube;
    this.backend = backend;
    this.#tmp = tmp;
    this.fakeCephDir = fakeCephDir;
    this.mons = [...(o.mons ?? ["ceph-mon/0", "ceph-mon/1", "ceph-mon/2"])];
  }

  static async start(o: WorldOptions = {}): Promise<World> {
    const tmp = mkdtempSync(join(tmpdir(), "ceph-csi-world-"));
    const kube = await FakeKube.start({ nodes: o.nodes ?? 3, kubeconfigPath: join(tmp, "kubeconfig") });
    const backend = o.ceph ? realBackend(o.ceph) : simulatedBackend({ fsid: "6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21" });
    if (o.clientKey !== undefined || o.adminKey !== undefined) presetKeys(backend, o.app ?? "ceph-csi", o);
    const env: Record<string, string> = { KUBECONFIG: kube.kubeconfigPath, CEPH_CSI_APT_GET: "/bin/true", ...o.env };
    let fakeCephDir: string | undefined;
    if (!o.ceph) {
      fakeCephDir = join(tmp, "fake-ceph");
      mkdirSync(fakeCephDir);
      writeFileSync(join(fakeCephDir, "fsid"), `${backend.fsid}\n`);
      env["CEPH_CSI_CEPH_BIN"] = FAKE_CEPH_BIN;
      env["FAKE_CEPH_DIR"] = fakeCephDir;
    }
    const juju = await FakeJuju.start({
      app: o.app ?? "ceph-csi",
      charmDir: o.charmDir ?? linkedCharmDir(tmp),
      ...(o.config ? { config: o.config } : {}),
      principal: { app: "kubernetes-control-plane", endpoint: "kubernetes" },
      env,
      hookErrors: o.hookErrors ?? "throw",
    });
    const w = new World(o, juju, kube, backend, tmp, fakeCephDir);
    w.setFilesystems(o.filesystems ?? []);
    return w;
  }

  async stop(): Promise<void> {
    await this.juju.stop();
    await this.kube.stop();
    rmSync(this.#tmp, { recursive: true, force: true });
  }

  /** Simulated mode: what `ceph fs ls` reports from now on. */
  setFilesystems(filesystems: CephFilesystem[]): void {
    if (!this.fakeCephDir) return;
    let next = 10;
    const json = filesystems.map((f) => ({
      name: f.name,
      metadata_pool: `${f.name}_metadata`,
      metadata_pool_id: next++,
      data_pool_ids: f.dataPoolIds ?? f.dataPools.map(() => next++),
      data_pools: f.dataPools,
    }));
    writeFileSync(join(this.fakeCephDir, "fs-ls.json"), JSON.stringify(json));
  }

  get monLeader(): string {
    return this.mons[0] as string;
  }

  /** `juju integrate ceph-csi:ceph-client ceph-mon:client`, then ceph-mon answers until quiet. */
  async relateClient(): Promise<HookOutcome[]> {
    const units: Record<string, Bag> = {};
    for (const m of this.mons) units[m] = {};
    const { relationId, outcomes } = await this.juju.relate("ceph-client", "ceph-mon", { units });
    this.clientRel = relationId;
    return [...outcomes, ...(await this.settle())];
  }

  /** `juju integrate ceph-csi:ceph-admin ceph-mon:admin`. */
  async relateAdmin(): Promise<HookOutcome[]> {
    const bags = simulateAdminRelation({ mons: this.mons, backend: this.backend });
    const { relationId, outcomes } = await this.juju.relate("ceph-admin", "ceph-mon", { units: bags });
    this.adminRel = relationId;
    return outcomes;
  }

  /** ceph-mon's side of ceph-client as it would be now, from our units' bags. */
  async monBags(): Promise<Record<string, Bag>> {
    if (this.clientRel === undefined) return {};
    const rel = this.juju.relation(this.clientRel);
    const bags = await simulateClientRelation({
      requirerUnits: rel.localUnitData,
      requirerApp: this.juju.app,
      mons: this.mons,
      leader: this.monLeader,
      backend: this.backend,
      ready: this.monReady,
      ...(this.#opts.rbdFeatures !== undefined ? { rbdFeatures: this.#opts.rbdFeatures } : {}),
    });
    if (!this.brokerAnswers) {
      for (const bag of Object.values(bags)) {
        for (const k of Object.keys(bag)) if (k.startsWith("broker-rsp-") || k === "broker_rsp") delete bag[k];
      }
    }
    return bags;
  }

  /** Let ceph-mon react to what our units wrote, until nobody writes anything new. */
  async settle(maxRounds = 6): Promise<HookOutcome[]> {
    const out: HookOutcome[] = [];
    for (let round = 0; round < maxRounds; round++) {
      if (this.clientRel === undefined) return out;
      const want = await this.monBags();
      const rel = this.juju.relation(this.clientRel);
      let changed = false;
      for (const ru of rel.remoteUnits) {
        const target = want[ru.name] ?? {};
        const diff: Record<string, string | null> = {};
        for (const [k, v] of Object.entries(target)) if (ru.data[k] !== v) diff[k] = v;
        for (const k of Object.keys(ru.data)) if (!(k in target)) diff[k] = null;
        if (Object.keys(diff).length === 0) continue;
        changed = true;
        out.push(...(await this.juju.changeRemoteData(this.clientRel, { unit: ru.name, data: diff })));
      }
      if (!changed) return out;
    }
    return out;
  }

  /** `juju add-unit ceph-mon`: the new mon joins, then publishes its data. */
  async addMon(name: string): Promise<HookOutcome[]> {
    this.mons.push(name);
    const out: HookOutcome[] = [];
    if (this.clientRel !== undefined) {
      out.push(...(await this.juju.addRemoteUnit(this.clientRel, name, {})));
      out.push(...(await this.settle()));
    }
    if (this.adminRel !== undefined) {
      out.push(...(await this.juju.addRemoteUnit(this.adminRel, name, {})));
      const bags = simulateAdminRelation({ mons: this.mons, backend: this.backend });
      for (const m of this.mons) out.push(...(await this.juju.changeRemoteData(this.adminRel, { unit: m, data: bags[m] ?? {} })));
    }
    return out;
  }

  /** `juju remove-unit ceph-mon/N`. */
  async removeMon(name: string): Promise<HookOutcome[]> {
    this.mons.splice(this.mons.indexOf(name), 1);
    const out: HookOutcome[] = [];
    for (const rel of [this.clientRel, this.adminRel]) {
      if (rel !== undefined) out.push(...(await this.juju.departRemoteUnit(rel, name)));
    }
    return out;
  }

  /** Objects currently in the fake cluster of a kind. */
  objects(kind: string): LiveObject[] {
    return this.kube.cluster.all().filter((o) => o["kind"] === kind) as unknown as LiveObject[];
  }
}
