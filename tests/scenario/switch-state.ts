/**
 * What the Python ceph-csi charm leaves behind, as the state a `juju refresh --switch` starts
 * from: its 19 objects as a real v1.26 API server stored them (reference
 * kube-apiserver/python-charm-objects: managers `ceph-csi-rbd` and `ceph-csi-config`, release
 * v3.9.0, namespace `ceph-csi`, the two Services this charm does not make), its ceph-client unit
 * bag (its broker request, uuid request-id, pools without app-name) and ceph-mon's success answer
 * to it, and no Juju stored state or leader settings (the Python charm keeps its state in
 * `.unit-state.db`, which this charm never reads).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { csiBrokerOps } from "../../src/ceph/broker.ts";
import { pyDumps } from "../../src/ceph/pyjson.ts";
import { simulateClientRelation } from "../harness/ceph-mon-sim/index.ts";
import type { CharmWorld } from "../harness/charm-world.ts";
import type { Cluster } from "../harness/fake-kube/cluster.ts";
import type { JsonObject } from "../harness/fake-kube/json.ts";
import { seedAsApplied } from "../harness/fake-kube/managed-fields.ts";
import type { RelationState } from "../harness/fake-juju/model.ts";
import { SIM_FSID, Sim, type Snapshot } from "../harness/in-process/sim.ts";
import { assertAllOk } from "./states.ts";

const REFERENCE = join(dirname(fileURLToPath(import.meta.url)), "../../../shared/reference/kube-apiserver/python-charm-objects");
/** The fsid in the reference objects (the Sim's Ceph has its own). */
const REFERENCE_FSID = "6d1c7a2e-3b4f-4c5d-8e9f-0a1b2c3d4e5f";

/** A cephx-shaped key for both worlds compared (a fresh install and a switch). */
export const SWITCH_KEY = "AQAIOTxnAAAAABAAa7S7GqybaYcmjRlglhO9Pg==";
/** The Python charm's config that carries over (the reference objects' namespace and replicas). */
export const PYTHON_CONFIG = { namespace: "ceph-csi", "provisioner-replicas": 1 } as const;
/** charmhelpers' uuid1 request-id, as the Python charm's pinned library makes it. */
export const PYTHON_REQUEST_ID = "5c9d1e2a-b4f3-11ef-9a7c-00163e5b7c21";

/**
 * The Python charm's `broker_req` (Python json.dumps separators), per ceph-csi-operator.md §5:
 * this charm's ops with the pool options its pinned library leaves unset (no app-name, no weight,
 * no crush profile) and a uuid request-id.
 */
export function pythonBrokerReq(app = "ceph-csi"): string {
  const ops = csiBrokerOps(app).map((op) => {
    if (op["op"] !== "create-pool") return op;
    const { "crush-profile": _crush, ...rest } = op;
    return { ...rest, "app-name": null, weight: null };
  });
  return pyDumps({ "api-version": 1, ops, "request-id": PYTHON_REQUEST_ID });
}

/** The reference objects, with the Sim's fsid; Secrets carry `stringData` (what their manager applied). */
export function pythonObjects(fsid = SIM_FSID): JsonObject[] {
  return readdirSync(REFERENCE)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const o = JSON.parse(readFileSync(join(REFERENCE, f), "utf8").replaceAll(REFERENCE_FSID, fsid)) as JsonObject;
      if (o["kind"] === "Secret" && typeof o["data"] === "object" && o["data"] !== null) {
        o["stringData"] = Object.fromEntries(Object.entries(o["data"] as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]));
        delete o["data"];
      }
      return o;
    });
}

export interface PythonWorldOptions {
  /** ceph-mon answers new broker requests (default false: only the Python charm's answer stands). */
  brokerAnswers?: boolean;
  config?: Record<string, string | number | boolean>;
  /** Units of the application (default 1). */
  units?: number;
  /** Changes the reference objects before they are stored (another config of the Python charm). */
  edit?: (o: JsonObject) => void;
}

/** A world (in-process or processes) whose cluster the test can seed. */
export type SwitchableWorld = CharmWorld & { kube: { cluster: Cluster } };

/**
 * Makes a deployed world (one unit, no ceph-client relation yet) hold what the Python charm
 * left: its objects, its relation data and ceph-mon's answer, no stored state or leader settings.
 */
export async function leavePythonCharmState(s: SwitchableWorld, o: PythonWorldOptions = {}): Promise<void> {
  const app = s.juju.app;
  s.kube.cluster.seed({ apiVersion: "v1", kind: "Namespace", metadata: { name: "ceph-csi" } }, app);
  for (const obj of pythonObjects()) {
    o.edit?.(obj);
    seedAsApplied(s.kube.cluster, obj);
  }

  const st = s.juju.state;
  if (st.units.length === 0) throw new Error("no unit");
  const local: Record<string, Record<string, string>> = {};
  for (const unit of st.units) {
    unit.storedState = {};
    unit.status = { status: "active", message: "Ready", by: "charm" };
    unit.workloadVersion = "v0,v3.9.0";
    local[unit.name] = { "application-name": app, "unit-name": unit.name, broker_req: pythonBrokerReq(app), "private-address": unit.address, "ingress-address": unit.address, "egress-subnets": `${unit.address}/32` };
  }
  st.leaderSettings = {};
  st.appStatus = { status: "active", message: "Versions: config=v0, rbd=v3.9.0", by: "charm" };
  const bags = await simulateClientRelation({ requirerUnits: local, requirerApp: app, mons: s.mons, leader: s.monLeader, backend: s.backend, ready: true });
  const id = st.nextRelationId++;
  const rel: RelationState = {
    id,
    endpoint: "ceph-client",
    interface: "ceph-client",
    remoteApp: "ceph-mon",
    peer: false,
    scope: "global",
    localAppData: {},
    localUnitData: local,
    remoteAppData: {},
    remoteUnits: s.mons.map((m, i) => ({ name: m, address: `10.1.${id}.${10 + i}`, data: bags[m] ?? {} })),
    departedUnits: [],
    peerMembers: [],
  };
  st.relations.push(rel);
  s.juju.setState(st);
  s.clientRel = id;
  s.brokerAnswers = o.brokerAnswers ?? false;
}

/** A Sim holding what the Python charm left: objects, relation data, no stored state. */
export async function pythonCharmWorld(o: PythonWorldOptions = {}): Promise<Sim> {
  const s = await Sim.create({ clientKey: SWITCH_KEY, config: { ...PYTHON_CONFIG, ...o.config } });
  assertAllOk(await s.juju.deploy(o.units ?? 1));
  await leavePythonCharmState(s, o);
  return s;
}

/** The same, as a snapshot. */
export async function pythonCharmLeft(o: PythonWorldOptions = {}): Promise<Snapshot> {
  return (await pythonCharmWorld(o)).snapshot();
}
