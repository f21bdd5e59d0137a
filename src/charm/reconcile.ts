/**
 * The one path every hook takes: gather → model → ceph → render → apply → status.
 * The event only adds a few steps (apt on install/upgrade, purge on removal).
 * Problems are collected, never thrown: the status comes from src/status.ts.
 */
import { rm } from "node:fs/promises";
import { type AdminRelationData, parseAdminRelation } from "../ceph/admin-relation.ts";
import { installCephCommon } from "../ceph/apt.ts";
import { cephCli } from "../ceph/cli.ts";
import { type ClientRelationData, parseClientRelation, selectClientRelation } from "../ceph/client-relation.ts";
import { assembleCluster, type CephCluster, type CephFilesystem } from "../ceph/cluster.ts";
import { confDir, writeConf } from "../ceph/conf.ts";
import { parseConfig } from "../config/parse.ts";
import type { CharmConfig } from "../config/options.ts";
import {
  applicationVersionSet,
  goalState,
  type HookToolRunner,
  isLeader,
  type JujuEvent,
  jujuLog,
  leaderGet,
  leaderSet,
  relationSet,
  stateDelete,
  stateSet,
  statusSet,
} from "../juju/index.ts";
import { render } from "../manifests/render.ts";
import type { KubeObject, Problem } from "../manifests/types.ts";
import { decideStatus, MESSAGES, sanitizeMessage, type UnitStatus } from "../status.ts";
import { brokerStep } from "./broker-step.ts";
import { gatherInputs, type Inputs, kubeletDir } from "./inputs.ts";
import { KEYS, StoredState } from "./stored.ts";

export interface HookDeps {
  runner: HookToolRunner;
  event: JujuEvent;
  /** is-leader and state-get, when the entry point already read them. */
  prefetched?: { leader: boolean; stored: Record<string, string> };
  /** Lazily loads the Kubernetes side (keeps @kubernetes/client-node out of hooks that need no API). */
  kube: () => Promise<typeof import("../kube/index.ts")>;
}

/** What the model step found: the cluster and config to render, or the problems in the way. */
export interface Prepared {
  inputs: Inputs;
  stored: StoredState;
  problems: Problem[];
  warnings: string[];
  config?: CharmConfig;
  client?: ClientRelationData;
  admin?: AdminRelationData | undefined;
  /** ceph-mon rejected our broker request: it is sent again on a periodic hook. */
  brokerFailed?: boolean;
}

const INSTALL_HOOKS = new Set(["install", "upgrade-charm"]);

function log(deps: HookDeps, message: string, level: "INFO" | "WARNING" = "INFO"): Promise<void> {
  return jujuLog(deps.runner, level, sanitizeMessage(message, 8000));
}

/** Config, relations and broker: everything every unit evaluates, with no Ceph CLI or API call. */
export async function prepare(deps: HookDeps, o: { writeRelations: boolean }): Promise<Prepared> {
  const { event, runner } = deps;
  const inputs = await gatherInputs(runner, event, deps.prefetched);
  const stored = new StoredState(inputs.stored);
  const problems: Problem[] = [];
  const prepared: Prepared = { inputs, stored, problems, warnings: [] };

  const cfg = parseConfig(inputs.rawConfig);
  if (cfg.ok) prepared.config = cfg.config;
  else problems.push(cfg.problem);

  const selected = selectClientRelation(inputs.client);
  if (!selected.ok) {
    problems.push(selected.problem);
    return prepared;
  }
  const relation = selected.value;
  const step = brokerStep({ app: event.appName, unitName: event.unitName, hook: event.name, relation, stored });
  if (o.writeRelations && Object.keys(step.writes).length > 0) {
    await relationSet(runner, { relId: relation.id, data: step.writes });
  }
  const client = parseClientRelation({ units: relation.units, app: relation.app, appName: relation.remoteApp });
  if (!client.ok) problems.push(client.problem);
  else prepared.client = client.value;
  if (step.evaluation.state !== "complete") problems.push(step.evaluation.problem);
  prepared.brokerFailed = step.evaluation.state === "failed";

  for (const admin of inputs.admin.slice(0, 1)) {
    const parsed = parseAdminRelation(admin.units);
    if (!parsed.ok) problems.push(parsed.problem);
    else prepared.admin = parsed.value;
  }
  if (prepared.config && inputs.leader) {
    const frozen = await frozenProblem(deps, prepared.config, stored);
    if (frozen) problems.push(frozen);
  }
  return prepared;
}

