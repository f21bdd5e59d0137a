/**
 * Where Ceph comes from: exactly one of the ceph-client relation (ceph-mon), the ceph relation
 * (a ceph-csi provider such as MicroCeph) or the ceph-external secret (Ceph no Juju manages).
 * Each yields the same access; render and apply do not care which.
 */
import { problem } from "../status/problem.ts";
import type { Draft } from "./draft.ts";
import type { SourceName, SourceOutcome } from "./sources/access.ts";
import { fromCephClient } from "./sources/ceph-client.ts";
import { fromCephCsi } from "./sources/ceph-csi.ts";
import { fromExternal } from "./sources/external.ts";

export type { CephAccess, SourceOutcome } from "./sources/access.ts";

/** `write`: the hook may write relation data and stored state (false for actions). */
export function cephSource(d: Draft, o: { write: boolean }): SourceOutcome {
  const { relations, config } = d.obs;
  const secret = typeof config["ceph-external"] === "string" ? config["ceph-external"].trim() : "";
  const present: SourceName[] = [];
  if (relations["ceph-client"].length > 0) present.push("ceph-client");
  if (relations.ceph.length > 0) present.push("ceph");
  if (secret !== "") present.push("ceph-external");
  if (present.length === 0) {
    d.problems.push(problem("missingClient"));
    return { brokerFailed: false };
  }
  if (present.length > 1) {
    d.problems.push(problem("multipleSources", { sources: present.join(" and ") }));
    return { brokerFailed: false };
  }
  if (present[0] === "ceph-client") return fromCephClient(d, relations["ceph-client"], o);
  if (present[0] === "ceph") return fromCephCsi(d, relations.ceph[0] as (typeof relations.ceph)[number], o);
  return fromExternal(d, secret);
}
