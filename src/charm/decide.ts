/**
 * The decision of a hook: everything the hook observed in, a plan out. Pure: it calls no hook
 * tool, API or CLI and writes no file; src/charm/execute runs what it asks for and calls it
 * again with the answers, until it is done.
 *
 * The order operators know from the Python charm: removal, the Ceph CLI package, config, the
 * Ceph relations and the broker, then (leader) the cluster model, rendering and the apply, and
 * the status, decided in one place from every problem found.
 */
import type { ParsedConfig } from "../config/parse.ts";
import { message, problem } from "../status/problem.ts";
import { cephModel, privateConf } from "./ceph-model.ts";
import { Draft } from "./draft.ts";
import { installsPackages, isUnitRemove, isUnitStopping, isUpdateStatus, retriesPackages } from "./events.ts";
import { converge } from "./kube-step.ts";
import { parsedConfig, rendered as renderedFor } from "./memo.ts";
import { kubeletDir, type Observation } from "./observation.ts";
import type { Plan } from "./plan.ts";
import { chosenRelease, followerRelease, forgetPin } from "./release-pin.ts";
import { removalKind, removeApplication } from "./removal.ts";
import { fixedNames, fixedNamesProblem, fixNames } from "./fixed-names.ts";
import { cephSource } from "./source.ts";
import { statusEffects } from "./status-effects.ts";
import { KEYS, OBSOLETE_KEYS } from "./stored.ts";

export function decide(obs: Observation): Plan {
  const d = new Draft(obs);
  for (const key of OBSOLETE_KEYS) if (obs.stored[key] !== undefined) d.store(key, undefined);
  if (isUnitStopping(obs.event)) return stopping(d);
  return running(d);
}

function finish(d: Draft): Plan {
  if (d.steps.length > 0) return { done: false, steps: d.steps, ...(d.announce !== undefined ? { announce: d.announce } : {}) };
  return { done: true, effects: d.effects };
}

/** stop and remove: the application's objects go with its last unit; this unit's files go on remove. */
function stopping(d: Draft): Plan {
  const kind = removalKind(d);
  if (kind === "pending") return finish(d);
  if (kind === "application" && d.obs.leader) {
    if (removeApplication(d) === "pending") return finish(d);
    if (d.problems.length > 0) statusEffects(d, undefined);
  }
  if (isUnitRemove(d.obs.event)) d.effects.removeConfDir = true;
  return finish(d);
}

/** apt on install and upgrade-charm; after a failure, again on config-changed and update-status. "pending" gates the rest. */
function packages(d: Draft): "ok" | "pending" | "failed" {
  const { event } = d.obs;
  const failedBefore = d.stored(KEYS.aptFailed) !== undefined;
  if (!installsPackages(event) && !(failedBefore && retriesPackages(event))) {
    if (failedBefore) d.problems.push(problem("aptFailed"));
    return failedBefore ? "failed" : "ok";
  }
  const apt = d.obs.answers.apt;
  if (apt === undefined) {
    d.need({ kind: "apt" }, message("installing").text);
    return "pending";
  }
  if (apt.ok) {
    d.store(KEYS.aptFailed, undefined);
    return "ok";
  }
  d.store(KEYS.aptFailed, "1");
  d.problems.push(problem("aptFailed"));
  d.log(`apt-get: ${apt.error}`, "WARNING");
  return "failed";
}

/** namespace and csidriver-name-formatter are fixed once deployed (CSIDriver names and PV references depend on them). */
function frozen(d: Draft, config: ParsedConfig): "ok" | "pending" | "changed" {
  const fixed = fixedNames(d);
  if (fixed === "pending") return "pending";
  // A new leader keeps them in its own state too.
  if (fixed.namespace !== undefined) d.store(KEYS.namespace, fixed.namespace);
  if (fixed.drivername !== undefined) d.store(KEYS.drivername, fixed.drivername);
  const changed = fixedNamesProblem(fixed, config);
  if (changed === undefined) return "ok";
  d.problems.push(changed);
  return "changed";
}

function running(d: Draft): Plan {
  const { obs } = d;
  const { event, leader } = obs;
  const removal = removalKind(d);
  if (removal === "pending") return finish(d);
  const apt = packages(d);
  if (apt === "pending") return finish(d);

  const parsed = parsedConfig(obs.config);
  if (!parsed.ok) d.problems.push(parsed.error);
  const config = parsed.ok ? parsed.value : undefined;
  const source = cephSource(d, { write: true });
  const fixed = config !== undefined && leader ? frozen(d, config) : "ok";
  let release = config?.options.release;

  if (removal === "application" && leader) {
    if (removeApplication(d) === "pending") return finish(d);
    for (const key of [KEYS.clientBag, KEYS.brokerDone, KEYS.previousBroker, KEYS.fsid, KEYS.applied, KEYS.serverView]) d.store(key, undefined);
    forgetPin(d);
  } else if (leader && removal === "none" && d.stored(KEYS.purgePending) !== undefined && source.access === undefined && isUpdateStatus(event)) {
    // A removal that did not finish is tried again while there is still no Ceph source.
    if (removeApplication(d) === "pending") return finish(d);
  } else if (d.problems.length === 0 && config !== undefined && source.access !== undefined) {
    const access = source.access;
    if (leader && removal === "none") {
      const cluster = cephModel(d, access, { cephfs: config.options["cephfs-enable"], write: true, scope: "charm" });
      if (cluster !== undefined && d.problems.length === 0) {
        // After a switch from the Python charm, the release it runs is kept (release-pin.ts).
        release = chosenRelease(d, config);
        const chosen = release === config.options.release ? config : { ...config, options: { ...config.options, release } };
        const rendered = renderedFor(obs.config, event.appName, chosen, cluster, kubeletDir(obs));
        if (!rendered.ok) d.problems.push(rendered.error);
        else if (fixed === "ok") {
          d.notes.push(...rendered.value.notes);
          const announce = d.stored(KEYS.applied) === undefined ? message("deploying").text : undefined;
          const outcome = converge(d, rendered.value.objects, {
            app: event.appName,
            namespace: config.options.namespace,
            createNamespace: config.options["create-namespace"],
            ...(announce !== undefined ? { announce } : {}),
          });
          // The namespace and driver names are fixed from the first apply on, whether or not the
          // workloads are available yet: the objects stand there.
          if (outcome.deployed) fixNames(d, config);
          if (outcome.state === "done" && outcome.deployed) d.store(KEYS.applied, "1");
        }
      }
    } else {
      // Non-leaders keep a private conf for when they lead; only the leader runs the CLI and applies.
      privateConf(d, access, "charm");
    }
  }
  // A non-leader shows the release the leader kept after a switch (release-pin.ts).
  if (!leader && config !== undefined) {
    const shown = followerRelease(d, config);
    if (shown !== "pending") release = shown;
  }
  if (d.steps.length > 0) return finish(d);

  // The Ceph source came back before a purge succeeded: the application stays, nothing to purge.
  if (removal === "none" && source.access !== undefined) d.store(KEYS.purgePending, undefined);
  // Only the leader retries a purge: a follower's pending one waits for it to lead again.
  const retry = d.stored(KEYS.aptFailed) !== undefined || source.brokerFailed || (leader && d.stored(KEYS.purgePending) !== undefined);
  d.store(KEYS.retry, retry ? "1" : undefined);
  d.store(KEYS.asLeader, leader ? "1" : undefined);
  // The workload version is the Ceph CSI release, shown once the unit is active.
  statusEffects(d, release);
  return finish(d);
}
