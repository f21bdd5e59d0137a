import { isNamespaced } from "../manifests/kinds.ts";

const seen = new WeakMap<object, Map<string, unknown>>();

/**
 * The desired object as sent: cluster-scoped kinds carry no namespace, namespaced ones always
 * one (`namespace`, "" meaning "default"), so desired and live objects have the same identity.
 * Desired objects are never changed once rendered: the result is kept per object and namespace.
 */
export function normalized<T extends { kind: string; metadata: { namespace?: string } }>(o: T, namespace: string): T {
  let byNs = seen.get(o);
  if (byNs === undefined) {
    byNs = new Map();
    seen.set(o, byNs);
  }
  const known = byNs.get(namespace);
  if (known !== undefined) return known as T;
  const c = structuredClone(o);
  if (!isNamespaced(c.kind)) delete c.metadata.namespace;
  else if (!c.metadata.namespace) c.metadata.namespace = namespace || "default";
  byNs.set(namespace, c);
  return c;
}
