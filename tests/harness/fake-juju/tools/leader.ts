/** is-leader, leader-get, leader-set. */
import { isLeader } from "../context.ts";
import { parseArgs, RunError, rejectExtra, UsageError } from "../flags.ts";
import { FORMAT_FLAG, formatOf, render } from "../format.ts";
import { parsePairs, type Tool } from "./common.ts";

export const isLeaderTool: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, [FORMAT_FLAG]);
  const format = formatOf(p);
  rejectExtra(p.positionals, 0);
  return { stdout: render(isLeader(ctx), format) };
};

export const leaderGet: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, [FORMAT_FLAG]);
  const format = formatOf(p);
  rejectExtra(p.positionals, 1);
  const key = p.positionals[0] ?? "-";
  if (key.includes("=")) throw new UsageError(`invalid key ${JSON.stringify(key)}`);
  const s = ctx.model.leaderSettings;
  return { stdout: render(key === "-" ? { ...s } : (s[key] ?? null), format) };
};

export const leaderSet: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, []);
  const pairs = parsePairs(p.positionals);
  if (!isLeader(ctx)) throw new RunError("cannot write leadership settings: cannot write settings: not the leader");
  const s = ctx.model.leaderSettings;
  for (const [k, v] of pairs) {
    if ((s[k] ?? "") === v) continue;
    if (v === "") delete s[k];
    else s[k] = v;
    ctx.leaderSettingsChanged = true;
  }
  return undefined;
};
