/** juju-log, goal-state, unit-get, network-get. */
import { flagString, parseArgs, RunError, rejectExtra, UsageError } from "../flags.ts";
import { FORMAT_FLAG, formatOf, render, struct } from "../format.ts";
import { findUnit } from "../model.ts";
import type { Tool } from "./common.ts";

const LEVELS = new Set(["TRACE", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]);
/** The fake's clock for goal-state "since" (deterministic). */
const SINCE = "2025-01-01T00:00:00Z";

export const jujuLog: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, [
    { long: "log-level", short: "l", kind: "value" },
    { long: "debug", kind: "bool" },
    FORMAT_FLAG,
  ]);
  if (p.positionals.length === 0) throw new UsageError("no message specified");
  let level = (flagString(p, "log-level") ?? (p.flags.has("debug") ? "DEBUG" : "INFO")).toUpperCase();
  if (!LEVELS.has(level)) level = "INFO";
  ctx.model.logs.push({ unit: ctx.unit, hook: ctx.dispatchPath, level, message: p.positionals.join(" ") });
  return undefined;
};

export const goalState: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, [FORMAT_FLAG]);
  const format = formatOf(p, ["yaml", "json"]);
  rejectExtra(p.positionals, 0);
  const status = (s: string) => struct({ status: s, since: SINCE });
  const units: Record<string, unknown> = {};
  for (const u of ctx.model.units) units[u.name] = status(u.dying ? "dying" : "active");
  const relations: Record<string, Record<string, unknown>> = {};
  for (const rel of ctx.model.relations) {
    const byName = relations[rel.endpoint] ?? {};
    relations[rel.endpoint] = byName;
    if (rel.peer) {
      for (const u of rel.peerMembers) if (u !== ctx.unit) byName[u] = status("active");
      continue;
    }
    byName[rel.remoteApp] = status("joined");
    for (const u of rel.remoteUnits) byName[u.name] = status("active");
  }
  return { stdout: render(struct({ units, relations }), format) };
};

export const unitGet: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, [FORMAT_FLAG]);
  const format = formatOf(p);
  if (p.positionals.length === 0) throw new UsageError("no setting specified");
  rejectExtra(p.positionals, 1);
  const key = p.positionals[0]!;
  if (key !== "private-address" && key !== "public-address") throw new UsageError(`unknown setting ${JSON.stringify(key)}`);
  return { stdout: render(findUnit(ctx.model, ctx.unit).address, format) };
};

export const networkGet: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, [
    { long: "relation", short: "r", kind: "value" },
    { long: "bind-address", kind: "bool" },
    { long: "ingress-address", kind: "bool" },
    { long: "egress-subnets", kind: "bool" },
    { long: "primary-address", kind: "bool" },
    FORMAT_FLAG,
  ]);
  const format = formatOf(p);
  if (p.positionals.length === 0) throw new UsageError("no arguments specified");
  rejectExtra(p.positionals, 1);
  const binding = p.positionals[0]!;
  if (binding !== "juju-info" && !ctx.meta.endpoints.some((e) => e.name === binding)) {
    throw new RunError(`no network config found for binding ${JSON.stringify(binding)}`);
  }
  const addr = findUnit(ctx.model, ctx.unit).address;
  const cidr = `${addr.split(".").slice(0, 3).join(".")}.0/24`;
  const full = struct({
    "bind-addresses": [
      struct({
        "mac-address": "00:16:3e:00:00:01",
        "interface-name": "eth0",
        addresses: [struct({ hostname: "", value: addr, cidr })],
      }),
    ],
    "egress-subnets": [`${addr}/32`],
    "ingress-addresses": [addr],
  });
  const picks: Record<string, unknown> = {};
  if (p.flags.has("bind-address")) picks["bind-address"] = addr;
  if (p.flags.has("ingress-address")) picks["ingress-address"] = addr;
  if (p.flags.has("egress-subnets")) picks["egress-subnets"] = [`${addr}/32`];
  if (p.flags.has("primary-address")) picks["primary-address"] = addr;
  const keys = Object.keys(picks);
  if (keys.length === 1) return { stdout: render(picks[keys[0]!], format) };
  return { stdout: render(keys.length === 0 ? full : picks, format) };
};
