/** Carrying out a finished plan's effects through the hook tools and the host. */

import { CONF_DIR_NAME } from "../../ceph/conf-files.ts";
import {
  actionFail,
  actionSet,
  applicationVersionSet,
  jujuLog,
  leaderSet,
  relationSet,
  stateDelete,
  stateSet,
  statusSet,
} from "../../juju/index.ts";
import { oneLine, redact } from "../../redact.ts";
import type { BaseObservation } from "../observation.ts";
import type { Effects } from "../plan.ts";
import type { Seams } from "./seams.ts";

export async function performEffects(seams: Seams, base: BaseObservation, e: Effects): Promise<void> {
  const r = seams.juju;
  for (const w of e.relationWrites) await relationSet(r, { relId: w.relId, data: w.data });
  if (Object.keys(e.leaderSettings).length > 0) await leaderSet(r, e.leaderSettings);
  for (const line of e.logs) await jujuLog(r, line.level, redact(line.message).slice(0, 8000));
  if (e.unitStatus) await statusSet(r, e.unitStatus.status, e.unitStatus.message);
  if (e.appStatus) await statusSet(r, e.appStatus.status, e.appStatus.message, { application: true });
  if (e.workloadVersion !== undefined) await applicationVersionSet(r, e.workloadVersion);
  const set: Record<string, string> = {};
  const deleted: string[] = [];
  for (const [k, v] of Object.entries(e.stored)) {
    if (v === undefined) deleted.push(k);
    else set[k] = v;
  }
  if (Object.keys(set).length > 0) await stateSet(r, set);
  for (const key of deleted) await stateDelete(r, key);
  if (e.removeConfDir) await seams.host.removeDir(`${base.event.charmDir}/${CONF_DIR_NAME}`);
  if (e.action !== undefined) {
    if ("results" in e.action) await actionSet(r, e.action.results);
    if (e.action.failure !== undefined) await actionFail(r, oneLine(e.action.failure, 1000));
  }
}
