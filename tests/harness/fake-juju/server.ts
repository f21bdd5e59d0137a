/** The fake unit agent: serves hook tools over a unix socket, one call at a time, per context id. */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HookContext } from "./context.ts";
import { decodeRequest, encodeResponse } from "./protocol.ts";
import { runTool } from "./tools/index.ts";

export class AgentServer {
  readonly socketPath: string;
  readonly contexts = new Map<string, HookContext>();
  readonly #server: Server;
  readonly #dir: string;

  private constructor(server: Server, dir: string, socketPath: string) {
    this.#server = server;
    this.#dir = dir;
    this.socketPath = socketPath;
  }

  static async start(): Promise<AgentServer> {
    const dir = mkdtempSync(join(tmpdir(), "fake-juju-agent-"));
    const socketPath = join(dir, "agent.sock");
    let self: AgentServer | undefined;
    const server = createServer((sock) => self?.handle(sock));
    self = new AgentServer(server, dir, socketPath);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(socketPath, () => resolve());
    });
    return self;
  }

  private handle(sock: Socket): void {
    let buf = Buffer.alloc(0);
    sock.on("error", () => sock.destroy());
    sock.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      const req = decodeRequest(buf);
      if (!req) return;
      const ctx = this.contexts.get(req.contextId);
      const res = ctx
        ? runTool(ctx, req.tool, req.args, req.stdin, req.cwd)
        : { code: 1, stdout: "", stderr: `ERROR bad request: unknown context "${req.contextId}"\n` };
      sock.end(encodeResponse(res));
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
