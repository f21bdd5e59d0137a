/** state-get, state-set, state-delete (buffered until the hook succeeds). */
import type { HookContext } from "../context.ts";
import { flagBool, flagString, parseArgs, RunError, rejectExtra } from "../flags.ts";
import { FORMAT_FLAG, formatOf, render } from "../format.ts";
import { type Bag, findUnit } from "../model.ts";
import { parsePairs, readSettingsFile, type Tool } from "./common.ts";

const MAX_KEY = 256;
const MAX_VALUE = 64 * 1024;

function pending(ctx: HookContext): Bag {
  if (ctx.pendingState === undefined) ctx.pendingState = { ...findUnit(ctx.model, ctx.unit).storedState };
  return ctx.pendingState;
}

export const stateGet: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, [{ long: "strict", kind: "bool" }, FORMAT_FLAG]);
  const format = formatOf(p);
  rejectExtra(p.positionals, 1);
  const state = pending(ctx);
  const key = p.positionals[0] ?? "-";
  if (key === "-") return { stdout: render(Object.keys(state).length === 0 ? null : { ...state }, format) };
  const v = state[key];
  if (v === undefined && flagBool(p, "strict")) throw new RunError(`${JSON.stringify(key)} not found`);
  return { stdout: render(v ?? "", format) };
};

export const stateSet: Tool = ({ ctx, args, stdin, cwd }) => {
  const p = parseArgs(args, [{ long: "file", kind: "value" }]);
  const pairs = parsePairs(p.positionals);
  const file = flagString(p, "file");
  const settings = file === undefined ? new Map<string, string>() : readSettingsFile(file, stdin, cwd);
  for (const [k, v] of pairs) settings.set(k, v);
  for (const [k, v] of settings) {
    if (Buffer.byteLength(k) > MAX_KEY) throw new RunError(`key too large: max allowed size is ${MAX_KEY} bytes`);
    if (Buffer.byteLength(v) > MAX_VALUE) throw new RunError(`value too large: max allowed size is ${MAX_VALUE} bytes`);
  }
  const state = pending(ctx);
  for (const [k, v] of settings) state[k] = v;
  return undefined;
};

export const stateDelete: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, []);
  rejectExtra(p.positionals, 1);
  const key = p.positionals[0];
  if (key !== undefined) delete pending(ctx)[key];
  return undefined;
};
