/**
 * Using Ceph the way Ceph CSI does: only the user id and key from the charm's Kubernetes
 * Secret and the monitors from its ConfigMap; no ceph.conf, no /etc/ceph, no admin keyring.
 */
import assert from "node:assert/strict";
import { asClient } from "../harness/real-ceph/as-client.ts";
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
 * Throws with the last stderr line on failure.
 */
export async function asCsi(bin: "ceph" | "rbd", creds: Creds, args: readonly string[]): Promise<string> {
  return asClient(bin, creds, args);
}
