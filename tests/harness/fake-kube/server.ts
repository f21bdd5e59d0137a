/**
 * FakeKube: an in-memory Kubernetes API server over HTTP on 127.0.0.1, for the real
 * @kubernetes/client-node. Records every request and injects faults on demand.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import YAML from "yaml";
import { Cluster, type WriteResult } from "./cluster.ts";
import { apiGroup, coreVersions, groupList, hasGroupVersion, kindByPlural, resourceList } from "./kinds.ts";
import { badRequest, HttpError, internalError } from "./status.ts";

export interface RecordedRequest {
  seq: number;
  method: string;
  /** URL path without the query. */
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  /** Parsed body (JSON or YAML), or the raw text when it does not parse. */
  body: unknown;
  /** True for discovery (`/api`, `/apis`, `/api/v1`, `/apis/<g>/<v>`, `/version`). */
  discovery: boolean;
  /** HTTP status sent back; undefined when the connection was reset or the answer never came. */
  status?: number;
  /** Name of the injected fault, when one applied. */
  fault?: string;
}

export interface FaultSpec {
  /** Only requests with this method (or one of these). */
  method?: string | string[];
  /** Only paths containing this string, or matching this RegExp. */
  path?: string | RegExp;
  /** Let the first `after` matching requests through. */
  after?: number;
  /** Then fault this many matching requests (default: every one). */
  times?: number;
  /** Answer with this HTTP code and a Status body (default 500 when no other action is given). */
  status?: number;
  /** Message of the Status body. */
  message?: string;
  /** Wait this long, then answer (normally, or with `status` when set). */
  delayMs?: number;
  /** Destroy the connection without answering. */
  reset?: boolean;
  /** Never answer (until the server stops). */
  hang?: boolean;
}

export interface FaultHandle {
  readonly hits: number;
  remove(): void;
}

export interface StartOptions {
  /** Node count used for workload status (default 3). */
  nodes?: number;
  /** Port to listen on (default: a random free port). */
  port?: number;
  /** Where to write the kubeconfig (default: a new temp dir). */
  kubeconfigPath?: string;
  /** Bearer token the server accepts (default: random). */
  token?: string;
}

interface ActiveFault {
  spec: FaultSpec;
  seen: number;
  hits: number;
  name: string;
}

const HOST = "127.0.0.1";

export class FakeKube {
  readonly cluster: Cluster;
  readonly token: string;
  readonly kubeconfigPath: string;
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private faults: ActiveFault[] = [];
  private faultSeq = 0;
  private seq = 0;
  private portNumber = 0;
  private tmpDir: string | undefined;
  private listening = false;

