/**
 * The fake model: plain data, deep-cloned whenever it crosses the FakeJuju API boundary.
 * One application (the charm under test) with its units, its relations and side channels.
 */

export type Bag = Record<string, string>;

export interface StatusEntry {
  status: string;
  message: string;
  /** "charm" when set through status-set, "juju" for the agent's automatic statuses. */
  by: "charm" | "juju";
}

export interface UnitState {
  name: string;
  /** Principal unit (subordinate charms), or "" . */
  principal: string;
  address: string;
  storedState: Bag;
  status: StatusEntry;
  statusHistory: StatusEntry[];
  /** True once the charm called status-set (Juju then stops setting `unknown` after start). */
  charmSetStatus: boolean;
  workloadVersion: string;
  /** The hook that failed and left the unit in error, if any (cleared by the next successful hook). */
  hookError: string | null;
  /** Being removed (remove-unit / remove-application): goal-state reports it as "dying". */
  dying?: boolean;
}

export interface RemoteUnitState {
  name: string;
  address: string;
  data: Bag;
}

export interface RelationState {
  id: number;
  endpoint: string;
  interface: string;
  /** Remote application; for a peer relation the own application. */
  remoteApp: string;
  peer: boolean;
  /** "container" relations show each local unit only its principal unit. */
  scope: "global" | "container";
  localAppData: Bag;
  /** Own unit bags, keyed by local unit name (peers: every member's bag lives here). */
  localUnitData: Record<string, Bag>;
  remoteAppData: Bag;
  /** Remote units in scope (empty for peers: the other local units are the remote units). */
  remoteUnits: RemoteUnitState[];
  /** Units that left: gone from relation-list, still readable with relation-get. */
  departedUnits: RemoteUnitState[];
  /** Peer relations: local units that have joined. */
  peerMembers: string[];
}

export interface LogLine {
  unit: string;
  hook: string;
  level: string;
  message: string;
}

export interface ToolCall {
  unit: string;
  /** `hooks/<name>` or `actions/<name>`. */
  hook: string;
  tool: string;
  args: string[];
  stdin: string | undefined;
  exitCode: number;
  stderr: string;
}

export interface ActionRecord {
  id: string;
  unit: string;
  name: string;
  params: Record<string, unknown>;
  results: Record<string, unknown>;
  logs: string[];
  failed: boolean;
  failureMessage: string;
  status: "running" | "completed" | "failed";
}

/** One revision of a secret's content (keys → string values). */
export interface SecretRevision {
  revision: number;
  content: Bag;
}

/** What one consumer unit tracks of a secret (Juju's secret consumer record). */
export interface SecretConsumer {
  /** The revision `secret-get` returns without --peek/--refresh. */
  revision: number;
  /** The consumer's own label (`secret-get <uri> --label L`), "" when none. */
  label: string;
}

/**
 * A user secret (`juju add-secret`): owned by the model, read by the applications it is
 * granted to. The fake's own charm never owns secrets (secret-add etc. are not modelled).
 */
export interface SecretState {
  /** The 20-character xid Juju uses as the secret id. */
  id: string;
  /** `secret:<id>`, what `juju add-secret` prints. */
  uri: string;
  owner: "model";
  /** The name given to `juju add-secret`. */
  name: string;
  description: string;
  /** Oldest first; the last one is the latest revision. */
  revisions: SecretRevision[];
  /** Applications granted read access. */
  grants: string[];
  /** Consumer units that have read it, keyed by unit name. */
  consumers: Record<string, SecretConsumer>;
}

export interface ModelState {
  modelName: string;
  modelUuid: string;
  app: string;
  units: UnitState[];
  leader: string | null;
  /** Options set by the operator (defaults come from the charm's config.yaml). */
  config: Record<string, string | number | boolean>;
  relations: RelationState[];
  leaderSettings: Bag;
  appStatus: StatusEntry;
  appStatusHistory: StatusEntry[];
  logs: LogLine[];
  toolCalls: ToolCall[];
  actions: ActionRecord[];
  /** User secrets (absent in states saved before secrets were modelled: treat as []). */
  secrets?: SecretState[];
  nextRelationId: number;
  nextActionId: number;
}

export function emptyModel(app: string): ModelState {
  return {
    modelName: "test-model",
    modelUuid: "0f4c4a52-3c5e-4b1c-9f53-7b6b3c1a2d9e",
    app,
    units: [],
    leader: null,
    config: {},
    relations: [],
    leaderSettings: {},
    appStatus: { status: "unknown", message: "", by: "juju" },
    appStatusHistory: [],
    logs: [],
    toolCalls: [],
    actions: [],
    secrets: [],
    nextRelationId: 0,
    nextActionId: 1,
  };
}

export function addressBag(address: string): Bag {
  return { "egress-subnets": `${address}/32`, "ingress-address": address, "private-address": address };
}

export function appOf(unit: string): string {
  const slash = unit.indexOf("/");
  return slash < 0 ? unit : unit.slice(0, slash);
}

export function findUnit(m: ModelState, name: string): UnitState {
  const u = m.units.find((x) => x.name === name);
  if (!u) throw new Error(`no unit "${name}" in the fake model`);
  return u;
}

/** The remote units a local unit sees in a relation (in scope, not departed). */
export function visibleRemoteUnits(m: ModelState, rel: RelationState, unit: string): string[] {
  if (rel.peer) return rel.peerMembers.filter((u) => u !== unit);
  const u = m.units.find((x) => x.name === unit);
  const names = rel.remoteUnits.map((r) => r.name);
  if (rel.scope === "container" && u && u.principal !== "") return names.filter((n) => n === u.principal);
  return names;
}
