/**
 * The one seam through which the charm calls Juju's hook tools.
 * Wrappers in this directory decide the arguments (always `--format=json` where the tool prints);
 * the runner only executes the tool (no shell) and turns a non-zero exit into a HookToolError.
 */
import { execa } from "execa";

export interface HookToolRunner {
  /** Runs `tool args...`, returns its stdout. Throws HookToolError on a non-zero exit. */
  run(tool: string, args: string[], opts?: { stdin?: string }): Promise<string>;
}

/** Tools whose `key=value` arguments may carry secrets: their values are never kept in errors. */
const VALUE_TOOLS = new Set(["relation-set", "state-set", "leader-set", "action-set"]);

/** Replaces the value of every `key=value` argument of a value-setting tool by `<redacted>`. */
export function redactArgs(tool: string, args: readonly string[]): string[] {
  if (!VALUE_TOOLS.has(tool)) return [...args];
  return args.map((a) => {
    if (a.startsWith("-")) return a;
    const eq = a.indexOf("=");
    return eq < 0 ? a : `${a.slice(0, eq)}=<redacted>`;
  });
}

/**
 * A hook tool's non-zero exit. Classify with `isHookToolError`, not `instanceof`: an error that
 * crossed a seam may come from another copy of this module (another bundle, a test binding).
 */
export class HookToolError extends Error {
  readonly tool: string;
  /** Arguments with the values of relation-set/state-set/leader-set/action-set redacted. */
  readonly args: string[];
  readonly exitCode: number;
  /** Juju's stderr, e.g. `ERROR permission denied\n`. */
  readonly stderr: string;

  constructor(tool: string, args: readonly string[], exitCode: number, stderr: string) {
    const safeArgs = redactArgs(tool, args);
    const detail = stderr.trim() || `exit code ${exitCode}`;
    super(`${tool} ${safeArgs.join(" ")}: ${detail}`.replace(/ {2,}/g, " "));
    this.name = "HookToolError";
    this.tool = tool;
    this.args = safeArgs;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/** A HookToolError from any copy of this module: by its name and fields, not by its class. */
export function isHookToolError(e: unknown): e is HookToolError {
  if (typeof e !== "object" || e === null) return false;
  const o = e as Partial<HookToolError>;
  return o.name === "HookToolError" && typeof o.tool === "string" && typeof o.stderr === "string" && typeof o.exitCode === "number";
}

/** The real runner: executes the tool found on PATH (Juju prepends its tools dir). */
export const execaRunner: HookToolRunner = {
  async run(tool, args, opts = {}) {
    const result = await execa(tool, args, {
      reject: false,
      shell: false,
      stripFinalNewline: false,
      ...(opts.stdin === undefined ? { stdin: "ignore" as const } : { input: opts.stdin }),
    });
    if (result.exitCode === 0) return String(result.stdout);
    const stderr = result.exitCode === undefined ? `${result.stderr}${result.originalMessage ?? ""}` : String(result.stderr);
    throw new HookToolError(tool, args, result.exitCode ?? 127, stderr);
  },
};
