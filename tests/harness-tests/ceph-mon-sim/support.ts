/**
 * Requests written the way charm-helpers' CephBrokerRq writes them (a Python float weight, the
 * request-id as given), and the bags a requirer unit sends. Independent of the charm's code.
 */
import { type CephBackend, simulateClientRelation } from "../../harness/ceph-mon-sim/index.ts";

/** `add_op_create_replicated_pool(name, replica_count=3, app_name="rbd", weight=40)`, as JSON text. */
export function createPoolOp(name: string, extra = ""): string {
  return `{"op": "create-pool", "name": ${JSON.stringify(name)}, "replicas": 3, "pg_num": null, "app-name": "rbd", "weight": 40.0${extra}}`;
}

export function setKeyPermissionsOp(client: string, permissions: readonly string[]): string {
  return JSON.stringify({ op: "set-key-permissions", permissions, client });
}

/** A `broker_req` value from ops given as JSON texts. */
export function brokerReq(id: string, ops: readonly string[], version = "1"): string {
  return `{"api-version": ${version}, "ops": [${ops.join(", ")}], "request-id": ${JSON.stringify(id)}}`;
}

/** One requirer unit `<app>/0` sends `req`; the single mon (also the Ceph leader) answers. Returns its bag. */
export async function answer(backend: CephBackend, app: string, req: string | undefined): Promise<Record<string, string>> {
  const unit = `${app}/0`;
  const bag: Record<string, string> = { "application-name": app, "unit-name": unit };
  if (req !== undefined) bag["broker_req"] = req;
  const bags = await simulateClientRelation({ requirerUnits: { [unit]: bag }, mons: ["ceph-mon/0"], leader: "ceph-mon/0", backend });
  return bags["ceph-mon/0"] ?? {};
}

/** The parsed `broker-rsp-<app>-0` answer. */
export function responseOf(bag: Record<string, string>, app: string): Record<string, unknown> {
  const raw = bag[`broker-rsp-${app}-0`];
  if (raw === undefined) throw new Error(`no broker-rsp-${app}-0 in ${Object.keys(bag).join(",")}`);
  return JSON.parse(raw) as Record<string, unknown>;
}
