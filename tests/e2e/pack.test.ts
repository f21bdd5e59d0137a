/**
 * `npm run pack`: the archive an operator deploys. Unpacks it and runs its own dispatch (with
 * the Node runtime it carries) through the fake hook environment to Ready.
 */
import assert from "node:assert/strict";
import { basename } from "node:path";
import { parse } from "yaml";
import { charmFileName, hostPlatform } from "../../scripts/platforms.ts";
import type { ZipEntry } from "../../scripts/unzip.ts";
import { PackedWorld, packedCharm } from "./packed-charm.ts";

describe("packed charm", function () {
  this.timeout(300_000);
  let entries: ZipEntry[];

  before(async () => {
    // Packed once per run, shared with packed-statuses.test.ts.
    const charm = await packedCharm();
    assert.equal(basename(charm.file), charmFileName(hostPlatform()));
    entries = charm.entries;
  });

  it("holds the metadata, an executable dispatch and hooks, the bundle and a Node 24 runtime", () => {
    const names = new Set(entries.map((e) => e.name));
    for (const n of ["metadata.yaml", "config.yaml", "actions.yaml", "manifest.yaml", "dispatch", "dist/charm.cjs", "dist/hook.cjs", "dist/kube.cjs", "node/bin/node", "README.md", "LICENSE"]) {
      assert.ok(names.has(n), `${n} is in the archive`);
    }
    // The bundle's shared chunks ship too (every module once: see scripts/build.ts).
    assert.ok([...names].some((n) => /^dist\/chunk-[A-Z0-9]+\.cjs$/.test(n)), "the shared chunks are in the archive");
    const mode = (n: string) => entries.find((e) => e.name === n)?.mode;
    assert.equal(mode("dispatch"), 0o755);
    assert.equal(mode("node/bin/node"), 0o755);
    assert.equal(mode("hooks/install"), 0o755);
    // One base and one architecture per charm, as charmcraft's platforms give.
    const manifest = parse(entries.find((e) => e.name === "manifest.yaml")?.data.toString() ?? "") as { bases: unknown };
    const { channel, arch } = hostPlatform();
    assert.deepEqual(manifest.bases, [{ name: "ubuntu", channel, architectures: [arch] }]);
  });

  it("runs its own dispatch on its own runtime through deploy and relate to Ready", async () => {
    const p = await PackedWorld.start({ hookErrors: "throw" });
    const w = p.w;
    try {
      await w.juju.deploy(1);
      await w.relateClient();
      assert.deepEqual(
        { status: w.juju.unit(0).status.status, message: w.juju.unit(0).status.message },
        { status: "active", message: "Ready" },
      );
      assert.ok(w.objects("StorageClass").some((s) => s.metadata.name === "ceph-xfs"));
      const ver = w.juju.state.toolCalls.find((c) => c.tool === "application-version-set");
      assert.equal(ver?.args.at(-1), "v3.16.0");
    } finally {
      await p.stop();
    }
  });
});
