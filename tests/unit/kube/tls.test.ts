/**
 * The charm bundle talks to the API through src/kube/undici-lite.ts (Node's https) instead of
 * undici. Real clusters use TLS with the kubeconfig's CA: this runs the built dist/kube.cjs
 * against the fake API behind an HTTPS proxy with a self-signed certificate.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { bundle } from "../../../scripts/build.ts";
import { Agent, fetch } from "../../../src/kube/undici-lite.ts";
import { FakeKube } from "../../harness/fake-kube/index.ts";

type KubeModule = typeof import("../../../src/kube/index.ts");

describe("Kubernetes API over TLS (the bundle's http client)", function () {
  this.timeout(120_000);
  let dir: string;
  let cert: string;
  let fk: FakeKube;
  let proxy: https.Server;
  let url: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "ceph-csi-tls-"));
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
    ], { stdio: "ignore" });
    cert = readFileSync(join(dir, "cert.pem"), "utf8");
    fk = await FakeKube.start({ nodes: 1 });
    const upstream = new URL(fk.url);
    proxy = https.createServer({ key: readFileSync(join(dir, "key.pem")), cert }, (req, res) => {
      const fwd = http.request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      fwd.on("error", () => res.destroy());
      req.pipe(fwd);
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    url = `https://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    await bundle();
  });
  after(async () => {
    proxy.closeAllConnections();
    await new Promise<void>((r) => proxy.close(() => r()));
    await fk.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The built dist/kube.cjs connected through a kubeconfig that trusts `caPem` (as `user`, default the fake's token). */
  function bundleClient(name: string, caPem: string, user: Record<string, unknown> = { token: fk.token }): ReturnType<KubeModule["connect"]> {
    const kubeconfig = join(dir, name);
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "c", cluster: { server: url, "certificate-authority-data": Buffer.from(caPem).toString("base64") } }],
        users: [{ name: "u", user }],
        contexts: [{ name: "x", context: { cluster: "c", user: "u" } }],
        "current-context": "x",
      }),
    );
    const kube = createRequire(import.meta.url)("../../../dist/kube.cjs") as KubeModule;
    return kube.connect({ env: { KUBECONFIG: kubeconfig }, inCluster: false });
  }

  it("fetch verifies the server against the given CA, and refuses an unknown one", async () => {
    const ok = await fetch(`${url}/api`, { dispatcher: new Agent({ connect: { ca: cert } }), headers: { authorization: `Bearer ${fk.token}` } });
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /"versions"/);
    await assert.rejects(fetch(`${url}/api`), /self-signed|self signed/);
  });

  it("fetch honours an abort signal", async () => {
    fk.addFault({ path: "/api", delayMs: 2000, times: 1 });
    await assert.rejects(
      fetch(`${url}/api`, { dispatcher: new Agent({ connect: { ca: cert } }), signal: AbortSignal.timeout(100) }),
      /abort/i,
    );
  });

  it("the built dist/kube.cjs applies and reads objects over TLS with the kubeconfig's CA", async () => {
    const conn = bundleClient("kubeconfig", cert);
    assert.ok(conn, "a client from the kubeconfig");
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "tls-check", namespace: "default", labels: { "juju.io/application": "t" } }, data: { a: "b" } };
    await conn.client.apply(cm, "t");
    const live = await conn.client.get({ apiVersion: "v1", kind: "ConfigMap", name: "tls-check", namespace: "default" });
    assert.ok(live);
    assert.equal((live["data"] as Record<string, string>)["a"], "b");
    assert.equal((await conn.client.list("v1", "ConfigMap", "juju.io/application=t")).length, 1);
  });

  it("the bundle's requests share one keep-alive TLS connection, even when started together", async () => {
    const tlsKube = await FakeKube.start({ nodes: 1, tls: true });
    try {
      const kube = createRequire(import.meta.url)("../../../dist/kube.cjs") as KubeModule;
      const conn = kube.connect({ env: { KUBECONFIG: tlsKube.kubeconfigPath }, inCluster: false });
      assert.ok(conn, "a client from the kubeconfig");
      tlsKube.clearRequests();
      const kinds = ["ConfigMap", "Secret", "ServiceAccount", "Service"];
      const lists = await Promise.all([...kinds, ...kinds].map((k) => conn.client.list("v1", k, "juju.io/application=t")));
      assert.equal(lists.length, 8);
      await conn.client.get({ apiVersion: "v1", kind: "Namespace", name: "default" });
      assert.equal(tlsKube.reads().length, 9);
      assert.equal(tlsKube.connections, 1);
    } finally {
      await tlsKube.stop();
    }
  });

  it("a request's timeout counts from when it is sent, not while it waits for the one connection", async () => {
    const tlsKube = await FakeKube.start({ nodes: 1, tls: true });
    try {
      const kube = createRequire(import.meta.url)("../../../dist/kube.cjs") as KubeModule;
      // Each LIST takes 300 ms; six started together take 1.8 s in turn, each well within 1 s of its own.
      const conn = kube.connect({ env: { KUBECONFIG: tlsKube.kubeconfigPath }, inCluster: false, timeoutMs: 1000 });
      assert.ok(conn, "a client from the kubeconfig");
      tlsKube.addFault({ method: "GET", path: "/api/v1/configmaps", delayMs: 300 });
      const lists = await Promise.all(Array.from({ length: 6 }, () => conn.client.list("v1", "ConfigMap", "juju.io/application=t")));
      assert.equal(lists.length, 6);
      assert.equal(tlsKube.connections, 1);
      // The timeout still holds for one request that takes too long.
      tlsKube.addFault({ method: "GET", path: "/api/v1/secrets", delayMs: 1500 });
      await assert.rejects(conn.client.list("v1", "Secret"), /abort|timeout|timed out/i);
    } finally {
      await tlsKube.stop();
    }
  });

  it("the bundle refuses a server whose certificate does not match the CA", async () => {
    const other = join(dir, "other");
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=x", "-keyout", `${other}.key`, "-out", `${other}.pem`], { stdio: "ignore" });
    const conn = bundleClient("kubeconfig-bad", readFileSync(`${other}.pem`, "utf8"));
    assert.ok(conn, "a client from the kubeconfig");
    await assert.rejects(conn.client.list("v1", "ConfigMap"), (e: Error) => /TLS error|certificate|self-signed|self signed/i.test(e.message));
  });

  it("the bundle names a legacy auth-provider as unsupported when it would have to refresh its token", async () => {
    const jwt = (exp: number) => ["{}", JSON.stringify({ exp })].map((p) => Buffer.from(p).toString("base64url")).join(".") + ".sig";
    const oidc = (exp: number) => ({
      "auth-provider": { name: "oidc", config: { "client-id": "k", "id-token": jwt(exp), "refresh-token": "r", "idp-issuer-url": "https://127.0.0.1:1" } },
    });
    const expired = bundleClient("kubeconfig-oidc-expired", cert, oidc(1));
    assert.ok(expired);
    await assert.rejects(expired.client.list("v1", "ConfigMap"), /auth-provider \(azure, gcp, oidc\) in the kubeconfig is not supported by the charm/);
    const gcp = bundleClient("kubeconfig-gcp", cert, { "auth-provider": { name: "gcp", config: { "cmd-path": "/bin/echo", "cmd-args": "'{}'", "token-key": "{.token}", "expiry-key": "{.expiry}", expiry: "2000-01-01T00:00:00Z" } } });
    assert.ok(gcp);
    await assert.rejects(gcp.client.list("v1", "ConfigMap"), /auth-provider \(azure, gcp, oidc\) in the kubeconfig is not supported by the charm/);
  });
});
