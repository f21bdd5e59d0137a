/**
 * A gnuflag-compatible argument parser (juju/gnuflag as used by juju/cmd): flags and positionals
 * interleave, `--` ends flags, a lone `-` is a positional, `--name=v` / `--name v`, `-r3` / `-r 3`
 * (so `-r=3` gives the value `=3`), booleans `--app` / `--app=<Go ParseBool>`.
 */

/** A usage error: Juju exits 2. */
export class UsageError extends Error {}
/** A runtime error: Juju exits 1. */
export class RunError extends Error {}

export interface FlagSpec {
  long: string;
  short?: string;
  kind: "bool" | "value";
}

export interface FlagValue {
  value: string | boolean;
  /** How it was written (`-r` or `--relation`), for Juju's error texts. */
  form: string;
}

export interface ParsedArgs {
  flags: Map<string, FlagValue>;
  positionals: string[];
  help: boolean;
}

const TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);

function parseBool(v: string, form: string): boolean {
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new UsageError(`invalid value "${v}" for option ${form}: strconv.ParseBool: parsing "${v}": invalid syntax`);
}

export function parseArgs(args: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const flags = new Map<string, FlagValue>();
  const positionals: string[] = [];
  let help = false;
  let i = 0;
  const next = (form: string): string => {
    if (i + 1 >= args.length) throw new UsageError(`option needs an argument: ${form}`);
    i += 1;
    return args[i]!;
  };
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a === "-" || !a.startsWith("-")) {
      positionals.push(a);
      continue;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const form = `--${name}`;
      if (name === "help") {
        help = true;
        continue;
      }
      const spec = specs.find((s) => s.long === name || (name.length === 1 && s.short === name));
      if (!spec) throw new UsageError(`option provided but not defined: ${form}`);
      if (spec.kind === "bool") flags.set(spec.long, { value: eq < 0 ? true : parseBool(a.slice(eq + 1), form), form });
      else flags.set(spec.long, { value: eq < 0 ? next(form) : a.slice(eq + 1), form });
      continue;
    }
    // One or more short flags: -r3, -r 3, -ab.
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      const form = `-${c}`;
      if (c === "h") {
        help = true;
        continue;
      }
      const spec = specs.find((s) => s.short === c || s.long === c);
      if (!spec) throw new UsageError(`option provided but not defined: ${form}`);
      if (spec.kind === "bool") {
        flags.set(spec.long, { value: true, form });
        continue;
      }
      const rest = a.slice(j + 1);
      flags.set(spec.long, { value: rest !== "" ? rest : next(form), form });
      break;
    }
  }
  return { flags, positionals, help };
}

export function flagBool(p: ParsedArgs, long: string): boolean {
  return p.flags.get(long)?.value === true;
}

export function flagString(p: ParsedArgs, long: string): string | undefined {
  const v = p.flags.get(long)?.value;
  return typeof v === "string" ? v : undefined;
}

/** `ERROR unrecognized args: ["x" "y"]` (Go %q of a slice). */
export function rejectExtra(positionals: readonly string[], max: number): void {
  if (positionals.length > max) {
    const extra = positionals.slice(max).map((s) => JSON.stringify(s));
    throw new UsageError(`unrecognized args: [${extra.join(" ")}]`);
  }
}
