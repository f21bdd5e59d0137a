/**
 * What @kubernetes/client-node takes from `undici` (fetch, Agent, ProxyAgent), on Node's own
 * http/https modules. The charm bundle uses this in place of undici (scripts/build.ts), which
 * would add ~1.4 MB of code and tens of milliseconds to every hook that talks to the API.
 * Covers what a hook needs: one request at a time, TLS with the kubeconfig's CA / client
 * certificate / skip-verify, abort signals, keep-alive. Proxies are not supported.
 */
import http from "node:http";
import https from "node:https";

type TlsOptions = Pick<https.AgentOptions, "ca" | "cert" | "key" | "pfx" | "passphrase" | "rejectUnauthorized" | "servername">;

/** The dispatcher client-node builds from the kubeconfig's TLS settings. */
export class Agent {
  readonly agent: https.Agent;

  constructor(opts: { connect?: TlsOptions & { keepAlive?: boolean } } = {}) {
    this.agent = new https.Agent({ keepAlive: true, ...(opts.connect ?? {}) });
  }

  close(): Promise<void> {
    this.agent.destroy();
    return Promise.resolve();
  }
}

export class ProxyAgent {
  constructor(_opts: unknown) {
    throw new Error("proxy-url in the kubeconfig is not supported by the charm");
  }
}

const plainAgent = new http.Agent({ keepAlive: true });
const defaultTlsAgent = new https.Agent({ keepAlive: true });

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
