/**
 * FakeKube: an in-memory Kubernetes API server over HTTP on 127.0.0.1, for the real
 * @kubernetes/client-node. Records every request and injects faults on demand.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import YAML from "yaml";
import { Cluster } from "./cluster.ts";
import { Provisioner, type ProvisionerOptions } from "./provisioner.ts";
import { type FaultHandle, type FaultMatch, Faults } from "./faults.ts";
import { type Answer, isDiscovery, route } from "./router.ts";
import { badRequest, errorBody, HttpError, internalError } from "./status.ts";
import { anonymousRefusal } from "./anonymous.ts";
import { tlsMaterial } from "./tls.ts";
import type { WorkloadMode } from "./workloads.ts";

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

export interface FaultSpec extends FaultMatch {
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

export type { FaultHandle };

export interface StartOptions {
  /** Node count used for workload status (default 3). */
  nodes?: number;
  /** Kubernetes version served, "1.26" to "1.34" (default "1.33"): 1.26 drops CSIDriver seLinuxMount. */
  kubeVersion?: string;
  /** "ready" (default) or "pending": workloads wait as on a cluster without nodes until markWorkloadsReady(). */
  workloads?: WorkloadMode;
  /** Port to listen on (default: a random free port). */
  port?: number;
  /** Where to write the kubeconfig (default: a new temp dir). */
  kubeconfigPath?: string;
  /** Bearer token the server accepts (default: random). */
  token?: string;
  /**
   * Serve HTTPS with a CA of its own, written into the kubeconfig as certificate-authority-data
   * (default false: plain http with insecure-skip-tls-verify, which @kubernetes/client-node and the
   * charm accept; kubectl and other stock clients need `tls: true`).
   */
  tls?: boolean;
  /** Serve snapshot.storage.k8s.io/v1 from the start (default false; see enableSnapshotApi). */
  snapshotApi?: boolean;
  /** Run the provisioner stand-in from the start (true: defaults; see enableProvisioner). */
  provisioner?: boolean | ProvisionerOptions;
}

const HOST = "127.0.0.1";

export class FakeKube {
  readonly cluster: Cluster;
  readonly token: string;
  readonly kubeconfigPath: string;
  readonly requests: RecordedRequest[] = [];
  /** Connections clients opened (TCP; each a TLS handshake over HTTPS) since the start or clearRequests(). */
  connections = 0;
  /** PEM of the CA the kubeconfig trusts (HTTPS only). */
  readonly caPem: string | undefined;
  private provisionerInstance: Provisioner | undefined;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly faults = new Faults<FaultSpec>();
  private seq = 0;
  private portNumber = 0;
  private tmpDir: string | undefined;
  private listening = false;

