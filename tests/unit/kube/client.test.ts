import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import { apiProblem, connect, KubeError, safeText, toKubeError } from "../../../src/kube/index.ts";

describe("kube client: loading the kubeconfig", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "kube-client-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("missing kubeconfig → waiting 'Waiting for kubeconfig'", () => {
    const r = connect({ env: {}, defaultPath: join(dir, "none"), inCluster: false });
    assert.deepEqual(r, { ok: false, problem: { status: "waiting", message: "Waiting for kubeconfig" } });
  });

  it("$KUBECONFIG pointing nowhere → waiting, without falling back to in-cluster", () => {
    const r = connect({ env: { KUBECONFIG: join(dir, "none"), KUBERNETES_SERVICE_HOST: "10.0.0.1" }, defaultPath: join(dir, "also-none") });
    assert.equal(r.ok, false);
  });

  it("an unreadable or garbage kubeconfig → waiting", () => {
    const file = join(dir, "config");
    writeFileSync(file, "{ this is: [not yaml");
    assert.equal(connect({ env: { KUBECONFIG: file } }).ok, false);
    writeFileSync(file, "apiVersion: v1\nkind: Config\nclusters: []\n");
    assert.equal(connect({ env: { KUBECONFIG: file } }).ok, false, "no current cluster");
  });

  it("uses $KUBECONFIG first, then the principal's default path", async () => {
    const fk = await FakeKube.start();
    try {
      const a = connect({ env: { KUBECONFIG: fk.kubeconfigPath }, defaultPath: join(dir, "none") });
      assert.ok(a.ok);
      assert.equal(a.source, fk.kubeconfigPath);
      const b = connect({ env: {}, defaultPath: fk.kubeconfigPath });
      assert.ok(b.ok);
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
    assert.ok(r.ok);
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
    assert.equal(safeText("bad key AQBfakefakefakefakefakefakefakefakefake== here\nsecond"), "bad key <redacted> here");
    assert.equal(safeText("y".repeat(500)).length <= 120, true);
  });

  it("maps network failures to short reasons", () => {
    const refused = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    assert.equal(toKubeError(refused, "get Namespace").message, "get Namespace: connection refused");
    const timeout = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    assert.equal(apiProblem(timeout).message, "Waiting for Kubernetes API: request timed out");
  });
});
