/** Helpers shared by the fake hook tools. */
import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { parse } from "yaml";
import type { HookContext } from "../context.ts";
import { RunError, UsageError } from "../flags.ts";

export interface ToolInput {
  ctx: HookContext;
  args: string[];
  stdin: string | undefined;
  cwd: string;
}

export interface ToolOutput {
  stdout?: string;
  stderr?: string;
}

export type Tool = (input: ToolInput) => ToolOutput | undefined;

/** `key=value` positionals as relation-set / state-set / leader-set parse them. */
export function parsePairs(args: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of args) {
    const eq = a.indexOf("=");
    if (eq <= 0) throw new UsageError(`expected "key=value", got ${JSON.stringify(a)}`);
    const k = a.slice(0, eq);
    if (out.has(k)) throw new UsageError(`key ${JSON.stringify(k)} specified more than once`);
    out.set(k, a.slice(eq + 1));
  }
  return out;
}

/** `--file <path>|-`: a YAML map of string to string (JSON is YAML). */
export function readSettingsFile(file: string, stdin: string | undefined, cwd: string): Map<string, string> {
  let text: string;
  if (file === "-") text = stdin ?? "";
  else {
    try {
      text = readFileSync(isAbsolute(file) ? file : join(cwd, file), "utf8");
    } catch {
      throw new RunError(`open ${file}: no such file or directory`);
    }
  }
  let v: unknown;
  try {
    v = parse(text);
  } catch (e) {
    throw new RunError(`yaml: ${(e as Error).message.split("\n")[0]}`);
  }
  const out = new Map<string, string>();
  if (v === null || v === undefined) return out;
  if (typeof v !== "object" || Array.isArray(v)) throw new RunError("yaml: unmarshal errors:\n  line 1: cannot unmarshal into map[string]string");
  for (const [k, val] of Object.entries(v)) {
    if (val !== null && typeof val === "object") {
      throw new RunError(`yaml: unmarshal errors:\n  cannot unmarshal !!map into string (key "${k}")`);
    }
    out.set(k, val === null ? "" : String(val));
  }
  return out;
}

export function requireAction(ctx: HookContext): NonNullable<HookContext["action"]> {
  if (!ctx.action) throw new RunError("not running an action");
  return ctx.action;
}

const NAME = "[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*";
export const isValidUnitName = (s: string): boolean => new RegExp(`^${NAME}/\\d+$`).test(s);
export const isValidAppName = (s: string): boolean => new RegExp(`^${NAME}$`).test(s);
