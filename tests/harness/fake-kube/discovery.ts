/**
 * API discovery documents: the legacy ones (`/api`, `/api/v1`, `/apis`, `/apis/<g>`,
 * `/apis/<g>/<v>`) and aggregated discovery (apidiscovery.k8s.io/v2, one answer for `/api` or
 * `/apis`), which kubectl and client-go ask for first through the Accept header.
 */
import { groupVersion, KINDS, type KindInfo, kindsOf, type Served } from "./kinds.ts";

const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

/** The media type of aggregated discovery; its answer's Content-Type must say exactly this. */
export const AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

/** True when the Accept header lists aggregated discovery v2 (v2beta1 alone is not served: clients fall back). */
export function wantsAggregated(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(",").some((part) => {
    const [type, ...params] = part.split(";").map((s) => s.trim());
    if (type !== "application/json") return false;
    const p = Object.fromEntries(params.map((x) => x.split("=").map((s) => s.trim()) as [string, string]));
    return p["g"] === "apidiscovery.k8s.io" && p["v"] === "v2" && p["as"] === "APIGroupDiscoveryList";
  });
}

function groups(served: Served): string[] {
  return [...new Set(KINDS.filter((k) => k.group !== "" && served(k)).map((k) => k.group))];
}

function versionsOf(group: string, served: Served): string[] {
  return [...new Set(KINDS.filter((k) => k.group === group && served(k)).map((k) => k.version))];
}

export function hasGroupVersion(group: string, version: string, served: Served): boolean {
  return kindsOf(group, version, served).length > 0;
}

/** `/api` */
export function coreVersions(): object {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1" }] };
}

function groupEntry(name: string, served: Served): object {
  const versions = versionsOf(name, served).map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions, preferredVersion: versions[0] };
}

/** `/apis` */
export function groupList(served: Served): object {
  return { kind: "APIGroupList", apiVersion: "v1", groups: groups(served).map((g) => groupEntry(g, served)) };
}

/** `/apis/<group>`, or undefined when the group is not served. */
export function apiGroup(group: string, served: Served): object | undefined {
  return groups(served).includes(group) ? { kind: "APIGroup", apiVersion: "v1", ...groupEntry(group, served) } : undefined;
}

/** `/api/v1` or `/apis/<group>/<version>` */
export function resourceList(group: string, version: string, served: Served): object {
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group === "" ? version : `${group}/${version}`,
    resources: kindsOf(group, version, served).map((k) => ({
      name: k.plural,
      singularName: k.singular,
      namespaced: k.namespaced,
      kind: k.kind,
      verbs: VERBS,
      ...(k.shortNames ? { shortNames: k.shortNames } : {}),
      ...(k.categories ? { categories: k.categories } : {}),
    })),
  };
}

function resourceDiscovery(k: KindInfo): object {
  return {
    resource: k.plural,
    responseKind: { group: k.group, version: k.version, kind: k.kind },
    scope: k.namespaced ? "Namespaced" : "Cluster",
    singularResource: k.singular,
    verbs: VERBS,
    ...(k.shortNames ? { shortNames: k.shortNames } : {}),
    ...(k.categories ? { categories: k.categories } : {}),
  };
}

function groupDiscovery(group: string, served: Served): object {
  return {
    metadata: { name: group, creationTimestamp: null },
    versions: versionsOf(group, served).map((version) => ({
      version,
      resources: kindsOf(group, version, served).map(resourceDiscovery),
      freshness: "Current",
    })),
  };
}

/** Aggregated discovery: `/api` (the core group, named "") or `/apis` (every other group). */
export function aggregated(core: boolean, served: Served): object {
  return {
    kind: "APIGroupDiscoveryList",
    apiVersion: "apidiscovery.k8s.io/v2",
    metadata: {},
    items: (core ? [""] : groups(served)).map((g) => groupDiscovery(g, served)),
  };
}

/** Every group/version served, as `/openapi/v3` and `/openapi/v2` describe them. */
export function servedGroupVersions(served: Served): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const k of KINDS) if (served(k)) seen.set(groupVersion(k), { group: k.group, version: k.version });
  return [...seen.values()];
}
