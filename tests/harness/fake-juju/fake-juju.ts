/**
 * FakeJuju: a Juju-faithful hook environment for one application. It runs the charm's real
 * `dispatch` as a child process (cwd = charm dir, no args, stdin closed, env built like Juju's)
 * with fake hook tools first on PATH, served from this process over a unix socket.
 *
 *   const env = await FakeJuju.start({ app: "ceph-csi" });
 *   await env.deploy(1);
 *   const { relationId } = await env.relate("ceph-client", "ceph-mon", { units: { "ceph-mon/0": { auth: "cephx" } } });
 *   assert.equal(env.state.units[0]!.status.status, "active");
 *   await env.stop();
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type CharmMeta, optionValueProblem, readCharmMeta } from "./charm-meta.ts";
import { commit, effectiveConfig, type HookContext, snapshotMembers } from "./context.ts";
import { hookEnv } from "./env.ts";
import {
  type ActionRecord,
  addressBag,
  type Bag,
  emptyModel,
  findUnit,
  type ModelState,
  type RelationState,
  type SecretState,
  type StatusEntry,
  type ToolCall,
  type UnitState,
  visibleRemoteUnits,
} from "./model.ts";
import type { ToolResponse } from "./protocol.ts";
import { checkContent, consumersToNotify, latestRevision, newSecretId, secretByUri, secretsOf } from "./secrets.ts";
import { AgentServer } from "./server.ts";
import { runTool } from "./tools/index.ts";
import { type ClientKind, ensureToolsDir } from "./tools-dir.ts";

/** Calls one hook tool of the running hook, the way the tool client would. */
export type ToolCaller = (tool: string, args: string[], stdin?: string) => ToolResponse;

/**
 * A charm run in the test's own process (state-transition tests): it gets the hook environment
 * Juju would give its dispatch, and calls the hook tools through `tool` instead of processes.
 */
export type InProcessCharm = (env: Record<string, string>, tool: ToolCaller) => Promise<{ exitCode: number; stdout: string; stderr: string }>;

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

export interface StartOptions {
  /** Application name (default: the charm's metadata name). */
  app?: string;
  /** Charm directory holding `dispatch` and metadata.yaml (default: the repository root). */
  charmDir?: string;
  /** Principal application of a subordinate: each unit N sits next to `<app>/N`. */
  principal?: { app: string; endpoint?: string };
  /** Operator-set config at deploy time. */
  config?: ModelState["config"];
  /** Extra environment for every hook (e.g. KUBECONFIG); Juju itself would not set these. */
  env?: Record<string, string>;
  /** "throw" (default): a failing hook throws HookFailedError; "return": the sequence stops and returns it. */
  hookErrors?: "throw" | "return";
  /** Force the Node fallback client (tests of the fallback). */
  client?: ClientKind;
  jujuVersion?: string;
  /** Seed state (state-transition tests); deep-cloned. */
  state?: ModelState;
  /** Run the charm in-process instead of its `dispatch` (no tool processes, no socket). */
  inProcess?: InProcessCharm;
}

export interface HookOutcome {
  unit: string;
  kind: "hook" | "action";
  /** Hook or action name. */
  name: string;
  dispatchPath: string;
  exitCode: number;
  ok: boolean;
  /** No dispatch and no hooks/<name>: Juju counts a missing hook as success. */
  missing: boolean;
  stdout: string;
  stderr: string;
  /** The tool calls made by this hook. */
  toolCalls: ToolCall[];
}

export interface ActionOutcome extends HookOutcome {
  status: "completed" | "failed";
  results: Record<string, unknown>;
  /** action-fail message, or Juju's text for a non-zero exit. */
  message: string;
  logs: string[];
}

export class HookFailedError extends Error {
  readonly outcome: HookOutcome;
  constructor(outcome: HookOutcome) {
    super(`hook failed: "${outcome.name}" on ${outcome.unit} (exit ${outcome.exitCode})\n${outcome.stderr}`);
    this.name = "HookFailedError";
    this.outcome = outcome;
  }
}

export interface RunHookOptions {
  unit?: string;
  relationId?: number;
  remoteUnit?: string;
  departingUnit?: string;
  /** Secret hooks: JUJU_SECRET_ID and JUJU_SECRET_LABEL. */
  secret?: { uri: string; label?: string };
  env?: Record<string, string>;
}

interface ExecSpec extends RunHookOptions {
  unit: string;
  /** This hook's view of the hook relation's members, when it differs from the model's. */
  members?: string[];
  kind: "hook" | "action";
  name: string;
  action?: ActionRecord;
}

