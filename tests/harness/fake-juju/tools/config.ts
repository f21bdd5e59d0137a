/** config-get. */
import { flagBool, parseArgs, rejectExtra, UsageError } from "../flags.ts";
import { FORMAT_FLAG, formatOf, render } from "../format.ts";
import type { Tool } from "./common.ts";

export const configGet: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, [{ long: "all", short: "a", kind: "bool" }, FORMAT_FLAG]);
  const format = formatOf(p);
  rejectExtra(p.positionals, 1);
  const key = p.positionals[0];
  const all = flagBool(p, "all");
  if (key !== undefined) {
    if (all) throw new UsageError(`cannot use argument --all together with key ${JSON.stringify(key)}`);
    return { stdout: render(ctx.config[key] ?? null, format) };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ctx.config)) if (all || v !== null) out[k] = v;
  return { stdout: render(out, format) };
};
