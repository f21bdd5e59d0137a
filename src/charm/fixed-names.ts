/**
 * The namespace and the CSI driver names are fixed at the first apply (config.yaml: "Fixed at
 * first deployment"): PersistentVolumes name their driver, and the objects stand in their
 * namespace. The values are kept in the leader's stored state and in leader settings (for a new
 * leader). Hooks and actions use the same values; while config disagrees, nothing is moved.
 */
import type { ParsedConfig } from "../config/parse.ts";
import { namespaceOf } from "../manifests/names.ts";
import { type Problem, problem } from "../status/problem.ts";
import type { Draft } from "./draft.ts";
import { KEYS } from "./stored.ts";

export interface FixedNames {
  namespace?: string;
  drivername?: string;
}

/** The fixed values (none before the first apply); "pending" while leader settings are read. */
export function fixedNames(d: Draft): FixedNames | "pending" {
  let namespace = d.stored(KEYS.namespace);
  let drivername = d.stored(KEYS.drivername);
  if (namespace === undefined || drivername === undefined) {
    const settings = d.obs.answers.leaderSettings;
    if (settings === undefined) {
      d.need({ kind: "leader-settings" });
      return "pending";
    }
    namespace ??= settings[KEYS.namespace];
    drivername ??= settings[KEYS.drivername];
  }
  return { ...(namespace !== undefined ? { namespace } : {}), ...(drivername !== undefined ? { drivername } : {}) };
}

/** A kept namespace: "" means "default" (an empty value is no value to Juju's state-set and leader-set: it is kept as "default"). */
function keptNamespace(ns: string): string {
  return ns === "" ? "default" : ns;
}

/** The problem when config disagrees with the fixed values. */
export function fixedNamesProblem(fixed: FixedNames, config: ParsedConfig): Problem | undefined {
  if (fixed.namespace !== undefined && keptNamespace(fixed.namespace) !== namespaceOf(config.options)) return problem("namespaceFrozen");
  if (fixed.drivername !== undefined && fixed.drivername !== config.options["csidriver-name-formatter"]) return problem("drivernameFrozen");
  return undefined;
}

/** Fix the names from now on (the leader, once its objects stand in the cluster). */
export function fixNames(d: Draft, config: ParsedConfig): void {
  const namespace = namespaceOf(config.options);
  const drivername = config.options["csidriver-name-formatter"];
  if (d.stored(KEYS.namespace) === namespace && d.stored(KEYS.drivername) === drivername) return;
  d.effects.leaderSettings = { ...d.effects.leaderSettings, [KEYS.namespace]: namespace, [KEYS.drivername]: drivername };
  d.store(KEYS.namespace, namespace);
  d.store(KEYS.drivername, drivername);
}
