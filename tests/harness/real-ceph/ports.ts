/** Free loopback TCP ports for the monitor (prefers Ceph's defaults 3300/6789). */
import { createServer } from "node:net";

export function portFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

export interface MonPorts {
  v2: number;
  v1: number;
}

/** 3300/6789 when both are free, otherwise a random free pair in 20000–39999. */
export async function pickMonPorts(preferDefault = true): Promise<MonPorts> {
  if (preferDefault && (await portFree(3300)) && (await portFree(6789))) return { v2: 3300, v1: 6789 };
  for (let i = 0; i < 200; i++) {
    const v2 = 20000 + Math.floor(Math.random() * 19999);
    const v1 = v2 + 1;
    if ((await portFree(v2)) && (await portFree(v1))) return { v2, v1 };
  }
  throw new Error("no free port pair for the ceph monitor");
}
