/**
 * MicroCeph on the far side of a FakeJuju relation: `relate` integrates the charm's endpoint
 * with a `microceph` application, then the provider answers what the charm's units wrote
 * (their unit bags, e.g. `workloads`) in its application bag, until nothing changes.
 *
 *   const mc = new MicroCephProvider(realMicroCeph(ceph));
 *   const rel = new MicroCephRelation(juju, mc, { endpoint: "ceph" });
 *   await rel.relate();                       // relation-created/joined/changed …, then answers
 *   await rel.removeRequirerUnit("ceph-csi/1");   // the unit leaves; MicroCeph deletes client.csi-<app> (!)
 *   await rel.settle();                       // its next relation-changed answers with a new key
 */
import type { FakeJuju, HookOutcome } from "../fake-juju/fake-juju.ts";
import type { Bag } from "../fake-juju/model.ts";
import type { MicroCephProvider, ServeResult } from "./provider.ts";

export interface MicroCephRelationOptions {
  /** The charm's endpoint related to MicroCeph's `ceph-csi`. */
  endpoint: string;
  /** MicroCeph's application name (default `microceph`). */
  remoteApp?: string;
  /** MicroCeph's units (default `microceph/0`). */
  units?: string[];
}

export class MicroCephRelation {
  readonly juju: FakeJuju;
  readonly provider: MicroCephProvider;
  readonly #o: MicroCephRelationOptions;
  relationId: number | undefined;
  /** What the provider did on its last turn. */
  last: ServeResult | undefined;

  constructor(juju: FakeJuju, provider: MicroCephProvider, o: MicroCephRelationOptions) {
    this.juju = juju;
    this.provider = provider;
    this.#o = o;
  }

  /** `juju integrate <app>:<endpoint> microceph:ceph-csi`, then MicroCeph answers until quiet. */
  async relate(): Promise<HookOutcome[]> {
    const units: Record<string, Bag> = {};
    for (const u of this.#o.units ?? [`${this.#o.remoteApp ?? "microceph"}/0`]) units[u] = {};
    const { relationId, outcomes } = await this.juju.relate(this.#o.endpoint, this.#o.remoteApp ?? "microceph", { units });
    this.relationId = relationId;
    return [...outcomes, ...(await this.settle())];
  }

  /**
   * MicroCeph's relation-changed turn: it reads the charm's unit bags and, when it answers,
   * updates its application bag; the charm's units then get relation-changed. Repeats while
   * the answer changes (at most `maxRounds`).
   */
  async settle(maxRounds = 4): Promise<HookOutcome[]> {
    const out: HookOutcome[] = [];
    for (let round = 0; round < maxRounds && this.relationId !== undefined; round++) {
      const rel = this.juju.relation(this.relationId);
      this.last = await this.provider.relationChanged(this.juju.app, rel.localUnitData);
      const want = this.provider.appBag(this.juju.app);
      const diff: Record<string, string | null> = {};
      for (const [k, v] of Object.entries(want)) if (rel.remoteAppData[k] !== v) diff[k] = v;
      if (Object.keys(diff).length === 0) return out;
      out.push(...(await this.juju.changeRemoteData(this.relationId, { data: diff })));
    }
    return out;
  }

  /**
   * `juju remove-unit <unit>` (scale-in): the charm's unit departs and breaks the relation, stops
   * and is removed; on the other side MicroCeph's leader runs ceph-csi-relation-departed for it,
   * which deletes client.csi-<app> (!). The remaining units keep the dead key until MicroCeph's
   * next turn (`settle()`). Answers the charm's hook outcomes.
   */
  async removeRequirerUnit(unit: string): Promise<HookOutcome[]> {
    const outcomes = await this.juju.removeUnit(unit);
    if (this.relationId !== undefined) await this.provider.relationDeparted(this.juju.app);
    return outcomes;
  }

  /**
   * MicroCeph's side of a charm unit leaving, alone (no unit is removed): its leader runs
   * relation-departed and deletes the user. `removeRequirerUnit` does both sides.
   */
  async requirerUnitDeparted(): Promise<void> {
    await this.provider.relationDeparted(this.juju.app);
  }

  /** `juju remove-relation`: the charm's units depart and break; MicroCeph deletes the user. */
  async unrelate(): Promise<HookOutcome[]> {
    if (this.relationId === undefined) return [];
    const out = await this.juju.unrelate(this.relationId);
    await this.provider.relationDeparted(this.juju.app);
    this.relationId = undefined;
    return out;
  }
}
