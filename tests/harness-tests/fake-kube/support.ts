/** Helpers shared by the fake-kube tests: plain requests, HTTPS reads trusting a CA, a protobuf reader. */
import https from "node:https";
import type { FakeKube } from "../../harness/fake-kube/index.ts";

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
export type Body = Record<string, any>;

export interface Answer {
  status: number;
  body: Body;
  headers: Headers;
}

export const APPLY = "application/apply-patch+yaml";

/** One request to the fake over http with its token; JSON answers parsed, others as { text }. */
export async function call(fk: FakeKube, method: string, path: string, body?: unknown, contentType = "application/json", headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${fk.url}${path}`, {
    method,
    redirect: "manual",
    headers: { Authorization: `Bearer ${fk.token}`, ...(body === undefined ? {} : { "Content-Type": contentType }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith("{") ? (JSON.parse(text) as Body) : { text }, headers: res.headers };
}

export function get(fk: FakeKube, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return call(fk, "GET", path, undefined, undefined, headers);
}

/** Server-side apply as `manager`, forced unless `force` is false. */
export function apply(fk: FakeKube, path: string, obj: unknown, manager = "test", force = true): Promise<Answer> {
  const sep = path.includes("?") ? "&" : "?";
  return call(fk, "PATCH", `${path}${sep}fieldManager=${manager}${force ? "&force=true" : ""}`, obj, APPLY);
}

/** GET over HTTPS, verifying the server against `ca`; answers the parsed JSON body. */
export function httpsGet(url: string, ca: string | undefined, token: string): Promise<Body> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ...(ca ? { ca } : {}), headers: { Authorization: `Bearer ${token}` } }, (res) => {
        let text = "";
        res.on("data", (c: Buffer) => {
          text += c.toString();
        });
        res.on("end", () => {
          try {
            resolve(JSON.parse(text) as Body);
          } catch (e) {
            reject(e);
          }
        });
      })
      .on("error", reject);
  });
}

/** One protobuf field: number, wire type, and the value (varint number or length-delimited bytes). */
export interface ProtoField {
  field: number;
  wire: number;
  value: number | Buffer;
}

/** Reads the top-level fields of a protobuf message (varint, 64-bit and length-delimited only). */
export function readProto(buf: Buffer): ProtoField[] {
  const out: ProtoField[] = [];
  let i = 0;
  const varint = (): number => {
    let n = 0;
    let mul = 1;
    for (;;) {
      const b = buf[i++]!;
      n += (b & 0x7f) * mul;
      mul *= 128;
      if (b < 0x80) return n;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) out.push({ field, wire, value: varint() });
    else if (wire === 1) {
      out.push({ field, wire, value: buf.subarray(i, i + 8) });
      i += 8;
    } else if (wire === 2) {
      const len = varint();
      out.push({ field, wire, value: buf.subarray(i, i + len) });
      i += len;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

/** A claim in "default" asking for 1Gi ReadWriteOnce, with `spec` merged over. */
export function claimBody(name: string, spec: Body = {}): Body {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace: "default" },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec },
  };
}
