/**
 * The one seam through which the charm calls Juju's hook tools.
 * Wrappers in this directory decide the arguments (always `--format=json` where the tool prints);
 * the runner only executes the tool (no shell) and turns a non-zero exit into a HookToolError.
 */
import { spawn } from "node:child_process";

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

/**
 * The real runner: executes the tool found on PATH (Juju prepends its tools dir), no shell.
 * Node's own spawn, not execa: every hook runs hook tools, and loading execa cost each one
 * ~15 ms (execa stays for the host commands, src/host/, loaded only when one runs).
 */
export const processRunner: HookToolRunner = {
  run(tool, args, opts = {}) {
    return new Promise((resolve, reject) => {
      const child = spawn(tool, args, { shell: false, stdio: [opts.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout?.on("data", (b: Buffer) => out.push(b));
      child.stderr?.on("data", (b: Buffer) => err.push(b));
      let settled = false;
      const settle = (code: number | null, failure?: Error) => {
        if (settled) return;
        settled = true;
        const stdout = Buffer.concat(out).toString("utf8");
        const stderr = Buffer.concat(err).toString("utf8");
        if (failure === undefined && code === 0) resolve(stdout);
        // A tool that could not be started (not on PATH, not executable): the shell's 127.
        else reject(new HookToolError(tool, args, failure !== undefined ? 127 : (code ?? 127), failure !== undefined ? `${stderr}${failure.message}` : stderr));
      };
      child.on("error", (e) => settle(null, e));
      child.on("close", (code) => settle(code));
      if (opts.stdin !== undefined) {
        // A tool that exits without reading its stdin must not fail the write (EPIPE).
        child.stdin?.on("error", () => undefined);
        child.stdin?.end(opts.stdin);
      }
    });
  },
};
