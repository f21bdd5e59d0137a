import type { Problem } from "../manifests/types.ts";

/**
 * The outcome of a ceph-side step: a value, or the problem that becomes the unit status
 * (plus an optional redacted detail for the log).
 */
export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem; detail?: string };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(status: Problem["status"], message: string, detail?: string): Result<T> {
  return detail === undefined ? { ok: false, problem: { status, message } } : { ok: false, problem: { status, message }, detail };
}
