/**
 * A throw-away certificate authority and a server certificate for 127.0.0.1 / localhost, so stock
 * clients (kubectl, client-go, lightkube) talk to the fake API over verified HTTPS.
 *
 * Made with the `openssl` CLI (Node's crypto makes keys but cannot sign X.509 certificates; the CLI
 * is already a test dependency, installed by .ci/run, so no npm package is added for this).
 * EC P-256 keys keep generation to a few milliseconds. One set is made per process and reused by
 * every TLS server started in it: the certificate does not depend on the port.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TlsMaterial {
  /** PEM of the CA that signed `cert`: what a kubeconfig's certificate-authority-data holds. */
  caPem: string;
  /** PEM of the server certificate (SAN IP:127.0.0.1, DNS:localhost). */
  cert: string;
  /** PEM of the server's private key. */
  key: string;
}

let cached: TlsMaterial | undefined;

function openssl(args: string[]): void {
  try {
    execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
  } catch (e) {
    const err = e as Error & { code?: string; stderr?: Buffer };
    if (err.code === "ENOENT") throw new Error("fake-kube: TLS needs the openssl CLI on PATH (Debian: apt-get install openssl)");
    throw new Error(`fake-kube: openssl ${args[0]} failed: ${err.stderr?.toString() ?? err.message}`);
  }
}

/** Makes (once per process) a CA and a server certificate signed by it. */
export function tlsMaterial(): TlsMaterial {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), "fake-kube-tls-"));
  try {
    const f = (n: string) => join(dir, n);
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    openssl([
      "req", "-x509", ...ec, "-days", "3650", "-subj", "/CN=fake-kube-ca",
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
      "-keyout", f("ca.key"), "-out", f("ca.crt"),
    ]);
    // `req -x509 -CA` (OpenSSL 3) signs the new certificate with the CA in one step.
    openssl([
      "req", "-x509", ...ec, "-days", "825", "-subj", "/CN=fake-kube", "-CA", f("ca.crt"), "-CAkey", f("ca.key"),
      "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-addext", "basicConstraints=critical,CA:FALSE",
      "-addext", "keyUsage=critical,digitalSignature", "-addext", "extendedKeyUsage=serverAuth",
      "-keyout", f("server.key"), "-out", f("server.crt"),
    ]);
    cached = {
      caPem: readFileSync(f("ca.crt"), "utf8"),
      cert: readFileSync(f("server.crt"), "utf8"),
      key: readFileSync(f("server.key"), "utf8"),
    };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