/** namespace and csidriver-name-formatter are fixed once deployed (CSIDriver names and PV references depend on them). */
async function frozenProblem(deps: HookDeps, config: CharmConfig, stored: StoredState): Promise<Problem | undefined> {
  let ns = stored.get(KEYS.namespace);
  let drv = stored.get(KEYS.drivername);
  if (ns === undefined || drv === undefined) {
    const settings = await leaderGet(deps.runner);
    ns = settings[KEYS.namespace];
    drv = settings[KEYS.drivername];
    if (ns !== undefined) stored.set(KEYS.namespace, ns);
    if (drv !== undefined) stored.set(KEYS.drivername, drv);
  }
  if (ns !== undefined && ns !== config.namespace) return { status: "blocked", message: MESSAGES.namespaceFrozen };
  if (drv !== undefined && drv !== config["csidriver-name-formatter"]) return { status: "blocked", message: MESSAGES.drivernameFrozen };
  return undefined;
}

async function freeze(deps: HookDeps, config: CharmConfig, stored: StoredState): Promise<void> {
  if (stored.get(KEYS.namespace) === config.namespace && stored.get(KEYS.drivername) === config["csidriver-name-formatter"]) return;
  await leaderSet(deps.runner, { [KEYS.namespace]: config.namespace, [KEYS.drivername]: config["csidriver-name-formatter"] });
  stored.set(KEYS.namespace, config.namespace);
  stored.set(KEYS.drivername, config["csidriver-name-formatter"]);
}

/** The Ceph CLI part (leader): private conf, fsid, filesystems and their `csi` subvolume groups. */
export async function clusterModel(deps: HookDeps, p: Prepared, client: ClientRelationData, config: CharmConfig): Promise<CephCluster | Problem> {
  const { event } = deps;
  const conf = await writeConf(event.charmDir, {
    monitors: client.monitors,
    auth: client.auth,
    user: event.appName,
    key: client.key,
    adminKey: p.admin?.key,
  });
  if (!conf.ok) return conf.problem;
  const cli = cephCli({ conf: conf.value, asAdmin: p.admin !== undefined });
  const monitorsKey = client.monitors.join(",");
  let fsid = p.admin?.fsid;
  if (fsid === undefined) {
    const [forMonitors, cached] = (p.stored.get(KEYS.fsid) ?? "").split(" ");
    if (forMonitors === monitorsKey && cached) fsid = cached;
  }
  if (fsid === undefined) {
    const r = await cli.fsid();
    if (!r.ok) return r.problem;
    fsid = r.value;
  }
  p.stored.set(KEYS.fsid, `${monitorsKey} ${fsid}`);
  let filesystems: CephFilesystem[] = [];
  if (config["cephfs-enable"]) {
    const r = await cli.fsLs();
    if (!r.ok) return r.problem;
    filesystems = r.value;
    const ensured = new Set<string>(JSON.parse(p.stored.get(KEYS.fsEnsured) ?? "[]") as string[]);
    for (const fs of filesystems) {
      if (ensured.has(fs.name)) continue;
      const g = await cli.ensureSubvolumeGroup(fs.name);
      if (!g.ok) return g.problem;
      ensured.add(fs.name);
    }
    p.stored.set(KEYS.fsEnsured, JSON.stringify([...ensured].sort()));
  }
  return assembleCluster(event.appName, client, fsid, filesystems);
}

