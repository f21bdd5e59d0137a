/** Naming objects: `Kind/[ns/]name` for humans, a group-qualified key for matching. */

import { groupOf, isNamespaced } from "../manifests/kinds.ts";
import type { KubeObject } from "../manifests/types.ts";

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export function refOf(o: KubeObject): ObjectRef {
  const ns = isNamespaced(o.kind) ? o.metadata.namespace : undefined;
  return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, ...(ns ? { namespace: ns } : {}) };
}

/** `Kind/ns/name` for namespaced objects, `Kind/name` otherwise. */
export function describe(r: ObjectRef | KubeObject): string {
  const ref = "metadata" in r ? refOf(r) : r;
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

/** Identity independent of the API version: group, kind, namespace, name. */
export function keyOf(r: ObjectRef | KubeObject): string {
  const ref = "metadata" in r ? refOf(r) : r;
  return `${groupOf(ref.apiVersion)}|${ref.kind}|${ref.namespace ?? ""}|${ref.name}`;
}
