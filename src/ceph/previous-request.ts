/**
 * The Python charm's broker request, recognized after a switch. Pure.
 *
 * The Python ceph-csi charm asks ceph-mon for the same two RBD pools and the same caps for the
 * same user (client.<app>), with other pool options and a uuid request-id. After `juju refresh
 * --switch` its `broker_req` is still in this unit's bag and ceph-mon's answer to it in the mon's
 * bag. When that answer is a success and the request covers what this charm needs, the pools
 * and the user exist: the charm can render and apply at once, while ceph-mon has not answered
 * the request this charm sends beside it.
 */
import type { Bag } from "./bags.ts";
import { CSI_KEY_PERMISSIONS, parseRequestId, succeededRequestIds } from "./broker.ts";
import { RBD_POOLS } from "./names.ts";

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/**
 * A successful answer to this unit for a request that is not `ourRequestId`'s ops: the request-id
 * it answers, or undefined.
 */
export function foreignCompletion(unitName: string, remoteUnits: Readonly<Record<string, Bag>>, ourRequestId: string): string | undefined {
  const ours = parseRequestId(ourRequestId).baseId;
  return succeededRequestIds(unitName, remoteUnits).find((id) => parseRequestId(id).baseId !== ours);
}

/**
 * Whether `brokerReq` (a `broker_req` value) is request `requestId` and creates the pools and
 * sets the caps this charm needs for `app`'s user.
 */
export function previousRequestCovers(brokerReq: string | undefined, requestId: string, app: string): boolean {
  if (!brokerReq) return false;
  let v: unknown;
  try {
    v = JSON.parse(brokerReq);
  } catch {
    return false;
  }
  if (!isObj(v) || v["request-id"] !== requestId || !Array.isArray(v["ops"])) return false;
  const ops = v["ops"].filter(isObj);
  const pools = new Set(ops.filter((o) => o["op"] === "create-pool" && typeof o["name"] === "string").map((o) => o["name"] as string));
  const caps = ops.find((o) => o["op"] === "set-key-permissions" && o["client"] === app);
  const permissions = caps?.["permissions"];
  return (
    pools.has(RBD_POOLS.xfs) &&
    pools.has(RBD_POOLS.ext4) &&
    Array.isArray(permissions) &&
    permissions.length === CSI_KEY_PERMISSIONS.length &&
    permissions.every((p, i) => p === CSI_KEY_PERMISSIONS[i])
  );
}
