/** The framing shared with client.c / client.mjs (see client.c). */

export interface ToolRequest {
  contextId: string;
  cwd: string;
  tool: string;
  /** Present only when the client forwarded stdin (`--file -`). */
  stdin: string | undefined;
  args: string[];
}

export interface ToolResponse {
  code: number;
  stdout: string;
  stderr: string;
}

/** Returns the request when `buf` holds a complete one, else undefined. */
export function decodeRequest(buf: Buffer): ToolRequest | undefined {
  if (buf.length < 4) return undefined;
  const total = buf.readUInt32BE(0);
  if (buf.length < 4 + total) return undefined;
  let off = 4;
  const count = buf.readUInt32BE(off);
  off += 4;
  const fields: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = buf.readUInt32BE(off);
    off += 4;
    fields.push(buf.subarray(off, off + n).toString("utf8"));
    off += n;
  }
  const [contextId = "", cwd = "", tool = "", hasStdin = "0", stdin = "", ...args] = fields;
  return { contextId, cwd, tool, stdin: hasStdin === "1" ? stdin : undefined, args };
}

export function encodeResponse(r: ToolResponse): Buffer {
  const out = Buffer.from(r.stdout, "utf8");
  const err = Buffer.from(r.stderr, "utf8");
  const head = Buffer.alloc(8);
  head.writeUInt32BE(r.code >>> 0, 0);
  head.writeUInt32BE(out.length, 4);
  const mid = Buffer.alloc(4);
  mid.writeUInt32BE(err.length, 0);
  return Buffer.concat([head, out, mid, err]);
}
