/** action-get, action-set, action-fail, action-log. */
import { parseArgs, rejectExtra, UsageError } from "../flags.ts";
import { FORMAT_FLAG, formatOf, render } from "../format.ts";
import { requireAction, type Tool } from "./common.ts";

const KEY = /^[a-z0-9](([a-z0-9-.]+)?[a-z0-9])?$/;
const RESERVED = new Set(["stdout", "stdout-encoding", "stderr", "stderr-encoding"]);

export const actionGet: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, [FORMAT_FLAG]);
  const format = formatOf(p);
  rejectExtra(p.positionals, 1);
  const action = requireAction(ctx);
  const key = p.positionals[0];
  if (key === undefined) return { stdout: render(action.params, format) };
  let v: unknown = action.params;
  for (const part of key.split(".")) {
    v = v !== null && typeof v === "object" && part in v ? (v as Record<string, unknown>)[part] : null;
  }
  return { stdout: render(v, format) };
};

export const actionSet: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, []);
  const sets: Array<[string[], string]> = [];
  for (const a of p.positionals) {
    const eq = a.indexOf("=");
    if (eq < 0) throw new UsageError(`argument ${JSON.stringify(a)} must be of the form key...=value`);
    const key = a.slice(0, eq);
    const parts = key.split(".");
    for (const part of parts) {
      if (!KEY.test(part)) {
        throw new UsageError(
          `key ${JSON.stringify(part)} must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods`,
        );
      }
    }
    if (RESERVED.has(parts[0]!)) throw new UsageError(`cannot set reserved action key ${JSON.stringify(parts[0])}`);
    sets.push([parts, a.slice(eq + 1)]);
  }
  const action = requireAction(ctx);
  for (const [parts, value] of sets) {
    let node = action.results;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (next === null || typeof next !== "object") node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = value;
  }
  return undefined;
};

export const actionFail: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, []);
  rejectExtra(p.positionals, 1);
  const action = requireAction(ctx);
  action.failed = true;
  action.failureMessage = p.positionals[0] ?? "action failed without reason given, check action for errors";
  return undefined;
};

export const actionLog: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, []);
  if (p.positionals.length === 0) throw new UsageError("no message specified");
  requireAction(ctx).logs.push(p.positionals.join(" "));
  return undefined;
};
