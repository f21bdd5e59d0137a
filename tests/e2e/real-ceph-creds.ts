/**
 * Using Ceph the way Ceph CSI does: only the user id and key from the charm's Kubernetes
 * Secret and the monitors from its ConfigMap; no ceph.conf, no /etc/ceph, no admin keyring.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import type { World } from "../harness/world.ts";

export interface Creds {
  id: string;
  key: string;
  monitors: string[];
}

/** What CSI reads from a Secret: `data` is base64 (the API server folds stringData into it). */
export function secretData(w: World, name: string): Record<string, string> {
  const s = w.objects("Secret").find((o) => o.metadata.name === name);
  assert.ok(s, `Secret ${name} exists`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((s["data"] as Record<string, string> | undefined) ?? {})) out[k] = Buffer.from(v, "base64").toString("utf8");
  for (const [k, v] of Object.entries((s["stringData"] as Record<string, string> | undefined) ?? {})) out[k] = v;
  return out;
}

/**
 * Run a Ceph tool as CSI would: `-c /dev/null -m <monitors> --id <id> --keyfile <file>`, with a
 * clean environment (no CEPH_CONF, no CEPH_ARGS), so neither /etc/ceph nor an admin keyring is read.
 * `scratch` is a private temp dir for the keyfile. Throws with the last stderr line on failure.
 */
export async function asCsi(bin: "ceph" | "rbd", creds: Creds, args: readonly string[], scratch: string): Promise<string> {
  const keyfile = join(scratch, `key-${creds.id}`);
  writeFileSync(keyfile, creds.key, { mode: 0o600 });
  const r = await execa(bin, ["-c", "/dev/null", "-m", creds.monitors.join(","), "--id", creds.id, "--keyfile", keyfile, ...args], {
    reject: false,
    timeout: 60_000,
    stdin: "ignore",
    extendEnv: false,
    env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: scratch },
    encoding: "utf8",
  });
  if (r.failed) throw new Error(`${bin} ${args.join(" ")} as ${creds.id} failed: ${String(r.stderr).trim().split("\n").pop()}`);
  return String(r.stdout);
}
