/** status-set, status-get, application-version-set. */
import { isLeader } from "../context.ts";
import { flagBool, parseArgs, RunError, rejectExtra, UsageError } from "../flags.ts";
import { FORMAT_FLAG, formatOf, render } from "../format.ts";
import { findUnit, type StatusEntry } from "../model.ts";
import type { Tool } from "./common.ts";

const SETTABLE = ["maintenance", "blocked", "waiting", "active"];

export const statusSet: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, [{ long: "application", kind: "bool" }]);
  if (p.positionals.length < 1) throw new UsageError("invalid args, require <status> [message]");
  const status = p.positionals[0]!;
  if (!SETTABLE.includes(status)) {
    throw new UsageError(`invalid status ${JSON.stringify(status)}, expected one of [${SETTABLE.join(" ")}]`);
  }
  rejectExtra(p.positionals, 2);
  const entry: StatusEntry = { status, message: p.positionals[1] ?? "", by: "charm" };
  if (flagBool(p, "application")) {
    if (!isLeader(ctx)) throw new RunError("this unit is not the leader");
    ctx.model.appStatus = entry;
    ctx.model.appStatusHistory.push({ ...entry });
    return undefined;
  }
  const unit = findUnit(ctx.model, ctx.unit);
  unit.status = entry;
  unit.statusHistory.push({ ...entry });
  unit.charmSetStatus = true;
  return undefined;
};

function describe(s: StatusEntry, data: boolean): Record<string, unknown> {
  return data ? { message: s.message, status: s.status, "status-data": {} } : { status: s.status };
}

export const statusGet: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, [{ long: "include-data", kind: "bool" }, { long: "application", kind: "bool" }, FORMAT_FLAG]);
  const format = formatOf(p);
  rejectExtra(p.positionals, 0);
  const data = flagBool(p, "include-data");
  if (flagBool(p, "application")) {
    if (!isLeader(ctx)) throw new RunError("finding application status: this unit is not the leader");
    const units: Record<string, unknown> = {};
    for (const u of ctx.model.units) units[u.name] = describe(u.status, data);
    return { stdout: render({ "application-status": { ...describe(ctx.model.appStatus, data), units } }, format) };
  }
  const s = findUnit(ctx.model, ctx.unit).status;
  if (!data && format === "smart") return { stdout: render(s.status, format) };
  return { stdout: render(describe(s, data), format) };
};

export const applicationVersionSet: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, []);
  if (p.positionals.length === 0) throw new UsageError("no version specified");
  rejectExtra(p.positionals, 1);
  findUnit(ctx.model, ctx.unit).workloadVersion = p.positionals[0]!;
  return undefined;
};
