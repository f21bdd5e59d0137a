/**
 * A simulated ceph-mon application on the provider side of `ceph-client` and `ceph-admin`:
 * given the requirer units' bags, returns each mon unit's bag as ceph-mon would write it.
 * Independent of any fake Juju (only its Bag type): plain data in, plain data out.
 *
 *   const backend = realBackend(ceph);            // or simulatedBackend()
 *   const bags = await simulateClientRelation({
 *     requirerUnits: { "ceph-csi/0": localUnitBag },
 *     mons: ["ceph-mon/0", "ceph-mon/1", "ceph-mon/2"], leader: "ceph-mon/0", backend,
 *   });
 */
import { isIP } from "node:net";
import type { Bag } from "../fake-juju/model.ts";
import type { CephBackend } from "./backend.ts";
import { processBrokerRequest, responseWire } from "./broker.ts";

export interface ClientSimInput {
  /** Requirer unit name → its unit bag (application-name, unit-name, broker_req). */
  requirerUnits: Readonly<Record<string, Readonly<Bag>>>;
  /** Requirer application name as ceph-mon sees it (fallback when application-name is absent). */
  requirerApp?: string;
  mons: readonly string[];
  /** The Ceph-leader mon: the only one that processes broker requests. */
  leader: string;
  backend: CephBackend;
  /** ceph-public-address per mon; default backend.publicAddress for all (several mons may share one). */
  addresses?: Readonly<Record<string, string>>;
  /** Sent as `rbd-features` when set (ceph-mon's default-rbd-features). */
  rbdFeatures?: number;
  /** false: ceph-mon not ready for service (no OSDs yet) → only Juju's address keys. Default true. */
  ready?: boolean;
}

/** Juju's own keys, present in every bag (never to be used as monitor addresses). */
export function jujuAddressKeys(mons: readonly string[], mon: string): Bag {
  const ip = `10.5.0.${11 + mons.indexOf(mon)}`;
  return { "private-address": ip, "ingress-address": ip, "egress-subnets": `${ip}/32` };
}

function responseKey(unitName: string): string {
  return `broker-rsp-${unitName.replaceAll("/", "-")}`;
}

export async function simulateClientRelation(input: ClientSimInput): Promise<Record<string, Bag>> {
  const out: Record<string, Bag> = {};
  for (const mon of input.mons) out[mon] = jujuAddressKeys(input.mons, mon);
  if (input.ready === false) return out;
  const units = Object.keys(input.requirerUnits).sort();
  const leaderBag: Bag = {};
  const keys = new Map<string, string>();
  for (const unit of units) {
    const bag = input.requirerUnits[unit] ?? {};
    const app = bag["application-name"] || input.requirerApp || unit.split("/")[0] || unit;
    if (!keys.has(app)) keys.set(app, await input.backend.getOrCreateKey(app));
    const req = bag["broker_req"];
    if (req) {
      const rsp = await processBrokerRequest(input.backend, req);
      if (rsp) {
        const wire = responseWire(rsp);
        leaderBag[responseKey(bag["unit-name"] || unit)] = wire;
        leaderBag["broker_rsp"] = wire;
      }
    }
  }
  // ceph-mon gives each remote unit the key of *its* application-name; all our units share one.
  const key = [...keys.values()][0];
  for (const mon of input.mons) {
    const bag = out[mon] as Bag;
    if (key !== undefined) {
      bag["auth"] = "cephx";
      bag["key"] = key;
      bag["ceph-public-address"] = input.addresses?.[mon] ?? input.backend.publicAddress;
      if (input.rbdFeatures !== undefined) bag["rbd-features"] = String(input.rbdFeatures);
    }
    if (mon === input.leader) Object.assign(bag, leaderBag);
  }
  return out;
}

export interface AdminSimInput {
  mons: readonly string[];
  backend: CephBackend;
  /** Per mon; default backend.publicAddress. mon_hosts is their sorted union, space-separated. */
  addresses?: Readonly<Record<string, string>>;
  /** false: no quorum yet → only Juju's address keys. */
  ready?: boolean;
}

/** ceph-admin provider bags: fsid, mon_hosts, key (client.admin), auth. */
export function simulateAdminRelation(input: AdminSimInput): Record<string, Bag> {
  const hosts = [...new Set(input.mons.map((m) => input.addresses?.[m] ?? input.backend.publicAddress))]
    .map((a) => (isIP(a) === 6 ? `[${a}]` : a))
    .sort();
  const out: Record<string, Bag> = {};
  for (const mon of input.mons) {
    out[mon] = jujuAddressKeys(input.mons, mon);
    if (input.ready === false) continue;
    Object.assign(out[mon] as Bag, {
      fsid: input.backend.fsid,
      mon_hosts: hosts.join(" "),
      key: input.backend.adminKey,
      auth: "cephx",
    });
  }
  return out;
}

/** MicroCeph's application bag on ceph-client. */
export function microcephAppBag(addresses: readonly string[]): Bag {
  return { "ceph-mon-public-addresses": JSON.stringify(addresses) };
}
