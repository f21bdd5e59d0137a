/**
 * update-status reuses the inputs the last other hook read (a 0600 file with a fingerprint in the
 * charm's conf dir): a settled leader reads only leadership and stored state, still repairs
 * drift, and reads everything again when the fingerprint is missing or a hook failed since.
 */
import assert from "node:assert/strict";
import type { Sim } from "../harness/in-process/sim.ts";
import { assertAllOk, given, ready, storageClasses, tools } from "./states.ts";

const MARK = ".observed-inputs-ceph-csi-0";
const FULL_READS = ["config-get", "relation-ids", "relation-list", "relation-get"];

/** The hook tools that read (a repair also logs what it wrote). */
function reads(o: Parameters<typeof tools>[0]): string[] {
  return tools(o)
    .filter((t) => !["juju-log", "status-set", "state-set", "state-delete", "application-version-set"].includes(t))
    .sort();
}

/** The charm dir holding the fingerprint file, and its content (undefined when missing). */
function mark(s: Sim): { dir: string; fp: string | undefined } {
  const dir = Object.keys(s.host.dirs).find((d) => d.endsWith("/unit-ceph-csi-0/charm/ceph-conf"));
  assert.ok(dir !== undefined, `a charm dir among ${Object.keys(s.host.dirs).join(", ")}`);
  return { dir, fp: s.host.dirs[dir]?.[MARK]?.content };
}

function defaultClass(s: Sim): string[] {
  return Object.entries(storageClasses(s))
    .filter(([, c]) => c.default)
    .map(([n]) => n);
}

describe("scenario: update-status reuses the stored inputs", () => {
  it("a settled leader reads only is-leader and state-get, and still restores a deleted object", async () => {
    const s = await given(ready());
    assert.ok(mark(s).fp, "the relation hooks left a fingerprint");
    s.kube.cluster.remove({ kind: "StorageClass", metadata: { name: "ceph-ext4" } });
    const o = await s.hook("update-status");
    assertAllOk([o]);
    assert.deepEqual(reads(o), ["is-leader", "state-get"]);
    assert.deepEqual(tools(o).length, 3, `the repair is logged: ${tools(o).join(", ")}`);
    assert.ok(storageClasses(s)["ceph-ext4"], "the class is back");
    assert.deepEqual(s.kube.writes().map((w) => `${w.method} ${w.path}`), ["PATCH /apis/storage.k8s.io/v1/storageclasses/ceph-ext4"]);
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
  });

  it("without the fingerprint: reads every input again (a config the hooks never saw takes effect), then stores them", async () => {
    const s = await given(ready());
    const { dir } = mark(s);
    delete s.host.dirs[dir]?.[MARK];
    // A config change no config-changed hook has read (as after a skipped failed hook).
    const state = s.juju.state;
    state.config["default-storage"] = "ceph-ext4";
    s.juju.setState(state);
    const o = await s.hook("update-status");
    assertAllOk([o]);
    for (const t of FULL_READS) assert.ok(tools(o).includes(t), `${t} in ${tools(o).join(", ")}`);
    assert.deepEqual(defaultClass(s), ["ceph-ext4"]);
    assert.ok(mark(s).fp, "the fingerprint is back");
    s.kube.clearRequests();
    const next = await s.hook("update-status");
    assertAllOk([next]);
    assert.deepEqual(tools(next).sort(), ["is-leader", "state-get"]);
    assert.equal(s.kube.writes().length, 0, "the second update-status writes nothing");
  });

  it("a fingerprint that is not the stored one (a later hook failed) makes update-status read everything", async () => {
    const s = await given(ready());
    const { dir } = mark(s);
    const files = s.host.dirs[dir] ?? {};
    files[MARK] = { content: `0000\n${(files[MARK]?.content ?? "").split("\n").slice(1).join("\n")}`, mode: 0o600 };
    const o = await s.hook("update-status");
    assertAllOk([o]);
    for (const t of FULL_READS) assert.ok(tools(o).includes(t), `${t} in ${tools(o).join(", ")}`);
    const fp = mark(s).fp;
    assert.ok(fp !== undefined && !fp.startsWith("0000"), "a fresh fingerprint is stored");
  });

  it("inputs an earlier version kept in unit state are removed by the next hook", async () => {
    const s = await given(ready());
    const state = s.juju.state;
    const unit = state.units.find((u) => u.name === "ceph-csi/0");
    assert.ok(unit);
    unit.storedState["observed-inputs"] = JSON.stringify({ fp: "x", config: {}, relations: {} });
    s.juju.setState(state);
    assertAllOk([await s.hook("config-changed")]);
    assert.equal(s.juju.unit(0).storedState["observed-inputs"], undefined);
  });

  it("a hook that fails removes the fingerprint: the next update-status reads the config it did not apply", async () => {
    const s = await given(ready({ hookErrors: "return" }));
    const state = s.juju.state;
    state.config["default-storage"] = "ceph-ext4";
    s.juju.setState(state);
    const api = s.kube.objectApi;
    s.kube.objectApi = () => {
      throw new Error("the client failed unexpectedly");
    };
    const failed = await s.hook("config-changed");
    assert.equal(failed.exitCode, 1);
    s.kube.objectApi = api;
    assert.equal(mark(s).fp, undefined, "no fingerprint after the failed hook");
    assert.deepEqual(defaultClass(s), ["ceph-xfs"], "nothing applied by the failed hook");
    const o = await s.hook("update-status");
    assertAllOk([o]);
    assert.ok(tools(o).includes("config-get"), tools(o).join(", "));
    assert.deepEqual(defaultClass(s), ["ceph-ext4"]);
  });

  it("every other hook stores what it read: after config-changed, update-status repairs with the new config", async () => {
    const s = await given(ready());
    assertAllOk(await s.juju.setConfig({ "default-storage": "ceph-ext4" }));
    s.kube.cluster.remove({ kind: "StorageClass", metadata: { name: "ceph-ext4" } });
    s.kube.clearRequests();
    const o = await s.hook("update-status");
    assertAllOk([o]);
    assert.deepEqual(reads(o), ["is-leader", "state-get"]);
    assert.deepEqual(defaultClass(s), ["ceph-ext4"]);
  });

  it("the kept inputs stay on the machine (a 0600 file beside the keyrings, not unit state), keep only the relation keys the charm reads, and never reach the log", async () => {
    const s = await given(ready());
    const file = s.host.dirs[mark(s).dir]?.[MARK];
    assert.equal(file?.mode, 0o600);
    assert.deepEqual(Object.keys(s.juju.unit(0).storedState).filter((k) => k.includes("inputs")), [], "nothing of it in unit state");
    const stored = file?.content ?? "";
    const body = JSON.parse(stored.slice(stored.indexOf("\n") + 1)) as { relations: Record<string, { units: Record<string, Record<string, string>> }[]> };
    const client = body.relations["ceph-client"]?.[0];
    assert.ok(client, "the ceph-client relation is kept");
    for (const bag of Object.values(client.units)) {
      assert.deepEqual(
        Object.keys(bag).filter((k) => !["ceph-public-address", "key", "auth", "rbd-features", "broker-rsp-ceph-csi-0"].includes(k)),
        [],
      );
    }
    const key = Object.values(client.units).find((b) => b["key"])?.["key"];
    assert.ok(key, "the key is kept (the CSI Secret is rendered from it)");
    assert.ok(!s.juju.state.logs.some((l) => l.message.includes(key)));
  });
});
