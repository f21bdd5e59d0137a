/**
 * The hook's final status as effects: the unit status, the leader's application status and the
 * workload version, each set only when it differs from what this unit last set (or when a
 * maintenance text was shown meanwhile).
 */
import { decideStatus, type UnitStatus } from "../status/decide.ts";
import { message } from "../status/problem.ts";
import type { Draft } from "./draft.ts";
import { KEYS } from "./stored.ts";

function text(s: UnitStatus): string {
  return `${s.status}\n${s.message}`;
}

/** `release`: the Ceph CSI release running, shown as the workload version once active. */
export function statusEffects(d: Draft, release: string | undefined): UnitStatus {
  const status = decideStatus(d.problems, d.notes);
  const forced = d.obs.answers.announced.length > 0;
  if (forced || d.stored(KEYS.unitStatus) !== text(status)) {
    d.effects.unitStatus = status;
    d.store(KEYS.unitStatus, text(status));
  }
  const version = status.status === "active" ? release : undefined;
  if (d.obs.leader) {
    const app: UnitStatus = version !== undefined ? { status: "active", message: message("appVersions", { release: version }).text } : status;
    if (d.stored(KEYS.appStatus) !== text(app)) {
      d.effects.appStatus = app;
      d.store(KEYS.appStatus, text(app));
    }
  }
  if (version !== undefined && d.stored(KEYS.version) !== version) {
    d.effects.workloadVersion = version;
    d.store(KEYS.version, version);
  }
  return status;
}
