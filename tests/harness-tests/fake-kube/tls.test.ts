import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { KubeConfig, KubernetesObjectApi, PatchStrategy } from "@kubernetes/client-node";
import YAML from "yaml";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import { type Body, httpsGet } from "./support.ts";

describe("fake-kube: HTTPS with its own CA", () => {
  let fk: FakeKube;
  before(async () => {
    fk = await FakeKube.start({ tls: true });
  });
  after(async () => {
    await fk.stop();
  });

  it("writes a kubeconfig with the CA and no insecure-skip-tls-verify", () => {
    assert.match(fk.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const cluster = YAML.parse(readFileSync(fk.kubeconfigPath, "utf8")).clusters[0].cluster as Body;
    assert.equal(cluster["server"], fk.url);
    assert.equal(cluster["insecure-skip-tls-verify"], undefined);
    assert.equal(Buffer.from(cluster["certificate-authority-data"], "base64").toString(), fk.caPem);
    assert.match(fk.caPem ?? "", /^-----BEGIN CERTIFICATE-----/);
  });

  it("verifies against that CA, for 127.0.0.1 and localhost, and not without it", async () => {
    assert.deepEqual((await httpsGet(`${fk.url}/api`, fk.caPem, fk.token)).versions, ["v1"]);
    assert.equal((await httpsGet(`https://localhost:${fk.port}/version`, fk.caPem, fk.token)).major, "1");
    await assert.rejects(httpsGet(`${fk.url}/api`, undefined, fk.token), /self[- ]signed|unable to verify|certificate/i);
  });

  it("serves @kubernetes/client-node through the written kubeconfig", async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(fk.kubeconfigPath);
    const api = KubernetesObjectApi.makeApiClient(kc);
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "over-tls", namespace: "default" }, data: { a: "b" } };
    await api.patch(cm as never, undefined, undefined, "tls-test", true, PatchStrategy.ServerSideApply);
    const got = (await api.read({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "over-tls", namespace: "default" } })) as Body;
    assert.equal(got["data"]["a"], "b");
  });

  it("keeps plain http as the programmatic default", async () => {
    const plain = await FakeKube.start();
    try {
      assert.match(plain.url, /^http:\/\//);
      assert.equal(plain.caPem, undefined);
      assert.equal(YAML.parse(plain.kubeconfig()).clusters[0].cluster["insecure-skip-tls-verify"], true);
    } finally {
      await plain.stop();
    }
  });
});
