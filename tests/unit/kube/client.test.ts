import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import { connect, KubeError, toFailure, toKubeError } from "../../../src/kube/index.ts";

describe("kube client: loading the kubeconfig", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "kube-client-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("missing kubeconfig → no client (the charm waits for one)", () => {
    assert.equal(connect({ env: {}, defaultPath: join(dir, "none"), inCluster: false }), undefined);
  });

  it("$KUBECONFIG pointing nowhere → no client, without falling back to the default path or in-cluster", async () => {
    const fk = await FakeKube.start();
    try {
      const r = connect({ env: { KUBECONFIG: join(dir, "none"), KUBERNETES_SERVICE_HOST: "10.0.0.1" }, defaultPath: fk.kubeconfigPath });
      assert.equal(r, undefined);
    } finally {
      await fk.stop();
    }
  });

  it("an unreadable or garbage kubeconfig → no client", () => {
    const file = join(dir, "config");
    writeFileSync(file, "{ this is: [not yaml");
    assert.equal(connect({ env: { KUBECONFIG: file } }), undefined);
    writeFileSync(file, "apiVersion: v1\nkind: Config\nclusters: []\n");
    assert.equal(connect({ env: { KUBECONFIG: file } }), undefined, "no current cluster");
  });

  it("uses $KUBECONFIG first, then the principal's default path", async () => {
    const fk = await FakeKube.start();
    try {
      const a = connect({ env: { KUBECONFIG: `${fk.kubeconfigPath}:${join(dir, "second")}` }, defaultPath: join(dir, "none") });
      assert.ok(a);
      assert.equal(a.source, fk.kubeconfigPath, "the first path of $KUBECONFIG");
      const b = connect({ env: {}, defaultPath: fk.kubeconfigPath });
      assert.ok(b);
      assert.equal(b.source, fk.kubeconfigPath);
      assert.equal((await b.client.get({ apiVersion: "v1", kind: "Namespace", name: "default" }))?.metadata.name, "default");
    } finally {
      await fk.stop();
    }
  });
});

describe("kube client: requests", () => {
  let fk: FakeKube;
  beforeEach(async () => {
    fk = await FakeKube.start();
  });
  afterEach(async () => {
    await fk.stop();
  });

  function client() {
    const r = connect({ env: { KUBECONFIG: fk.kubeconfigPath } });
    assert.ok(r);
    return r.client;
  }

  it("get answers undefined for a missing object, delete answers false", async () => {
    const c = client();
    assert.equal(await c.get({ apiVersion: "v1", kind: "ConfigMap", name: "nope", namespace: "default" }), undefined);
    assert.equal(await c.delete({ apiVersion: "v1", kind: "ConfigMap", name: "nope", namespace: "default" }), false);
  });

  it("keeps fields as plain JSON (no Dates, list items get apiVersion and kind)", async () => {
    const c = client();
    await c.apply({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "default", labels: { a: "b" } }, data: { k: "v" } }, "t");
    const [item] = await c.list("v1", "ConfigMap", "a=b");
    assert.equal(item?.kind, "ConfigMap");
    assert.equal(item?.apiVersion, "v1");
    assert.equal(typeof item?.metadata["creationTimestamp"], "string");
  });

  it("API errors become short KubeErrors with the HTTP code", async () => {
    const c = client();
    fk.addFault({ path: "/configmaps", status: 500, message: `boom\n${"x".repeat(500)}` });
    await assert.rejects(c.list("v1", "ConfigMap"), (e: unknown) => {
      assert.ok(e instanceof KubeError);
      assert.equal(e.code, 500);
      assert.equal(e.message, "list ConfigMap: boom (HTTP 500)");
      return true;
    });
  });
});

describe("kube errors", () => {
  it("redacts anything that looks like a key and stays on one bounded line", () => {
    const e = toKubeError({ code: 422, body: JSON.stringify({ message: "bad key AQBexampleexampleexampleexampleexample== here\nsecond", reason: "Invalid" }) }, "apply Secret");
    assert.equal(e.message, "apply Secret: bad key <redacted> here (HTTP 422)");
    assert.equal(e.code, 422);
    assert.equal(e.reason, "Invalid");
    const long = toKubeError(new Error("y".repeat(500)));
    assert.ok(long.message.length <= 160 && !long.message.includes("\n"));
  });

  it("an HTTP error without a Status message names the reason or the code", () => {
    assert.equal(toKubeError({ code: 404, body: { reason: "NotFound" } }, "get X").message, "get X: NotFound (HTTP 404)");
    assert.equal(toKubeError({ code: 503, body: "<html>" }).message, "HTTP 503 (HTTP 503)");
  });

  it("maps network failures to short reasons", () => {
    const refused = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    assert.equal(toKubeError(refused, "get Namespace").message, "get Namespace: connection refused");
    const timeout = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    assert.deepEqual(toFailure(timeout), { message: "request timed out" });
    const tls = new TypeError("fetch failed", { cause: Object.assign(new Error("self-signed"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" }) });
    assert.equal(toKubeError(tls, "list ConfigMap").message, "list ConfigMap: TLS error (DEPTH_ZERO_SELF_SIGNED_CERT)");
    for (const [code, reason] of [["ECONNRESET", "connection reset"], ["ENOTFOUND", "host not found"], ["EHOSTUNREACH", "host unreachable"], ["ETIMEDOUT", "request timed out"]]) {
      assert.equal(toKubeError(Object.assign(new Error("x"), { code })).message, reason, code);
    }
  });

  it("toFailure: the safe message, the HTTP code and the Status reason, as data; a KubeError passes through", () => {
    assert.deepEqual(toFailure({ code: 409, body: { message: "conflict", reason: "Conflict" } }), { message: "conflict (HTTP 409)", code: 409, reason: "Conflict" });
    const k = new KubeError("list X: boom", 500);
    assert.equal(toKubeError(k), k);
    assert.deepEqual(toFailure(k), { message: "list X: boom", code: 500 });
  });
});