  private constructor(opts: StartOptions) {
    this.cluster = new Cluster(opts.nodes ?? 3);
    this.token = opts.token ?? randomBytes(16).toString("hex");
    if (opts.kubeconfigPath) this.kubeconfigPath = opts.kubeconfigPath;
    else {
      this.tmpDir = mkdtempSync(join(tmpdir(), "fake-kube-"));
      this.kubeconfigPath = join(this.tmpDir, "kubeconfig");
    }
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) this.send(res, internalError(`fake-kube: ${(e as Error).message}`).body(), 500);
      });
    });
    this.server.keepAliveTimeout = 1000;
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
  }

  /** Starts a server on 127.0.0.1 and writes its kubeconfig. */
  static async start(opts: StartOptions = {}): Promise<FakeKube> {
    const fk = new FakeKube(opts);
    await fk.listen(opts.port ?? 0);
    writeFileSync(fk.kubeconfigPath, fk.kubeconfig(), { mode: 0o600 });
    return fk;
  }

  get port(): number {
    return this.portNumber;
  }

  get url(): string {
    return `http://${HOST}:${this.portNumber}`;
  }

  /** The kubeconfig text: one cluster, one token user, one context (client-node refuses http:// without insecure-skip-tls-verify). */
  kubeconfig(): string {
    return YAML.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "fake-kube", cluster: { server: this.url, "insecure-skip-tls-verify": true } }],
      users: [{ name: "fake-admin", user: { token: this.token } }],
      contexts: [{ name: "fake-kube", context: { cluster: "fake-kube", user: "fake-admin" } }],
      "current-context": "fake-kube",
      preferences: {},
    });
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      this.server.once("error", onError);
      this.server.listen(port, HOST, () => {
        this.server.off("error", onError);
        this.portNumber = (this.server.address() as AddressInfo).port;
        this.listening = true;
        resolve();
      });
    });
  }

  private dropConnections(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  /** Stops listening and drops open connections: clients get "connection refused". */
  async refuse(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.dropConnections();
    await closed;
  }

  /** Listens again on the same port after `refuse()`. */
  async accept(): Promise<void> {
    if (this.listening) return;
    await this.listen(this.portNumber);
  }

  async stop(): Promise<void> {
    await this.refuse();
    if (this.tmpDir) rmSync(this.tmpDir, { recursive: true, force: true });
  }

  addFault(spec: FaultSpec): FaultHandle {
    const f: ActiveFault = { spec, seen: 0, hits: 0, name: `fault-${++this.faultSeq}` };
    this.faults.push(f);
    return {
      get hits() {
        return f.hits;
      },
      remove: () => {
        this.faults = this.faults.filter((x) => x !== f);
      },
    };
  }

  clearFaults(): void {
    this.faults = [];
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  /** GET requests (resource reads and lists), without discovery unless asked. */
  reads(opts: { includeDiscovery?: boolean } = {}): RecordedRequest[] {
    return this.requests.filter((r) => r.method === "GET" && (opts.includeDiscovery || !r.discovery));
  }

  /** POST, PUT, PATCH and DELETE requests. */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== "GET" && r.method !== "HEAD");
  }

  private matchFault(r: RecordedRequest): ActiveFault | undefined {
    for (const f of this.faults) {
      const { method, path } = f.spec;
      if (method && !(Array.isArray(method) ? method : [method]).includes(r.method)) continue;
      if (typeof path === "string" && !r.path.includes(path)) continue;
      if (path instanceof RegExp && !path.test(r.path)) continue;
      f.seen++;
      if (f.seen <= (f.spec.after ?? 0)) continue;
      if (f.spec.times !== undefined && f.hits >= f.spec.times) continue;
      f.hits++;
      return f;
    }
    return undefined;
  }

  private send(res: ServerResponse, body: unknown, code: number): void {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(code, {
      "Content-Type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json",
      "Content-Length": Buffer.byteLength(text),
    });
    res.end(text);
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", this.url);
    const contentType = req.headers["content-type"];
    let body: unknown;
    let parseError = false;
    if (text !== "") {
      try {
        body = contentType?.includes("yaml") ? YAML.parse(text) : JSON.parse(text);
      } catch {
        body = text;
        parseError = true;
      }
    }
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const rec: RecordedRequest = {
      seq: ++this.seq,
      method: req.method ?? "GET",
      path,
      query: Object.fromEntries(url.searchParams),
      contentType,
      body,
      discovery: isDiscovery(path),
    };
    this.requests.push(rec);

    const fault = this.matchFault(rec);
    if (fault) {
      rec.fault = fault.name;
      const s = fault.spec;
      if (s.hang) return;
      if (s.delayMs) await this.delay(s.delayMs);
      if (s.reset) {
        req.socket.destroy();
        return;
      }
      if (s.status !== undefined || !s.delayMs) {
        const code = s.status ?? 500;
        const reason = code === 500 ? "InternalError" : code === 503 ? "ServiceUnavailable" : code === 429 ? "TooManyRequests" : "Unknown";
        const err = new HttpError(code, reason, s.message ?? `injected fault (${code})`);
        rec.status = code;
        this.send(res, err.body(), code);
        return;
      }
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      rec.status = 401;
      this.send(res, new HttpError(401, "Unauthorized", "Unauthorized").body(), 401);
      return;
    }
    try {
      if (parseError) throw badRequest("the body of the request could not be decoded");
      const [code, out] = this.route(rec, req.headers["user-agent"]);
      rec.status = code;
      this.send(res, out, code);
    } catch (e) {
      const err = e instanceof HttpError ? e : internalError(`fake-kube: ${(e as Error).message}`);
      rec.status = err.code;
      this.send(res, err.body(), err.code);
    }
  }

  private route(r: RecordedRequest, userAgent: string | undefined): [number, unknown] {
    const parts = r.path.split("/").filter((p) => p !== "");
    if (r.path === "/version") return [200, { major: "1", minor: "33", gitVersion: "v1.33.0-fake", platform: "linux/amd64" }];
    if (r.path === "/healthz" || r.path === "/readyz" || r.path === "/livez") return [200, "ok"];
    let group: string;
    let version: string;
    let rest: string[];
    if (parts[0] === "api") {
      if (parts.length === 1) return [200, coreVersions()];
      group = "";
      version = parts[1]!;
      rest = parts.slice(2);
    } else if (parts[0] === "apis") {
      if (parts.length === 1) return [200, groupList()];
      const g = apiGroup(parts[1]!);
      if (parts.length === 2) {
        if (!g) throw pathNotFound();
        return [200, g];
      }
      group = parts[1]!;
      version = parts[2]!;
      rest = parts.slice(3);
    } else throw pathNotFound();
    if (!hasGroupVersion(group, version)) throw pathNotFound();
    if (rest.length === 0) return [200, resourceList(group, version)];

    let ns: string | undefined;
    let plural: string;
    let name: string | undefined;
    if (rest[0] === "namespaces" && rest.length >= 3) {
      ns = decodeURIComponent(rest[1]!);
      plural = rest[2]!;
      name = rest[3] === undefined ? undefined : decodeURIComponent(rest[3]);
      if (rest.length > 4) throw pathNotFound();
    } else {
      plural = rest[0]!;
      name = rest[1] === undefined ? undefined : decodeURIComponent(rest[1]);
      if (rest.length > 2) throw pathNotFound();
    }
    const k = kindByPlural(group, version, plural);
    if (!k) throw pathNotFound();
    if (!k.namespaced && ns !== undefined) throw pathNotFound();
    if (k.namespaced && ns === undefined && name !== undefined) throw pathNotFound();

    const manager = r.query["fieldManager"] ?? (userAgent ? userAgent.split("/")[0] : undefined) ?? "unknown";
    const written = (w: WriteResult, createdCode = 201): [number, unknown] => [w.created ? createdCode : 200, w.obj];
    switch (r.method) {
      case "GET":
        return name === undefined ? [200, this.cluster.list(k, ns, r.query["labelSelector"])] : [200, this.cluster.get(k, ns, name)];
      case "POST":
        if (name !== undefined) throw methodNotAllowed();
        return written(this.cluster.create(k, ns, r.body, manager));
      case "PUT":
        if (name === undefined) throw methodNotAllowed();
        return written(this.cluster.replace(k, ns, name, r.body, manager));
      case "PATCH": {
        if (name === undefined) throw methodNotAllowed();
        const ct = (r.contentType ?? "").split(";")[0]!.trim();
        if (ct === "application/apply-patch+yaml") {
          return written(this.cluster.apply(k, ns, name, r.body, r.query["fieldManager"], r.query["force"] === "true"));
        }
        if (ct === "application/merge-patch+json" || ct === "application/strategic-merge-patch+json") {
          return written(this.cluster.mergePatch(k, ns, name, r.body, manager));
        }
        throw new HttpError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml (got ${ct})`);
      }
      case "DELETE":
        if (name === undefined) throw methodNotAllowed();
        return [200, this.cluster.delete(k, ns, name)];
      default:
        throw methodNotAllowed();
    }
  }
}

function isDiscovery(path: string): boolean {
  return /^\/(api|apis|api\/v1|apis\/[^/]+|apis\/[^/]+\/[^/]+|version)$/.test(path);
}

function pathNotFound(): HttpError {
  return new HttpError(404, "NotFound", "the server could not find the requested resource");
}

function methodNotAllowed(): HttpError {
  return new HttpError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
}