function initialStatus(): StatusEntry {
  return { status: "waiting", message: "agent initializing", by: "juju" };
}

export class FakeJuju {
  readonly charmDir: string;
  readonly meta: CharmMeta;
  /** Every hook and action outcome, in order. */
  readonly history: HookOutcome[] = [];
  readonly #server: AgentServer | undefined;
  readonly #toolsDir: string;
  readonly #opts: StartOptions;
  #model: ModelState;

  private constructor(opts: StartOptions, server: AgentServer | undefined, toolsDir: string) {
    this.#opts = opts;
    this.charmDir = resolve(opts.charmDir ?? REPO_ROOT);
    this.meta = readCharmMeta(this.charmDir);
    this.#server = server;
    this.#toolsDir = toolsDir;
    this.#model = opts.state ? structuredClone(opts.state) : emptyModel(opts.app ?? this.meta.name);
    if (opts.config) this.#model.config = { ...this.#model.config, ...opts.config };
  }

  static async start(opts: StartOptions = {}): Promise<FakeJuju> {
    if (opts.inProcess) return new FakeJuju(opts, undefined, "/nonexistent/fake-juju-tools");
    const tools = ensureToolsDir(opts.client ?? "c");
    const server = await AgentServer.start();
    try {
      return new FakeJuju(opts, server, tools.dir);
    } catch (e) {
      await server.close();
      throw e;
    }
  }

  async stop(): Promise<void> {
    await this.#server?.close();
  }

