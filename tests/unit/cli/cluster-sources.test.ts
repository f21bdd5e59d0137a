/** `render --cluster` takes the three Ceph sources as the charm receives them, and the model form. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { parseClusterInput } from "../../../src/cli/cluster-input.ts";
import { main } from "../../../src/cli/render.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const example = (name: string) => parse(readFileSync(join(ROOT, "examples", name), "utf8")) as Record<string, unknown>;

function render(cluster: string): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = main(["--config", join(ROOT, "examples/render-config.yaml"), "--cluster", join(ROOT, "examples", cluster), "--include-secrets"], {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
  });
  return { code, out, err };
}

describe("render: Ceph sources in the cluster file", () => {
  it("ceph-external: the secret's content becomes the model (bare user id, one RBD pool, the named filesystem)", () => {
    const r = parseClusterInput(example("render-cluster-external.yaml"));
    assert.ok(r.ok, r.ok ? "" : r.error);
    const c = r.value.cluster;
    assert.equal(c.user, "k8s");
    assert.deepEqual(c.rbdPools, { xfs: "k8s-rbd", ext4: "k8s-rbd" });
    assert.deepEqual(c.monitors, ["10.0.0.11", "10.0.0.12", "10.0.0.13"]);
    assert.deepEqual(c.filesystems.map((f) => f.name), ["k8sfs"]);
    const out = render("render-cluster-external.yaml");
    assert.equal(out.code, 0, out.err);
    assert.match(out.out, /pool: k8s-rbd/);
  });

  it("ceph (MicroCeph): the provider's bag becomes the model", () => {
    const r = parseClusterInput(example("render-cluster-microceph.yaml"));
    assert.ok(r.ok, r.ok ? "" : r.error);
    assert.equal(r.value.cluster.user, "csi-ceph-csi");
    assert.deepEqual(r.value.cluster.rbdPools, { xfs: "rbd.ceph-csi", ext4: "rbd.ceph-csi" });
    assert.equal(render("render-cluster-microceph.yaml").code, 0);
  });

  it("ceph-client: ceph-mon's unit bags plus the fsid", () => {
    const r = parseClusterInput({
      source: "ceph-client",
      fsid: "2b4c8a1e-6f0d-4c3b-9a57-0e1f2d3c4b5a",
      user: "ceph-csi",
      units: { "ceph-mon/0": { "ceph-public-address": "10.0.0.11", key: "ZXhhbXBsZWV4YW1wbGVleGFtcGxlZXhhbXBsZQ==", auth: "cephx", "rbd-features": "1" } },
    });
    assert.ok(r.ok, r.ok ? "" : r.error);
    assert.deepEqual(r.value.cluster.monitors, ["10.0.0.11"]);
    assert.equal(r.value.cluster.rbdFeatures, 1);
  });

  it("bad source data names the field, never the key", () => {
    const key = "ZXhhbXBsZWV4YW1wbGVleGFtcGxlZXhhbXBsZQ==";
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ source: "ceph-external", secret: { fsid: "x", monitors: "10.0.0.1", user: "k", key } }, /^secret: fsid 'x' is not a UUID$/],
      [{ source: "ceph-external", secret: { monitors: "10.0.0.1", user: "k", key } }, /^secret: missing fsid$/],
      [{ source: "ceph", provider: { fsid: "2b4c8a1e-6f0d-4c3b-9a57-0e1f2d3c4b5a" } }, /^provider: missing mon_hosts, user_id, user_key, rbd_pool$/],
      [{ source: "ceph", provider: { user_key: "nope" } }, /^provider: Invalid key from provider$/],
      [{ source: "mystery" }, /^source: must be ceph-client, ceph or ceph-external/],
    ];
    for (const [input, want] of cases) {
      const r = parseClusterInput(input);
      assert.ok(!r.ok, JSON.stringify(input));
      assert.match(r.error, want);
      assert.ok(!r.error.includes(key));
    }
  });
});
