/**
 * What @kubernetes/client-node takes from `undici` (fetch, Agent, ProxyAgent), on Node's own
 * http/https modules. The charm bundle uses this in place of undici (scripts/build.ts), which
 * would add ~1.4 MB of code and tens of milliseconds to every hook that talks to the API.
 * Covers what a hook needs: one request at a time, TLS with the kubeconfig's CA / client
 * certificate / skip-verify, abort signals, one keep-alive connection. Proxies are not supported.
 */
import http from "node:http";
import https from "node:https";

type TlsOptions = Pick<https.AgentOptions, "ca" | "cert" | "key" | "pfx" | "passphrase" | "rejectUnauthorized" | "servername">;

/**
 * All requests of a hook share one keep-alive connection to the API server: client-node builds a
 * new dispatcher for every request, so agents are kept per TLS settings, and each opens one
 * socket (requests started together wait for it, in order) instead of one TLS handshake per
 * request, which the API server pays for as well.
 */
const MAX_SOCKETS = 1;
const tlsAgents = new Map<string, https.Agent>();

function tlsKey(o: Record<string, unknown>): string {
  return JSON.stringify(o, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString("base64") : v));
}

/** The dispatcher client-node builds from the kubeconfig's TLS settings. */
export class Agent {
  readonly agent: https.Agent;
  readonly #key: string;

  constructor(opts: { connect?: TlsOptions & { keepAlive?: boolean } } = {}) {
    const key = tlsKey(opts.connect ?? {});
    this.#key = key;
    let agent = tlsAgents.get(key);
    if (agent === undefined) {
      agent = new https.Agent({ ...(opts.connect ?? {}), keepAlive: true, maxSockets: MAX_SOCKETS });
      tlsAgents.set(key, agent);
    }
    this.agent = agent;
  }

  close(): Promise<void> {
    tlsAgents.delete(this.#key);
    this.agent.destroy();
    return Promise.resolve();
  }
}

export class ProxyAgent {
  constructor(_opts: unknown) {
    throw new Error("proxy-url in the kubeconfig is not supported by the charm");
  }
}

const plainAgent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
const defaultTlsAgent = new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });

export interface LiteResponse {
  status: number;
  headers: { forEach(cb: (value: string, name: string) => void): void };
  text(): Promise<string>;
  buffer(): Promise<Buffer>;
  body: NodeJS.ReadableStream;
}

interface LiteInit {
  method?: string;
  body?: string | Buffer | null;
  headers?: Record<string, string>;
  signal?: AbortSignal | null;
  dispatcher?: Agent;
}

export function fetch(url: string | URL, init: LiteInit = {}): Promise<LiteResponse> {
  const u = new URL(String(url));
  const tls = u.protocol === "https:";
  const mod = tls ? https : http;
  const agent = tls ? (init.dispatcher?.agent ?? defaultTlsAgent) : plainAgent;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      u,
      { method: init.method ?? "GET", headers: init.headers ?? {}, agent, ...(init.signal ? { signal: init.signal } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        const done = new Promise<Buffer>((ok, fail) => {
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => ok(Buffer.concat(chunks)));
          res.on("error", fail);
        });
        resolve({
          status: res.statusCode ?? 0,
          headers: {
            forEach(cb) {
              for (const [name, value] of Object.entries(res.headers)) {
                if (value !== undefined) cb(Array.isArray(value) ? value.join(", ") : value, name);
              }
            },
          },
          text: async () => (await done).toString("utf8"),
          buffer: () => done,
          body: res,
        });
      },
    );
    req.on("error", reject);
    if (init.body !== undefined && init.body !== null) req.write(init.body);
    req.end();
  });
}