/** Desired objects for this hook, or the problem that prevents knowing them (then nothing may be deleted). */
export async function desiredObjects(deps: HookDeps, p: Prepared): Promise<{ objects: KubeObject[]; config: CharmConfig } | undefined> {
  if (p.problems.length > 0 || !p.config || !p.client) return undefined;
  const cluster = await clusterModel(deps, p, p.client, p.config);
  if ("status" in cluster) {
    p.problems.push(cluster);
    return undefined;
  }
  const rendered = render({ app: deps.event.appName, config: p.config, cluster, kubeletDir: kubeletDir(p.inputs) });
  if (!rendered.ok) {
    p.problems.push(rendered.problem);
    return undefined;
  }
  p.warnings.push(...rendered.warnings);
  return { objects: rendered.objects, config: p.config };
}

/** Apply (leader): converge, then report workloads that are not available. */
async function apply(deps: HookDeps, p: Prepared, objects: KubeObject[], config: CharmConfig): Promise<void> {
  const kube = await deps.kube();
  const conn = kube.connect();
  if (!conn.ok) {
    p.problems.push(conn.problem);
    return;
  }
  const logs: string[] = [];
  const report = await kube.converge(conn.client, objects, {
    app: deps.event.appName,
    createNamespace: config["create-namespace"],
    namespace: config.namespace,
    log: (m) => logs.push(m),
  });
  // One log line per hook that changed something (juju-log calls are hook-tool calls too).
  if (logs.length > 0) await log(deps, `Kubernetes: ${logs.join("; ")}`);
  if (report.problem) {
    p.problems.push(report.problem);
    return;
  }
  await freeze(deps, config, p.stored);
  p.stored.set(KEYS.applied, "1");
  const notReady = await kube.readiness(conn.client, objects, report.current).catch((e: unknown) => [kube.apiProblem(e).message]);
  if (notReady.length > 0) p.problems.push({ status: "waiting", message: notReady.join(", ") });
}

/** apt on install and upgrade-charm; after a failure, again on the next config-changed or update-status. */
const APT_RETRY_HOOKS = new Set(["config-changed", "update-status"]);

async function ensureCephCommon(deps: HookDeps, p: Prepared): Promise<void> {
  const failedBefore = p.stored.get(KEYS.aptFailed) !== undefined;
  if (!INSTALL_HOOKS.has(deps.event.name) && !(failedBefore && APT_RETRY_HOOKS.has(deps.event.name))) {
    // Without the Ceph CLI nothing else can work: this problem comes first.
    if (failedBefore) p.problems.unshift({ status: "blocked", message: MESSAGES.aptFailed });
    return;
  }
  await transient(deps, p.stored, MESSAGES.installing);
  const apt = await installCephCommon();
  if (apt.ok) {
    p.stored.set(KEYS.aptFailed, undefined);
    return;
  }
  p.stored.set(KEYS.aptFailed, "1");
  p.problems.unshift(apt.problem);
  if (apt.detail) await log(deps, `apt-get: ${apt.detail}`, "WARNING");
}

// ------------------------------------------------------------------ removal --

type Removal = "none" | "unit" | "application";

/**
 * Does this hook remove the whole application's CSI? The last unit's stop/remove, or the
 * ceph-client relation broken for good (not because this unit is being removed while others stay).
 */
async function removalKind(deps: HookDeps): Promise<Removal> {
  const { event } = deps;
  const stopping = event.name === "stop" || event.name === "remove";
  const clientBroken = event.name === "ceph-client-relation-broken";
  if (!stopping && !clientBroken) return "none";
  const goal = await goalState(deps.runner);
  const dying = (u: string) => goal.units[u]?.status === "dying";
  const othersStay = Object.keys(goal.units).some((u) => u !== event.unitName && !dying(u));
  const meDying = stopping || dying(event.unitName);
  if (meDying && othersStay) return "unit";
  return "application";
}

async function purgeAll(deps: HookDeps, stored?: StoredState): Promise<Problem | undefined> {
  await transient(deps, stored, MESSAGES.removing);
  const kube = await deps.kube();
  const conn = kube.connect();
  if (!conn.ok) return conn.problem;
  try {
    const report = await kube.purge(conn.client, deps.event.appName, {});
    await log(deps, `Removed ${report.deleted.length} Kubernetes objects; pools xfs-pool and ext4-pool and the cephx user stay in Ceph`);
    return undefined;
  } catch (e) {
    return kube.apiProblem(e);
  }
}

