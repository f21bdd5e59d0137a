import { isNamespaced } from "../manifests/kinds.ts";

/**
 * The desired object as sent: cluster-scoped kinds carry no namespace, namespaced ones always
 * one (`namespace`, "" meaning "default"), so desired and live objects have the same identity.
 */
export function normalized<T extends { kind: string; metadata: { namespace?: string } }>(o: T, namespace: string): T {
  const c = structuredClone(o);
  if (!isNamespaced(c.kind)) delete c.metadata.namespace;
  else if (!c.metadata.namespace) c.metadata.namespace = namespace || "default";
  return c;
}
