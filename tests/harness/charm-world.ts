/**
 * What every test world shares: the fake Juju environment with the charm deployed in it, and a
 * simulated ceph-mon on the other side of ceph-client and ceph-admin, answering from a backend
 * (a real Ceph cluster, or an in-memory one). World (processes) and Sim (in-process) extend it.
 */
import { type CephBackend, simulateAdminRelation, simulateClientRelation } from "./ceph-mon-sim/index.ts";
import type { FakeFilesystem } from "./fake-ceph/memory.ts";
import type { FakeJuju, HookOutcome } from "./fake-juju/fake-juju.ts";
import type { Bag } from "./fake-juju/model.ts";

/** A filesystem as `ceph fs ls` reports it (pool ids invented when not given). */
export type CephFilesystem = FakeFilesystem;

/** A live object as the fake API stores it. */
export interface LiveObject {
  kind: string;
  metadata: { name: string; namespace?: string; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [k: string]: unknown;
}

/** The ceph-mon units a world starts with. */
export const DEFAULT_MONS: readonly string[] = ["ceph-mon/0", "ceph-mon/1", "ceph-mon/2"];

export interface MonSideState {
  mons: string[];
  clientRel: number | undefined;
  adminRel: number | undefined;
  monReady: boolean;
  brokerAnswers: boolean;
  rbdFeatures: number | undefined;
}

export abstract class CharmWorld {
  abstract readonly juju: FakeJuju;
  abstract readonly backend: CephBackend;
  mons: string[];
  clientRel: number | undefined;
  adminRel: number | undefined;
  /** false: ceph-mon is not ready for service (no OSDs) and publishes nothing on ceph-client. */
  monReady = true;
  /** false: the Ceph-leader mon has not processed broker requests yet (no broker-rsp-* keys). */
  brokerAnswers = true;
  rbdFeatures: number | undefined;

  protected constructor(o: { mons?: string[]; rbdFeatures?: number | undefined }) {
    this.mons = [...(o.mons ?? DEFAULT_MONS)];
    this.rbdFeatures = o.rbdFeatures;
  }

  /** Objects currently in the fake cluster of a kind. */
  abstract objects(kind: string): LiveObject[];
  /** What `ceph fs ls` reports from now on. */
  abstract setFilesystems(filesystems: CephFilesystem[]): void;

  protected monSide(): MonSideState {
    const { mons, clientRel, adminRel, monReady, brokerAnswers, rbdFeatures } = this;
    return { mons: [...mons], clientRel, adminRel, monReady, brokerAnswers, rbdFeatures };
  }

  protected restoreMonSide(s: MonSideState): void {
    Object.assign(this, { ...s, mons: [...s.mons] });
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
      ...(this.rbdFeatures !== undefined ? { rbdFeatures: this.rbdFeatures } : {}),
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
}