  /** A deep copy of the model. */
  get state(): ModelState {
    return structuredClone(this.#model);
  }

  /** Replaces the model (deep-cloned): state in → run hook → state out. */
  setState(state: ModelState): void {
    this.#model = structuredClone(state);
  }

  get app(): string {
    return this.#model.app;
  }

  get toolsDir(): string {
    return this.#toolsDir;
  }

  unit(nameOrIndex: string | number = 0): UnitState {
    const name = typeof nameOrIndex === "number" ? `${this.app}/${nameOrIndex}` : nameOrIndex;
    return structuredClone(findUnit(this.#model, name));
  }

  relation(idOrEndpoint: number | string): RelationState {
    const rel = this.#model.relations.find((r) => r.id === idOrEndpoint || r.endpoint === idOrEndpoint);
    if (!rel) throw new Error(`no relation ${idOrEndpoint} in the fake model`);
    return structuredClone(rel);
  }

  // ---------------------------------------------------------------- running one hook

  /** Runs one hook on one unit (default: the first unit). */
  async runHook(name: string, o: RunHookOptions = {}): Promise<HookOutcome> {
    const out = await this.#exec({ ...o, unit: o.unit ?? this.#firstUnit(), kind: "hook", name });
    return this.#check(out);
  }

  /** Runs an action like `juju run <unit> <name> k=v`; params are validated and defaulted from actions.yaml. */
  async runAction(name: string, params: Record<string, unknown> = {}, o: { unit?: string; env?: Record<string, string> } = {}): Promise<ActionOutcome> {
    const unit = o.unit ?? this.#firstUnit();
    const spec = this.meta.actions[name];
    if (!spec) throw new Error(`ERROR action "${name}" not defined on unit "${unit}"`);
    const full: Record<string, unknown> = {};
    for (const [k, p] of Object.entries(spec.params)) if (p.default !== undefined) full[k] = p.default;
    for (const [k, v] of Object.entries(params)) {
      if (!(k in spec.params) && !spec.additionalProperties) throw new Error(`ERROR additional property "${k}" is not allowed`);
      full[k] = v;
    }
    for (const r of spec.required) if (!(r in full)) throw new Error(`ERROR "${r}" is a required property`);
    const action: ActionRecord = {
      id: String(this.#model.nextActionId++),
      unit,
      name,
      params: full,
      results: {},
      logs: [],
      failed: false,
      failureMessage: "",
      status: "running",
    };
    this.#model.actions.push(action);
    const out = await this.#exec({ unit, kind: "action", name, action, ...(o.env ? { env: o.env } : {}) });
    const record = this.#model.actions.find((a) => a.id === action.id)!;
    let message = record.failureMessage;
    let failed = record.failed;
    if (!out.ok) {
      failed = true;
      message = out.missing ? `action not implemented on unit "${unit}"` : `exit status ${out.exitCode}`;
    }
    record.status = failed ? "failed" : "completed";
    record.failed = failed;
    record.failureMessage = message;
    return {
      ...out,
      status: record.status,
      results: structuredClone(record.results),
      message,
      logs: [...record.logs],
    };
  }

  #firstUnit(): string {
    const u = this.#model.units[0];
    if (!u) throw new Error("no units: call deploy() first");
    return u.name;
  }

  #check(out: HookOutcome): HookOutcome {
    if (!out.ok && out.kind === "hook" && this.#opts.hookErrors !== "return") throw new HookFailedError(out);
    return out;
  }

  #dispatchTarget(kind: "hook" | "action", name: string): { path?: string; error?: string } {
    const dispatch = join(this.charmDir, "dispatch");
    const legacy = join(this.charmDir, kind === "hook" ? "hooks" : "actions", name);
    for (const path of [dispatch, legacy]) {
      if (!existsSync(path)) continue;
      try {
        accessSync(path, constants.X_OK);
        return { path };
      } catch {
        return { error: `fork/exec ${path}: permission denied` };
      }
    }
    return {};
  }

  async #exec(spec: ExecSpec): Promise<HookOutcome> {
    const model = this.#model;
    const unit = findUnit(model, spec.unit);
    const rel = spec.relationId === undefined ? undefined : model.relations.find((r) => r.id === spec.relationId);
    if (spec.relationId !== undefined && !rel) throw new Error(`no relation ${spec.relationId}`);
    const hookName = spec.kind === "hook" ? spec.name : "";
    const dispatchPath = `${spec.kind === "hook" ? "hooks" : "actions"}/${spec.name}`;
    const contextId = `${spec.unit}-${spec.kind === "hook" ? spec.name : `run-commands`}-${randomBytes(8).toString("hex")}`;

    if (spec.kind === "hook") this.#statusBefore(unit, spec.name);
    const ctx: HookContext = {
      id: contextId,
      unit: spec.unit,
      dispatchPath,
      hookName,
      relationId: rel?.id,
      remoteUnit: spec.remoteUnit ?? "",
      remoteApp: rel?.remoteApp ?? "",
      departingUnit: spec.departingUnit ?? "",
      brokenRelationId: rel && spec.name.endsWith("-relation-broken") ? rel.id : undefined,
      action: spec.action,
      model,
      meta: this.meta,
      config: effectiveConfig(this.meta, model.config),
      members: snapshotMembers(model, spec.unit),
      pendingState: undefined,
      pendingUnitBags: new Map(),
      pendingAppBags: new Map(),
      leaderSettingsChanged: false,
    };
    if (rel && spec.members) ctx.members.set(rel.id, [...spec.members].sort());
    const env = hookEnv({
      model,
      unit: spec.unit,
      principal: unit.principal,
      machineId: spec.unit.slice(spec.unit.indexOf("/") + 1),
      charmDir: this.charmDir,
      contextId,
      socketPath: this.#server?.socketPath ?? "/nonexistent/fake-juju.sock",
      toolsDir: this.#toolsDir,
      jujuVersion: this.#opts.jujuVersion ?? "3.6.8",
      hookName,
      dispatchPath,
      relation: rel,
      remoteUnit: spec.remoteUnit,
      departingUnit: spec.departingUnit,
      action: spec.action ? { name: spec.name, id: spec.action.id } : undefined,
      secret: spec.secret ? { uri: spec.secret.uri, label: spec.secret.label ?? "" } : undefined,
      extra: { ...this.#opts.env, ...spec.env },
    });

    const callsBefore = model.toolCalls.length;
    const inProcess = this.#opts.inProcess;
    const target = inProcess ? { path: "(in-process)" } : this.#dispatchTarget(spec.kind, spec.name);
    let exitCode = 0;
    let stdout = "";
    let stderr = "";
    const missing = target.path === undefined && target.error === undefined;
    if (inProcess) {
      ({ exitCode, stdout, stderr } = await inProcess(env, (tool, args, stdin) => runTool(ctx, tool, args, stdin, this.charmDir)));
    } else if (target.error !== undefined) {
      exitCode = 1;
      stderr = target.error;
    } else if (target.path !== undefined && this.#server) {
      const server = this.#server;
      server.contexts.set(contextId, ctx);
      try {
        ({ exitCode, stdout, stderr } = await runProcess(target.path, this.charmDir, env));
      } finally {
        server.contexts.delete(contextId);
      }
    } else if (spec.kind === "action") {
      exitCode = 1;
    }
    const ok = exitCode === 0;
    if (ok) commit(ctx);
    if (spec.kind === "hook") {
      unit.hookError = ok ? null : spec.name;
      if (ok) this.#statusAfter(unit, spec.name);
    }
    const outcome: HookOutcome = {
      unit: spec.unit,
      kind: spec.kind,
      name: spec.name,
      dispatchPath,
      exitCode,
      ok,
      missing,
      stdout,
      stderr,
      toolCalls: structuredClone(model.toolCalls.slice(callsBefore)),
    };
    this.history.push(outcome);
    this.#leaderSettingsDirty ||= ctx.leaderSettingsChanged;
    return outcome;
  }

  #leaderSettingsDirty = false;

  #setJujuStatus(unit: UnitState, status: string, message: string): void {
    const entry: StatusEntry = { status, message, by: "juju" };
    unit.status = entry;
    unit.statusHistory.push({ ...entry });
  }

  /** The uniter's automatic statuses before a hook (contract §3). */
  #statusBefore(unit: UnitState, hook: string): void {
    if (hook === "install" && !unit.charmSetStatus) this.#setJujuStatus(unit, "maintenance", "installing charm software");
    if (hook === "stop") this.#setJujuStatus(unit, "maintenance", "stopping charm software");
    if (hook === "remove") this.#setJujuStatus(unit, "maintenance", "cleaning up prior to charm deletion");
  }