// ------------------------------------------------------------------- status --

/** A maintenance status while something slow runs; the hook's final status is then always set. */
async function transient(deps: HookDeps, stored: StoredState | undefined, message: string): Promise<void> {
  await statusSet(deps.runner, "maintenance", message);
  stored?.set(KEYS.unitStatus, undefined);
}

async function setStatus(deps: HookDeps, p: Prepared, status: UnitStatus, version: string | undefined): Promise<void> {
  const { runner } = deps;
  const unitText = `${status.status}\n${status.message}`;
  if (p.stored.get(KEYS.unitStatus) !== unitText) {
    await statusSet(runner, status.status, status.message);
    p.stored.set(KEYS.unitStatus, unitText);
  }
  if (p.inputs.leader) {
    const app: UnitStatus = status.status === "active" && version ? { status: "active", message: `Versions: ${version}` } : status;
    const appText = `${app.status}\n${app.message}`;
    if (p.stored.get(KEYS.appStatus) !== appText) {
      await statusSet(runner, app.status, app.message, { application: true });
      p.stored.set(KEYS.appStatus, appText);
    }
  }
  if (version && p.stored.get(KEYS.version) !== version) {
    await applicationVersionSet(runner, version);
    p.stored.set(KEYS.version, version);
  }
}

async function saveState(deps: HookDeps, stored: StoredState): Promise<void> {
  const { set, deleted } = stored.changes();
  if (Object.keys(set).length > 0) await stateSet(deps.runner, set);
  for (const key of deleted) await stateDelete(deps.runner, key);
}

// --------------------------------------------------------------------- hook --

export async function reconcile(deps: HookDeps): Promise<void> {
  const { event } = deps;
  const removal = await removalKind(deps);
  if (removal !== "none" && event.name !== "ceph-client-relation-broken") {
    // This unit is going away: the application's objects go only with the last unit.
    if (removal === "application" && (await isLeader(deps.runner))) {
      const problem = await purgeAll(deps);
      if (problem) await log(deps, `Removal incomplete: ${problem.message}`, "WARNING");
    }
    if (event.name === "remove") await rm(confDir(event.charmDir), { recursive: true, force: true });
    return;
  }

  const p = await prepare(deps, { writeRelations: true });
  await ensureCephCommon(deps, p);
  if (removal === "application" && p.inputs.leader) {
    const problem = await purgeAll(deps, p.stored);
    if (problem) p.problems.push(problem);
    for (const key of [KEYS.clientBag, KEYS.brokerDone, KEYS.fsid, KEYS.fsEnsured, KEYS.applied]) p.stored.set(key, undefined);
  }
  if (p.inputs.leader && removal === "none") {
    const desired = await desiredObjects(deps, p);
    if (desired) {
      if (p.stored.get(KEYS.applied) === undefined) await transient(deps, p.stored, MESSAGES.deploying);
      await apply(deps, p, desired.objects, desired.config);
    }
  } else if (p.problems.length === 0 && p.client) {
    // Non-leaders keep a private conf for when they lead; only the leader runs the CLI and applies.
    const conf = await writeConf(event.charmDir, {
      monitors: p.client.monitors,
      auth: p.client.auth,
      user: event.appName,
      key: p.client.key,
      adminKey: p.admin?.key,
    });
    if (!conf.ok) p.problems.push(conf.problem);
  }
  const retry = p.stored.get(KEYS.aptFailed) !== undefined || p.brokerFailed === true;
  p.stored.set(KEYS.retry, retry ? "1" : undefined);
  p.stored.set(KEYS.asLeader, p.inputs.leader ? "1" : undefined);
  const status = decideStatus(p.problems, p.warnings);
  // The workload version is the Ceph CSI release, shown once it runs.
  const version = status.status === "active" ? p.config?.release : undefined;
  await setStatus(deps, p, { status: status.status, message: sanitizeMessage(status.message) }, version);
  await saveState(deps, p.stored);
}

