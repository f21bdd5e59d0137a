/**
 * Kubernetes failures as short, safe reasons: no secrets, no response bodies, one line.
 * `KubeError` is what the client throws; the seam hands it on as a KubeFailure.
 */
import { IMMUTABLE_TEXT, type KubeFailure } from "../converge/ops.ts";
import { oneLine } from "../redact.ts";

/** Classify with `isKubeError`, not `instanceof`: an error that crossed a seam may come from another copy of this module. */
export class KubeError extends Error {
  /** HTTP status when the server answered, undefined for network failures. */
  readonly code: number | undefined;
  /** Kubernetes Status reason (NotFound, AlreadyExists, Conflict, Invalid, ...) when known. */
  readonly reason: string | undefined;
  /** The server refused to change a field that may not change (read from the whole Status, before the message is cut). */
  readonly immutable: boolean;
  constructor(message: string, code?: number, reason?: string, immutable = false) {
    super(message);
    this.name = "KubeError";
    this.code = code;
    this.reason = reason;
    this.immutable = immutable;
  }
}


/** A KubeError from any copy of this module: by its name and fields, not by its class. */
export function isKubeError(e: unknown): e is KubeError {
  if (typeof e !== "object" || e === null) return false;
  const o = e as { name?: unknown; message?: unknown; code?: unknown; reason?: unknown };
  return (
    o.name === "KubeError" &&
    typeof o.message === "string" &&
    (o.code === undefined || typeof o.code === "number") &&
    (o.reason === undefined || typeof o.reason === "string")
  );
}

const safeText = oneLine;

function statusBody(body: unknown): { message?: string; reason?: string; immutable?: boolean } {
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
  const causes = ((o["details"] as { causes?: unknown } | undefined)?.causes ?? []) as { message?: unknown }[];
  const texts = [o["message"], ...(Array.isArray(causes) ? causes.map((c) => c?.message) : [])].filter((t): t is string => typeof t === "string");
  return {
    ...(typeof o["message"] === "string" ? { message: o["message"] } : {}),
    ...(typeof o["reason"] === "string" ? { reason: o["reason"] } : {}),
    ...(texts.some((t) => IMMUTABLE_TEXT.test(t)) ? { immutable: true } : {}),
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
  if (isKubeError(e)) return e;
  const prefix = what ? `${what}: ` : "";
  const o = (e ?? {}) as { code?: unknown; body?: unknown; message?: unknown };
  if (typeof o.code === "number" && o.code >= 100 && o.code < 600) {
    const s = statusBody(o.body);
    const detail = s.message ? safeText(s.message, 100) : (s.reason ?? `HTTP ${o.code}`);
    return new KubeError(safeText(`${prefix}${detail} (HTTP ${o.code})`, 160), o.code, s.reason, s.immutable === true && o.code === 422);
  }
  const net = networkReason(e);
  if (net) return new KubeError(`${prefix}${net}`);
  const msg = typeof o.message === "string" ? o.message : String(e);
  return new KubeError(safeText(`${prefix}${msg}`, 160));
}

/** Any error from the client as data the decision reads. */
export function toFailure(e: unknown): KubeFailure {
  const k = toKubeError(e);
  return {
    message: k.message,
    ...(k.code !== undefined ? { code: k.code } : {}),
    ...(k.reason !== undefined ? { reason: k.reason } : {}),
    ...(k.immutable ? { immutable: true } : {}),
  };
}
