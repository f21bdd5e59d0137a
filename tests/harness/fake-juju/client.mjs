// Fallback hook-tool client, used only when no C compiler exists (see client.c for the
// protocol). Invoked as: node client.mjs <tool> [args...]
import { readFileSync } from "node:fs";
import { connect } from "node:net";

const [tool, ...args] = process.argv.slice(2);
const ctx = process.env.JUJU_CONTEXT_ID;
const addr = process.env.JUJU_AGENT_SOCKET_ADDRESS;
if (!ctx || !addr) {
  process.stderr.write(`ERROR ${ctx ? "JUJU_AGENT_SOCKET_ADDRESS" : "JUJU_CONTEXT_ID"} not set\n`);
  process.exit(1);
}
const wantStdin = args.some((a, i) => a === "--file=-" || (a === "--file" && args[i + 1] === "-"));
const stdin = wantStdin ? readFileSync(0) : Buffer.alloc(0);
const u32 = (n) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const fields = [ctx, process.cwd(), tool, wantStdin ? "1" : "0", stdin, ...args].map((f) => Buffer.from(f));
const body = Buffer.concat([u32(fields.length), ...fields.flatMap((f) => [u32(f.length), f])]);
const chunks = [];
const sock = connect(addr);
sock.on("error", () => {
  process.stderr.write("ERROR cannot connect to the unit agent\n");
  process.exit(1);
});
sock.on("data", (d) => chunks.push(d));
sock.on("end", () => {
  const r = Buffer.concat(chunks);
  const code = r.readUInt32BE(0);
  const outLen = r.readUInt32BE(4);
  const out = r.subarray(8, 8 + outLen);
  const errLen = r.readUInt32BE(8 + outLen);
  const err = r.subarray(12 + outLen, 12 + outLen + errLen);
  process.stdout.write(out, () => process.stderr.write(err, () => process.exit(code)));
});
sock.write(Buffer.concat([u32(body.length), body]));
