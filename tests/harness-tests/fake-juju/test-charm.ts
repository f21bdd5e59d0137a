/**
 * A tiny charm for testing the fake itself: its dispatch runs the shell snippet in
 * HOOK_<NAME> (hook or action name upper-cased, dashes → underscores) if set, else HOOK_ALL,
 * with the fake tools on PATH. Nothing from the real charm is involved.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeJuju, type StartOptions } from "../../harness/fake-juju/fake-juju.ts";

const DISPATCH = `#!/bin/sh
name=$(echo "\${JUJU_DISPATCH_PATH#*/}" | tr 'a-z-' 'A-Z_')
eval "snippet=\\\${HOOK_$name:-\\$HOOK_ALL}"
eval "$snippet"
`;

const METADATA = `name: tiny
summary: test charm
description: test charm
subordinate: true
requires:
  db:
    interface: db
  host:
    interface: juju-info
    scope: container
provides:
  website:
    interface: http
peers:
  cluster:
    interface: tiny-peers
`;

const CONFIG = `options:
  name:
    type: string
    default: tiny
    description: a string
  replicas:
    type: int
    default: 3
    description: an int
  ratio:
    type: float
    default: 0.5
    description: a float
  debug:
    type: boolean
    default: false
    description: a boolean
  token:
    type: string
    description: no default
`;

const ACTIONS = `greet:
  description: says hello
  params:
    who:
      type: string
      default: world
    times:
      type: integer
      default: 1
  additionalProperties: false
need:
  description: has a required param
  params:
    name:
      type: string
  required: [name]
  additionalProperties: false
`;

export interface TestCharm {
  dir: string;
  cleanup(): void;
}

export interface TestCharmOptions {
  dispatch?: string | null;
  executable?: boolean;
  /** Appended to the options of config.yaml (indented like them). */
  extraOptions?: string;
}

export function makeTestCharm(opts: TestCharmOptions = {}): TestCharm {
  const dir = mkdtempSync(join(tmpdir(), "tiny-charm-"));
  writeFileSync(join(dir, "metadata.yaml"), METADATA);
  writeFileSync(join(dir, "config.yaml"), CONFIG + (opts.extraOptions ?? ""));
  writeFileSync(join(dir, "actions.yaml"), ACTIONS);
  if (opts.dispatch !== null) {
    writeFileSync(join(dir, "dispatch"), opts.dispatch ?? DISPATCH);
    chmodSync(join(dir, "dispatch"), opts.executable === false ? 0o644 : 0o755);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}


export interface Tiny {
  env: FakeJuju;
  close(): Promise<void>;
}

/** A FakeJuju around a fresh tiny charm; hooks that fail are returned, not thrown. */
export async function tiny(hooks: Record<string, string> = {}, opts: StartOptions = {}, charmOpts: TestCharmOptions = {}): Promise<Tiny> {
  const charm = makeTestCharm(charmOpts);
  const env = await FakeJuju.start({ charmDir: charm.dir, hookErrors: "return", ...opts, env: { ...hooks, ...opts.env } });
  return {
    env,
    close: async () => {
      await env.stop();
      charm.cleanup();
    },
  };
}
