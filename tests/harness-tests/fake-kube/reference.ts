/**
 * The kube-apiserver v1.26.1 reference (shared/reference/kube-apiserver) for the conformance
 * suite: loading its files, replaying recorded requests against a fake over HTTP, and comparing
 * answers with the placeholders (`<uid>`, `<time>`, `<rv>`, `0x<pointer>`) aside.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FakeKube } from "../../harness/fake-kube/index.ts";
import type { Body } from "./support.ts";

export const REFERENCE_DIR = fileURLToPath(new URL("../../../../shared/reference/kube-apiserver/", import.meta.url));

export function referenceAvailable(): boolean {
  return existsSync(`${REFERENCE_DIR}README.md`);
}

export function readReference(file: string): Body {
  return JSON.parse(readFileSync(`${REFERENCE_DIR}${file}`, "utf8")) as Body;
}

export interface Recorded {
  method: string;
  path: string;
  query?: Record<string, string> | null;
  contentType?: string;
  body?: unknown;
}

export interface AppliedFile {
  file: string;
  kind: string;
  name: string;
  request: Recorded;
  response: { code: number; body: Body };
}

/** The 32 applied objects, non-workloads first then Deployments and DaemonSets (the reference's order). */
export function appliedFiles(): AppliedFile[] {
  const files = readdirSync(`${REFERENCE_DIR}applied`).filter((f) => f.endsWith(".json")).sort();
  const all = files.map((f) => {
    const d = readReference(`applied/${f}`);
    const [kind, ...rest] = f.replace(/\.json$/, "").split("-");
    return { file: f, kind: kind!, name: rest.join("-"), request: d["request"] as Recorded, response: d["response"] as AppliedFile["response"] };
  });
  const workload = (a: AppliedFile) => a.kind === "Deployment" || a.kind === "DaemonSet";
  return [...all.filter((a) => !workload(a)), ...all.filter(workload)];
}

export function applied(kind: string, name: string): AppliedFile {
  const a = appliedFiles().find((x) => x.kind === kind && x.name === name);
  if (!a) throw new Error(`no applied/${kind}-${name}.json`);
  return a;
}

const TIME_KEYS = new Set(["creationTimestamp", "deletionTimestamp", "time", "lastUpdateTime", "lastTransitionTime"]);

/** Replaces what differs between runs by the reference's placeholders (idempotent on the reference). */
export function scrub(x: unknown, key?: string): unknown {
  if (Array.isArray(x)) return x.map((v) => scrub(v));
  if (x !== null && typeof x === "object") {
    return Object.fromEntries(Object.entries(x as Body).map(([k, v]) => [k, scrub(v, k)]));
  }
  if (typeof x !== "string") return x;
  if (key === "uid") return "<uid>";
  if (key === "resourceVersion") return "<rv>";
  if (key === "continue" && x !== "") return "<continue-token>";
  if (key !== undefined && TIME_KEYS.has(key)) return "<time>";
  return x.replace(/0x[0-9a-f]{6,}/g, "0x<pointer>");
}

export interface Reply {
  status: number;
  contentType: string;
  /** Parsed JSON, or the text. */
  body: unknown;
}

/** One recorded request sent as recorded (JSON body text, its content type, its query). */
export async function send(fk: FakeKube, r: Recorded, opts: { token?: string | null; body?: unknown } = {}): Promise<Reply> {
  const q = new URLSearchParams(r.query ?? {}).toString();
  const body = opts.body !== undefined ? opts.body : r.body;
  const token = opts.token === undefined ? fk.token : opts.token;
  const res = await fetch(`${fk.url}${r.path}${q ? `?${q}` : ""}`, {
    method: r.method,
    headers: {
      "User-Agent": "test-client/1.0",
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { "Content-Type": r.contentType ?? "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const contentType = res.headers.get("content-type") ?? "";
  return { status: res.status, contentType, body: contentType.startsWith("application/json") ? JSON.parse(text) : text };
}

/** Every recorded request in a reference document: objects with method, path and code. */
export function recordedRequests(doc: Body, prefix = ""): { name: string; rec: Body }[] {
  const out: { name: string; rec: Body }[] = [];
  if (typeof doc["method"] === "string" && typeof doc["path"] === "string" && typeof doc["code"] === "number") out.push({ name: prefix || "request", rec: doc });
  for (const [k, v] of Object.entries(doc)) {
    if (v !== null && typeof v === "object" && !Array.isArray(v) && k !== "body" && k !== "requestBody") out.push(...recordedRequests(v as Body, prefix ? `${prefix}.${k}` : k));
  }
  return out;
}

/** A clock for the fake's times: one-second resolution, moved only when a test says so. */
export class TestClock {
  #t = Date.parse("2026-12-07T12:00:00Z");
  readonly now = (): string => new Date(this.#t).toISOString().replace(/\.\d+Z$/, "Z");
  advance(seconds = 2): void {
    this.#t += seconds * 1000;
  }
}
