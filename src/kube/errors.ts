/**
 * Kubernetes failures as short, safe reasons: no secrets, no response bodies, one line.
 * `KubeError` is what every function in src/kube throws; callers turn it into a Problem.
 */
import type { Problem } from "../manifests/types.ts";

export class KubeError extends Error {
  /** HTTP status when the server answered, undefined for network failures. */
  readonly code: number | undefined;
  /** Kubernetes Status reason (NotFound, AlreadyExists, Conflict, Invalid, ...) when known. */
  readonly reason: string | undefined;
  constructor(message: string, code?: number, reason?: string) {
    super(message);
    this.name = "KubeError";
    this.code = code;
    this.reason = reason;
  }
}

const LONG_BASE64 = /[A-Za-z0-9+/]{24,}={0,2}/g;

/** One line, bounded, anything that looks like a key or token replaced. */
export function safeText(text: string, max = 120): string {
  const line = (text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "").trim().replace(LONG_BASE64, "<redacted>");
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function statusBody(body: unknown): { message?: string; reason?: string } {
  let b = body;
  if (typeof b === "string") {
    try {
      b = JSON.parse(b);
    } catch {
      return {};
    }
  }
  if (typeof b !== "object" || b === null) return {};
  const o = b as Record<string, unknown>;
  return {
    ...(typeof o["message"] === "string" ? { message: o["message"] } : {}),
    ...(typeof o["reason"] === "string" ? { reason: o["reason"] } : {}),
  };
}

function networkReason(e: unknown): string | undefined {
  const seen = new Set<unknown>();
  let cur: unknown = e;
  while (cur && typeof cur === "object" && !seen.has(cur)) {
    seen.add(cur);
    const o = cur as { name?: string; code?: string; message?: string; cause?: unknown };
    if (o.name === "TimeoutError" || o.name === "AbortError") return "request timed out";
    switch (o.code) {
      case "ECONNREFUSED":
        return "connection refused";
      case "ECONNRESET":
      case "UND_ERR_SOCKET":
        return "connection reset";
      case "ENOTFOUND":
      case "EAI_AGAIN":
        return "host not found";
      case "ETIMEDOUT":
      case "UND_ERR_CONNECT_TIMEOUT":
      case "UND_ERR_HEADERS_TIMEOUT":
      case "UND_ERR_BODY_TIMEOUT":
        return "request timed out";
      case "EHOSTUNREACH":
      case "ENETUNREACH":
        return "host unreachable";
      case "DEPTH_ZERO_SELF_SIGNED_CERT":
      case "SELF_SIGNED_CERT_IN_CHAIN":
      case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
      case "CERT_HAS_EXPIRED":
      case "ERR_TLS_CERT_ALTNAME_INVALID":
        return `TLS error (${o.code})`;
    }
    cur = o.cause;
  }
  return undefined;
}

/** Any error from the client (ApiException, fetch failure, timeout) as a KubeError. */
export function toKubeError(e: unknown, what?: string): KubeError {
  if (e instanceof KubeError) return e;
  const prefix = what ? `${what}: ` : "";
  const o = (e ?? {}) as { code?: unknown; body?: unknown; message?: unknown };
  if (typeof o.code === "number" && o.code >= 100 && o.code < 600) {
    const s = statusBody(o.body);
    const detail = s.message ? safeText(s.message, 100) : (s.reason ?? `HTTP ${o.code}`);
    return new KubeError(safeText(`${prefix}${detail} (HTTP ${o.code})`, 160), o.code, s.reason);
  }
  const net = networkReason(e);
  if (net) return new KubeError(`${prefix}${net}`);
  const msg = typeof o.message === "string" ? o.message : String(e);
  return new KubeError(safeText(`${prefix}${msg}`, 160));
}

/** waiting "Waiting for Kubernetes API: <reason>". */
export function apiProblem(e: unknown): Problem {
  return { status: "waiting", message: `Waiting for Kubernetes API: ${toKubeError(e).message}` };
}

export function isNotFound(e: unknown): boolean {
  return (e as { code?: unknown })?.code === 404;
}
