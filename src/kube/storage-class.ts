/** The delete-storage-class action's Kubernetes side. */
import { LABEL_APP } from "../manifests/types.ts";
import type { KubeClient } from "./client.ts";

export type DeleteStorageClassResult =
  | { outcome: "deleted"; message: string }
  | { outcome: "not-found"; message: string }
  | { outcome: "not-owned"; message: string };

/**
 * Deletes StorageClass `name`. With `app`, refuses a class not labelled for that application.
 * Existing volumes are not affected (a PV keeps working without its class). Throws KubeError.
 */
export async function deleteStorageClass(client: KubeClient, name: string, app?: string): Promise<DeleteStorageClassResult> {
  const ref = { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", name };
  const live = await client.get(ref);
  if (!live) return { outcome: "not-found", message: `StorageClass ${name} not found` };
  const owner = live.metadata.labels?.[LABEL_APP];
  if (app !== undefined && owner !== app) {
    return { outcome: "not-owned", message: `StorageClass ${name} is not managed by ${app}${owner ? ` (it belongs to ${owner})` : ""}` };
  }
  const gone = await client.delete(ref);
  return gone ? { outcome: "deleted", message: `StorageClass ${name} deleted` } : { outcome: "not-found", message: `StorageClass ${name} not found` };
}