  #statusAfter(unit: UnitState, hook: string): void {
    if (hook === "start" && !unit.charmSetStatus) this.#setJujuStatus(unit, "unknown", "");
    if (hook === "stop") this.#setJujuStatus(unit, "terminated", "");
  }

  // ---------------------------------------------------------------- sequences

  /**
   * Runs hooks in order; stops at the first failure (Juju stops the unit) and, unless
   * hookErrors is "return", throws. A leader-set in a hook queues leader-settings-changed
   * on the other units right after it.
   */
  async #sequence(steps: Array<() => ExecSpec | undefined>): Promise<HookOutcome[]> {
    const out: HookOutcome[] = [];
    for (const step of steps) {
      const spec = step();
      if (!spec) continue;
      const o = await this.#exec(spec);
      out.push(o);
      if (!o.ok) {
        this.#check(o);
        return out;
      }
      if (this.#leaderSettingsDirty) {
        this.#leaderSettingsDirty = false;
        for (const u of this.#model.units) {
          if (u.name === this.#model.leader) continue;
          const lo = await this.#exec({ unit: u.name, kind: "hook", name: "leader-settings-changed" });
          out.push(lo);
          if (!lo.ok) {
            this.#check(lo);
            return out;
          }
        }
      }
    }
    return out;
  }

  #hook(unit: string, name: string, extra: Partial<ExecSpec> = {}): () => ExecSpec {
    return () => ({ unit, kind: "hook", name, ...extra });
  }

  #peerRelation(): RelationState | undefined {
    return this.#model.relations.find((r) => r.peer);
  }

  #principalEndpoint(): string | undefined {
    const p = this.#opts.principal;
    if (!p) return undefined;
    if (p.endpoint) return p.endpoint;
    const container = this.meta.endpoints.filter((e) => e.role === "requires" && e.scope === "container");
    return (container.find((e) => e.interface === "juju-info") ?? container[0])?.name;
  }

  #newRelation(endpoint: string, remoteApp: string): RelationState {
    const ep = this.meta.endpoints.find((e) => e.name === endpoint);
    if (!ep) throw new Error(`endpoint "${endpoint}" is not declared in metadata.yaml`);
    const rel: RelationState = {
      id: this.#model.nextRelationId++,
      endpoint,
      interface: ep.interface,
      remoteApp: ep.role === "peers" ? this.app : remoteApp,
      peer: ep.role === "peers",
      scope: ep.scope,
      localAppData: {},
      localUnitData: {},
      remoteAppData: {},
      remoteUnits: [],
      departedUnits: [],
      peerMembers: [],
    };
    for (const u of this.#model.units) rel.localUnitData[u.name] = addressBag(u.address);
    this.#model.relations.push(rel);
    return rel;
  }

  #remoteAddress(rel: RelationState): string {
    return `10.1.${rel.id % 250}.${rel.remoteUnits.length + rel.departedUnits.length + 10}`;
  }

  /**
   * Adds `count` units and runs Juju's deploy sequence on each: install → relation-created
   * (peers, principal) → leader-elected (first unit of the app) or leader-settings-changed →
   * config-changed → start → joined/changed for the principal and for peers.
   */
  async deploy(count = 1): Promise<HookOutcome[]> {
    const m = this.#model;
    const peerEp = this.meta.endpoints.find((e) => e.role === "peers");
    const principalEp = this.#principalEndpoint();
    const fresh: string[] = [];
    for (let i = 0; i < count; i++) {
      const n = m.units.length === 0 ? 0 : Math.max(...m.units.map((u) => Number(u.name.split("/")[1]))) + 1;
      const name = `${this.app}/${n}`;
      const unit: UnitState = {
        name,
        principal: this.#opts.principal ? `${this.#opts.principal.app}/${n}` : "",
        address: `10.0.0.${10 + n}`,
        storedState: {},
        status: initialStatus(),
        statusHistory: [initialStatus()],
        charmSetStatus: false,
        workloadVersion: "",
        hookError: null,
      };
      m.units.push(unit);
      for (const rel of m.relations) rel.localUnitData[name] = addressBag(unit.address);
      fresh.push(name);
    }
    let peer = this.#peerRelation();
    if (!peer && peerEp) peer = this.#newRelation(peerEp.name, this.app);
    let principalRel = principalEp ? m.relations.find((r) => r.endpoint === principalEp) : undefined;
    if (principalEp && !principalRel) principalRel = this.#newRelation(principalEp, this.#opts.principal!.app);
    if (principalRel) {
      for (const name of fresh) {
        const pu = findUnit(m, name).principal;
        if (!principalRel.remoteUnits.some((r) => r.name === pu)) {
          principalRel.remoteUnits.push({ name: pu, address: findUnit(m, name).address, data: addressBag(findUnit(m, name).address) });
        }
      }
    }
    if (m.leader === null) m.leader = fresh[0] ?? null;

    const steps: Array<() => ExecSpec | undefined> = [];
    for (const name of fresh) {
      steps.push(this.#hook(name, "install"));
      for (const rel of [peer, principalRel]) {
        if (rel) steps.push(this.#hook(name, `${rel.endpoint}-relation-created`, { relationId: rel.id }));
      }
      steps.push(() => ({ unit: name, kind: "hook", name: m.leader === name ? "leader-elected" : "leader-settings-changed" }));
      steps.push(this.#hook(name, "config-changed"));
      steps.push(this.#hook(name, "start"));
      if (principalRel) {
        const rid = principalRel.id;
        const pu = findUnit(m, name).principal;
        steps.push(this.#hook(name, `${principalRel.endpoint}-relation-joined`, { relationId: rid, remoteUnit: pu }));
        steps.push(this.#hook(name, `${principalRel.endpoint}-relation-changed`, { relationId: rid, remoteUnit: pu }));
      }
    }
    // Peers: every new unit enters the peer relation; existing members and it meet each other.
    if (peer) {
      const rid = peer.id;
      const ep = peer.endpoint;
      for (const name of fresh) {
        steps.push(() => {
          const p = this.#model.relations.find((r) => r.id === rid)!;
          if (!p.peerMembers.includes(name)) p.peerMembers.push(name);
          return undefined;
        });
        for (const other of [...peer.peerMembers, ...fresh.slice(0, fresh.indexOf(name))]) {
          for (const [a, b] of [
            [other, name],
            [name, other],
          ] as const) {
            steps.push(this.#hook(a, `${ep}-relation-joined`, { relationId: rid, remoteUnit: b }));
            steps.push(this.#hook(a, `${ep}-relation-changed`, { relationId: rid, remoteUnit: b }));
          }
        }
      }
    }
    return this.#sequence(steps);
  }

  /**
   * `juju integrate`: adds a relation on `endpoint` to `remoteApp` with the given remote bags,
   * then on every unit: relation-created → (joined → changed) per remote unit → an app-level
   * changed when the remote app bag is not empty.
   */
  async relate(
    endpoint: string,
    remoteApp: string,
    o: { app?: Bag; units?: Record<string, Bag> } = {},
  ): Promise<{ relationId: number; outcomes: HookOutcome[] }> {
    const rel = this.#newRelation(endpoint, remoteApp);
    if (rel.peer) throw new Error("peer relations are created by deploy()");
    rel.remoteAppData = { ...o.app };
    for (const [name, data] of Object.entries(o.units ?? {})) {
      const address = this.#remoteAddress(rel);
      rel.remoteUnits.push({ name, address, data: { ...addressBag(address), ...data } });
    }
    const steps: Array<() => ExecSpec | undefined> = [];
    for (const u of this.#model.units) {
      steps.push(this.#hook(u.name, `${endpoint}-relation-created`, { relationId: rel.id }));
      for (const ru of visibleRemoteUnits(this.#model, rel, u.name)) {
        steps.push(this.#hook(u.name, `${endpoint}-relation-joined`, { relationId: rel.id, remoteUnit: ru }));
        steps.push(this.#hook(u.name, `${endpoint}-relation-changed`, { relationId: rel.id, remoteUnit: ru }));
      }
      if (Object.keys(rel.remoteAppData).length > 0) {
        steps.push(this.#hook(u.name, `${endpoint}-relation-changed`, { relationId: rel.id }));
      }
    }
    return { relationId: rel.id, outcomes: await this.#sequence(steps) };
  }

  #liveRelation(id: number): RelationState {
    const rel = this.#model.relations.find((r) => r.id === id);
    if (!rel) throw new Error(`no relation ${id} in the fake model`);
    return rel;
  }

  /**
   * A remote unit (or, without `unit`, the remote leader for the app bag) writes its bag;
   * null or "" deletes a key. Then relation-changed on every local unit that sees it.
   */
  async changeRemoteData(relationId: number, o: { unit?: string; data: Record<string, string | null> }): Promise<HookOutcome[]> {
    const rel = this.#liveRelation(relationId);
    let bag: Bag;
    if (o.unit === undefined) bag = rel.remoteAppData;
    else {
      const ru = rel.remoteUnits.find((r) => r.name === o.unit);
      if (!ru) throw new Error(`remote unit ${o.unit} is not in relation ${relationId}`);
      bag = ru.data;
    }
    for (const [k, v] of Object.entries(o.data)) {
      if (v === null || v === "") delete bag[k];
      else bag[k] = v;
    }
    const steps = this.#model.units
      .filter((u) => o.unit === undefined || visibleRemoteUnits(this.#model, rel, u.name).includes(o.unit))
      .map((u) => this.#hook(u.name, `${rel.endpoint}-relation-changed`, { relationId, ...(o.unit ? { remoteUnit: o.unit } : {}) }));
    return this.#sequence(steps);
  }

  /** A remote unit joins: joined → changed on every local unit that sees it. */
  async addRemoteUnit(relationId: number, unit: string, data: Bag = {}): Promise<HookOutcome[]> {
    const rel = this.#liveRelation(relationId);
    const address = this.#remoteAddress(rel);
    rel.remoteUnits.push({ name: unit, address, data: { ...addressBag(address), ...data } });
    rel.departedUnits = rel.departedUnits.filter((d) => d.name !== unit);
    const steps: Array<() => ExecSpec> = [];
    for (const u of this.#model.units) {
      if (!visibleRemoteUnits(this.#model, rel, u.name).includes(unit)) continue;
      steps.push(this.#hook(u.name, `${rel.endpoint}-relation-joined`, { relationId, remoteUnit: unit }));
      steps.push(this.#hook(u.name, `${rel.endpoint}-relation-changed`, { relationId, remoteUnit: unit }));
    }
    return this.#sequence(steps);
  }

  /** A remote unit leaves: it is gone from relation-list (still readable), then -departed on each local unit. */
  async departRemoteUnit(relationId: number, unit: string): Promise<HookOutcome[]> {
    const rel = this.#liveRelation(relationId);
    const seers = this.#model.units.filter((u) => visibleRemoteUnits(this.#model, rel, u.name).includes(unit));
    const idx = rel.remoteUnits.findIndex((r) => r.name === unit);
    if (idx < 0) throw new Error(`remote unit ${unit} is not in relation ${relationId}`);
    rel.departedUnits.push(...rel.remoteUnits.splice(idx, 1));
    return this.#sequence(
      seers.map((u) =>
        this.#hook(u.name, `${rel.endpoint}-relation-departed`, { relationId, remoteUnit: unit, departingUnit: unit }),
      ),
    );
  }

  /** `juju remove-relation`: on each unit, -departed per remote unit, then -broken; the relation is then gone. */
  async unrelate(relationId: number): Promise<HookOutcome[]> {
    const rel = this.#liveRelation(relationId);
    if (rel.peer) throw new Error("peer relations cannot be removed");
    const steps: Array<() => ExecSpec | undefined> = [];
    for (const u of this.#model.units) {
      // Each unit sees the remote units leave one by one.
      const remaining = visibleRemoteUnits(this.#model, rel, u.name).sort();
      while (remaining.length > 0) {
        const ru = remaining.shift()!;
        const members = [...remaining];
        steps.push(
          this.#hook(u.name, `${rel.endpoint}-relation-departed`, { relationId, remoteUnit: ru, departingUnit: ru, members }),
        );
      }
      steps.push(this.#hook(u.name, `${rel.endpoint}-relation-broken`, { relationId, members: [] }));
    }
    rel.departedUnits.push(...rel.remoteUnits.splice(0));
    const out = await this.#sequence(steps);
    if (out.every((o) => o.ok)) this.#model.relations = this.#model.relations.filter((r) => r.id !== relationId);
    return out;
  }

  /**
   * `juju remove-unit`: the dying unit leaves every relation first (-departed per remote unit
   * with JUJU_DEPARTING_UNIT = itself, then -broken), then stop, then remove. Peers see it
   * depart; a removed leader hands leadership to the next unit (leader-elected there).
   */
  async removeUnit(unitName?: string): Promise<HookOutcome[]> {
    const m = this.#model;
    const name = unitName ?? this.#firstUnit();
    const unit = findUnit(m, name);
    unit.dying = true;
    const steps: Array<() => ExecSpec | undefined> = [];
    for (const rel of m.relations) {
      const remaining = visibleRemoteUnits(m, rel, name).sort();
      while (remaining.length > 0) {
        const ru = remaining.shift()!;
        const members = [...remaining];
        steps.push(
          this.#hook(name, `${rel.endpoint}-relation-departed`, { relationId: rel.id, remoteUnit: ru, departingUnit: name, members }),
        );
      }
      steps.push(this.#hook(name, `${rel.endpoint}-relation-broken`, { relationId: rel.id, members: [] }));
    }
    steps.push(this.#hook(name, "stop"));
    steps.push(this.#hook(name, "remove"));
    const peer = this.#peerRelation();
    steps.push(() => {
      // The unit is gone: peers see it depart, its bags stay readable as departed.
      m.units = m.units.filter((u) => u.name !== name);
      for (const rel of m.relations) {
        const bag = rel.localUnitData[name];
        delete rel.localUnitData[name];
        if (rel.peer && rel.peerMembers.includes(name)) {
          rel.peerMembers = rel.peerMembers.filter((x) => x !== name);
          rel.departedUnits.push({ name, address: unit.address, data: bag ?? {} });
        }
        if (rel.scope === "container") rel.remoteUnits = rel.remoteUnits.filter((r) => r.name !== unit.principal);
      }
      return undefined;
    });
    if (peer) {
      for (const other of peer.peerMembers.filter((x) => x !== name)) {
        steps.push(this.#hook(other, `${peer.endpoint}-relation-departed`, { relationId: peer.id, remoteUnit: name, departingUnit: name }));
      }
    }
    steps.push(() => {
      if (m.leader === name) m.leader = m.units[0]?.name ?? null;
      return undefined;
    });
    if (m.leader === name) {
      steps.push(() => (m.leader ? { unit: m.leader, kind: "hook", name: "leader-elected" } : undefined));
      for (const other of m.units.filter((u) => u.name !== name).slice(1)) {
        steps.push(this.#hook(other.name, "leader-settings-changed"));
      }
    }
    return this.#sequence(steps);
  }

  /**
   * `juju remove-application`: every unit is dying at once (goal-state says so), then each
   * unit goes through its removal sequence (relations departed and broken, stop, remove).
   */
  async removeApplication(): Promise<HookOutcome[]> {
    for (const u of this.#model.units) u.dying = true;
    const out: HookOutcome[] = [];
    // The leader last: the others see it go only at the end, like a whole-application teardown.
    const order = [...this.#model.units.map((u) => u.name)].sort((a, b) => Number(a === this.#model.leader) - Number(b === this.#model.leader));
    for (const name of order) out.push(...(await this.removeUnit(name)));
    return out;
  }

  /** `juju refresh`: upgrade-charm → config-changed → (leader-settings-changed on non-leaders) → start, per unit. */
  async upgrade(): Promise<HookOutcome[]> {
    const steps: Array<() => ExecSpec> = [];
    for (const u of this.#model.units) {
      steps.push(this.#hook(u.name, "upgrade-charm"));
      steps.push(this.#hook(u.name, "config-changed"));
      if (u.name !== this.#model.leader) steps.push(this.#hook(u.name, "leader-settings-changed"));
      steps.push(this.#hook(u.name, "start"));
    }
    return this.#sequence(steps);
  }

  /**
   * `juju config`: validates names and types against config.yaml (null resets; a `secret` option
   * takes a `secret:…` URI string), then config-changed on every unit.
   */
  async setConfig(values: Record<string, string | number | boolean | null>): Promise<HookOutcome[]> {
    for (const [k, v] of Object.entries(values)) {
      const opt = this.meta.options[k];
      if (!opt) throw new Error(`ERROR unknown option "${k}"`);
      if (v === null) {
        delete this.#model.config[k];
        continue;
      }
      const problem = optionValueProblem(k, opt, v);
      if (problem) throw new Error(`ERROR ${problem}`);
      this.#model.config[k] = v;
    }
    return this.#sequence(this.#model.units.map((u) => this.#hook(u.name, "config-changed")));
  }

  /** Leadership moves to `unit`: leader-elected there, leader-settings-changed on the others. */
  async setLeader(unit: string): Promise<HookOutcome[]> {
    findUnit(this.#model, unit);
    this.#model.leader = unit;
    const steps = [this.#hook(unit, "leader-elected")];
    for (const u of this.#model.units) if (u.name !== unit) steps.push(this.#hook(u.name, "leader-settings-changed"));
    return this.#sequence(steps);
  }

  /** update-status on every unit. */
  async updateStatus(): Promise<HookOutcome[]> {
    return this.#sequence(this.#model.units.map((u) => this.#hook(u.name, "update-status")));
  }

  // ---------------------------------------------------------------- user secrets

  /**
   * `juju add-secret <name> key=value…`: a user secret, owned by the model, revision 1.
   * Returns its URI (`secret:<id>`, the short form `juju add-secret` prints). No hook runs.
   */
  addSecret(content: Record<string, string>, o: { owner?: "model"; name?: string; description?: string } = {}): string {
    if (o.owner !== undefined && o.owner !== "model") {
      throw new Error(`fake-juju models user secrets only (owner "model"), not owner ${JSON.stringify(o.owner)}`);
    }
    const data = checkContent(content);
    const secrets = secretsOf(this.#model);
    const name = o.name ?? `secret-${secrets.length + 1}`;
    if (secrets.some((x) => x.name === name)) throw new Error(`fake-juju: a secret named ${JSON.stringify(name)} exists already`);
    const id = newSecretId();
    const secret: SecretState = {
      id,
      uri: `secret:${id}`,
      owner: "model",
      name,
      description: o.description ?? "",
      revisions: [{ revision: 1, content: data }],
      grants: [],
      consumers: {},
    };
    secrets.push(secret);
    return secret.uri;
  }

  /** `juju grant-secret <uri> <app>`: the app's units may read it. No hook runs. */
  grantSecret(uri: string, app: string): void {
    const s = secretByUri(this.#model, uri);
    if (!s.grants.includes(app)) s.grants.push(app);
  }

  /** `juju revoke-secret <uri> <app>`: reads fail with `permission denied` from now on. No hook runs. */
  revokeSecret(uri: string, app: string): void {
    const s = secretByUri(this.#model, uri);
    s.grants = s.grants.filter((a) => a !== app);
  }

  /**
   * `juju update-secret <uri> key=value…`: a new revision (the whole content is replaced). Every
   * unit that has read the secret, while its app has access, gets `secret-changed` with
   * JUJU_SECRET_ID (and JUJU_SECRET_LABEL, its own label or ""); it still sees its pinned
   * revision until it reads with --refresh.
   */
  async updateSecret(uri: string, content: Record<string, string>): Promise<{ revision: number; outcomes: HookOutcome[] }> {
    const s = secretByUri(this.#model, uri);
    const data = checkContent(content);
    const revision = latestRevision(s) + 1;
    s.revisions.push({ revision, content: data });
    const steps = consumersToNotify(this.#model, s).map((c) => this.#hook(c.unit, "secret-changed", { secret: { uri: s.uri, label: c.label } }));
    return { revision, outcomes: await this.#sequence(steps) };
  }

  /** `juju remove-secret <uri>`: gone; reads fail with `secret "<uri>" not found`. No hook runs here. */
  removeSecret(uri: string): void {
    const s = secretByUri(this.#model, uri);
    this.#model.secrets = secretsOf(this.#model).filter((x) => x !== s);
  }

  /** A deep copy of a secret: revisions, grants, and per-unit consumer records (pinned revision, label). */
  secret(uri: string): SecretState {
    return structuredClone(secretByUri(this.#model, uri));
  }
}

function runProcess(
  path: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(path, [], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", (e) => {
      resolvePromise({ exitCode: 1, stdout: "", stderr: String(e) });
    });
    child.on("close", (code, signal) => {
      resolvePromise({
        exitCode: code ?? 128 + (signal ? 9 : 0),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8") + (signal ? `terminated by ${signal}\n` : ""),
      });
    });
  });
}
