/** relation-get, relation-set, relation-ids, relation-list, relation-model-get. */
import { isLeader, ownAppBag, ownUnitBag, readAppBag, readUnitBag, resolveRelation } from "../context.ts";
import { flagBool, flagString, parseArgs, RunError, rejectExtra, UsageError } from "../flags.ts";
import { FORMAT_FLAG, formatOf, render } from "../format.ts";
import { appOf } from "../model.ts";
import { isValidAppName, isValidUnitName, parsePairs, readSettingsFile, type Tool } from "./common.ts";

const REL = { long: "relation", short: "r", kind: "value" } as const;
const APP = { long: "app", kind: "bool" } as const;

export const relationGet: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, [REL, APP, FORMAT_FLAG]);
  const format = formatOf(p);
  const rel = resolveRelation(ctx, p.flags.get("relation"));
  rejectExtra(p.positionals, 2);
  const key = p.positionals[0] ?? "-";
  let app = flagBool(p, "app");
  let target = p.positionals[1];
  if (target !== undefined) {
    if (app) {
      if (isValidUnitName(target)) target = appOf(target);
      else if (!isValidAppName(target)) throw new UsageError(`invalid application name ${JSON.stringify(target)}`);
    } else if (isValidAppName(target)) {
      throw new UsageError(`expected unit name, got application name ${JSON.stringify(target)}`);
    } else if (!isValidUnitName(target)) {
      throw new UsageError(`invalid unit name ${JSON.stringify(target)}`);
    }
  } else if (app) {
    if (ctx.remoteApp === "") throw new UsageError("no unit or application specified");
    target = ctx.remoteApp;
  } else if (ctx.remoteUnit !== "") {
    target = ctx.remoteUnit;
  } else if (ctx.remoteApp !== "") {
    target = ctx.remoteApp;
    app = true;
  } else {
    throw new UsageError("no unit or application specified");
  }
  const bag = app ? readAppBag(ctx, rel, target) : readUnitBag(ctx, rel, target);
  const value = key === "-" ? bag : (bag[key] ?? null);
  return { stdout: render(value, format) };
};

export const relationSet: Tool = ({ ctx, args, stdin, cwd }) => {
  const p = parseArgs(args, [REL, APP, { long: "file", kind: "value" }, FORMAT_FLAG]);
  const rel = resolveRelation(ctx, p.flags.get("relation"));
  const pairs = parsePairs(p.positionals);
  const file = flagString(p, "file");
  const settings = file === undefined ? new Map<string, string>() : readSettingsFile(file, stdin, cwd);
  for (const [k, v] of pairs) settings.set(k, v);
  const app = flagBool(p, "app");
  if (app && !isLeader(ctx)) throw new RunError("cannot write relation settings");
  const bag = app ? ownAppBag(ctx, rel) : ownUnitBag(ctx, rel);
  for (const [k, v] of settings) {
    if (v === "") delete bag[k];
    else bag[k] = v;
  }
  (app ? ctx.pendingAppBags : ctx.pendingUnitBags).set(rel.id, bag);
  const stderr = p.flags.has("format") ? `--format flag deprecated for command "relation-set"\n` : "";
  return { stderr };
};

export const relationIds: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, [FORMAT_FLAG]);
  const format = formatOf(p);
  rejectExtra(p.positionals, 1);
  let endpoint = p.positionals[0];
  if (endpoint === undefined) {
    const current = ctx.relationId === undefined ? undefined : ctx.model.relations.find((r) => r.id === ctx.relationId);
    if (!current) throw new UsageError("no endpoint name specified");
    endpoint = current.endpoint;
  }
  const ids = ctx.model.relations
    .filter((r) => r.endpoint === endpoint && r.id !== ctx.brokenRelationId)
    .map((r) => `${r.endpoint}:${r.id}`)
    .sort();
  return { stdout: render(ids, format) };
};

export const relationList: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, [REL, APP, FORMAT_FLAG]);
  const format = formatOf(p);
  const rel = resolveRelation(ctx, p.flags.get("relation"));
  rejectExtra(p.positionals, 0);
  if (flagBool(p, "app")) return { stdout: render(rel.remoteApp, format) };
  return { stdout: render([...(ctx.members.get(rel.id) ?? [])].sort(), format) };
};

export const relationModelGet: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, [REL, FORMAT_FLAG]);
  const format = formatOf(p);
  resolveRelation(ctx, p.flags.get("relation"));
  rejectExtra(p.positionals, 0);
  return { stdout: render({ uuid: ctx.model.modelUuid }, format) };
};
