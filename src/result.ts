/**
 * The one outcome shape of the charm: a value, or what went wrong. Pure code returns it instead
 * of throwing; the error is a Problem (src/status/problem.ts) unless a function says otherwise.
 */
import type { Problem } from "./status/problem.ts";

export type Result<T, E = Problem> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