  private constructor(opts: StartOptions) {
    this.cluster = new Cluster({
      nodes: opts.nodes ?? 3,
      ...(opts.kubeVersion ? { kubeVersion: opts.kubeVersion } : {}),
      ...(opts.workloads ? { workloads: opts.workloads } : {}),
    });
    this.token = opts.token ?? randomBytes(16).toString("hex");
    if (opts.kubeconfigPath) this.kubeconfigPath = opts.kubeconfigPath;
    else {
      this.tmpDir = mkdtempSync(join(tmpdir(), "fake-kube-"));
      this.kubeconfigPath = join(this.tmpDir, "kubeconfig");
    }
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) this.send(res, internalError(`fake-kube: ${(e as Error).message}`).body(), 500);
      });
    };
    if (opts.tls) {
      const t = tlsMaterial();
      this.caPem = t.caPem;
      this.server = createTlsServer({ cert: t.cert, key: t.key }, onRequest);
    } else {
      this.server = createServer(onRequest);
    }
    // Like kube-apiserver (Go's net/http): no `Keep-Alive: timeout=` hint, so a client may keep its
    // connection for the next request (Node drops a connection whose hint is 1 s at once). Idle
    // connections end with the client's process, or with stop()/refuse().
    this.server.keepAliveTimeout = 0;
    this.server.on("connection", (s) => {
      this.connections++;
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
  }

  /** Starts a server on 127.0.0.1 and writes its kubeconfig. */
  static async start(opts: StartOptions = {}): Promise<FakeKube> {
    const fk = new FakeKube(opts);
    if (opts.snapshotApi) fk.enableSnapshotApi();
    if (opts.provisioner) fk.enableProvisioner(opts.provisioner === true ? {} : opts.provisioner);
    await fk.listen(opts.port ?? 0);
    writeFileSync(fk.kubeconfigPath, fk.kubeconfig(), { mode: 0o600 });
    return fk;
  }

  get port(): number {
    return this.portNumber;
  }

  get url(): string {
    return `${this.caPem ? "https" : "http"}://${HOST}:${this.portNumber}`;
  }

  /**
   * The kubeconfig text: one cluster, one token user, one context. Over HTTPS the cluster carries the
   * CA; over http it says insecure-skip-tls-verify (client-node refuses http:// otherwise).
   */
  kubeconfig(): string {
    const cluster = this.caPem
      ? { server: this.url, "certificate-authority-data": Buffer.from(this.caPem).toString("base64") }
      : { server: this.url, "insecure-skip-tls-verify": true };
    return YAML.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "fake-kube", cluster }],
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

  /**
   * Serves snapshot.storage.k8s.io/v1 (VolumeSnapshotClass, VolumeSnapshot, VolumeSnapshotContent)
   * from now on: in discovery, OpenAPI, and `kubectl get crd` (like installing the CRDs).
   */
  enableSnapshotApi(): void {
    this.cluster.enableApi("snapshot");
  }

  /** Stops serving snapshot.storage.k8s.io (404 again); its objects are gone, as when the CRDs are deleted. */
  disableSnapshotApi(): void {
    this.cluster.disableApi("snapshot");
  }

  get snapshotApi(): boolean {
    return this.cluster.apiEnabled("snapshot");
  }

  /**
   * Starts (or reconfigures) the provisioner stand-in: claims of classes whose provisioner is a
   * served driver get a volume and are Bound, or stay Pending with a ProvisioningFailed event
   * when told to refuse. Claims already Pending are tried at once.
   */
  enableProvisioner(opts: ProvisionerOptions = {}): Provisioner {
    if (this.provisionerInstance) this.provisionerInstance.configure(opts);
    else this.provisionerInstance = new Provisioner(this.cluster, opts);
    return this.provisionerInstance;
  }

  /** Stops the stand-in: new claims stay Pending without events, as with no controller running. */
  disableProvisioner(): void {
    this.provisionerInstance?.stop();
    this.provisionerInstance = undefined;
  }

  /** The running provisioner stand-in, if any. */
  get provisioner(): Provisioner | undefined {
    return this.provisionerInstance;
  }

  async stop(): Promise<void> {
    this.disableProvisioner();
    await this.refuse();
    if (this.tmpDir) rmSync(this.tmpDir, { recursive: true, force: true });
  }

  addFault(spec: FaultSpec): FaultHandle {
    return this.faults.add(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  clearRequests(): void {
    this.requests.length = 0;
    this.connections = 0;
  }

  /** GET requests (resource reads and lists), without discovery unless asked. */
  reads(opts: { includeDiscovery?: boolean } = {}): RecordedRequest[] {
    return this.requests.filter((r) => r.method === "GET" && (opts.includeDiscovery || !r.discovery));
  }

  /** POST, PUT, PATCH and DELETE requests that may change something (dryRun=All ones are dryRuns()). */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== "GET" && r.method !== "HEAD" && r.query["dryRun"] === undefined);
  }

  /** Requests with dryRun=All: checked, answered, nothing stored. */
  dryRuns(): RecordedRequest[] {
    return this.requests.filter((r) => r.query["dryRun"] !== undefined);
  }

  private send(res: ServerResponse, body: unknown, code: number, a: Partial<Answer> = {}): void {
    const data = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
    const type = a.contentType ?? (Buffer.isBuffer(body) ? "application/octet-stream" : typeof body === "string" ? "text/plain; charset=utf-8" : "application/json");
    res.writeHead(code, { ...(a.headers ?? {}), "Content-Type": type, "Content-Length": data.length });
    res.end(data);
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

  /**
   * Test controls over HTTP (for the standalone server), under /fake-kube/:
   * `POST /fake-kube/workloads-ready` (markWorkloadsReady) and
   * `POST /fake-kube/finish-namespace-deletion[?name=NS]` (finishNamespaceDeletion).
   */
  private control(method: string, path: string, query: Record<string, string>): object | undefined {
    if (!path.startsWith("/fake-kube/")) return undefined;
    if (method !== "POST") throw new HttpError(405, "MethodNotAllowed", "fake-kube controls take POST");
    if (path === "/fake-kube/workloads-ready") {
      this.cluster.markWorkloadsReady();
      return { workloads: this.cluster.workloads };
    }
    if (path === "/fake-kube/finish-namespace-deletion") {
      const before = this.cluster.terminatingNamespaces();
      this.cluster.finishNamespaceDeletion(query["name"]);
      return { deleted: before.filter((n) => !this.cluster.terminatingNamespaces().includes(n)) };
    }
    throw new HttpError(404, "NotFound", `unknown fake-kube control ${path}`);
  }

  /** Pending workloads turn ready (see ClusterOptions.workloads). */
  markWorkloadsReady(): void {
    this.cluster.markWorkloadsReady();
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

    const fault = this.faults.match(rec.method, rec.path);
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
    if (req.headers.authorization === undefined) {
      const refusal = anonymousRefusal(rec.method, rec.path);
      if (refusal) {
        rec.status = 403;
        this.send(res, refusal.body(), 403);
        return;
      }
    } else if (req.headers.authorization !== `Bearer ${this.token}`) {
      rec.status = 401;
      this.send(res, new HttpError(401, "Unauthorized", "Unauthorized").body(), 401);
      return;
    }
    try {
      if (contentType?.includes("protobuf")) {
        throw new HttpError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (fake-kube does not decode ${contentType})`);
      }
      if (parseError) throw badRequest("the body of the request could not be decoded");
      const control = this.control(rec.method, rec.path, rec.query);
      if (control) {
        rec.status = 200;
        this.send(res, control, 200);
        return;
      }
      const a = route(this.cluster, { ...rec, accept: req.headers.accept, userAgent: req.headers["user-agent"] });
      rec.status = a.code;
      this.send(res, a.body, a.code, a);
    } catch (e) {
      const err = e instanceof HttpError ? e : internalError(`fake-kube: ${(e as Error).message}`);
      rec.status = err.code;
      this.send(res, errorBody(err), err.code);
    }
  }

}


