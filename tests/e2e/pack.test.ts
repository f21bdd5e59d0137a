/**
 * `npm run pack`: the archive an operator deploys. Unpacks it and runs its own dispatch (with
 * the Node runtime it carries) through the fake hook environment to Ready.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { pack } from "../../scripts/pack.ts";
import { charmFileName, hostPlatform } from "../../scripts/platforms.ts";
import { unzip, type ZipEntry } from "../../scripts/unzip.ts";
import { World } from "../harness/world.ts";

describe("packed charm", function () {
  this.timeout(300_000);
  let tmp: string;
  let entries: ZipEntry[];
  let charmDir: string;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "ceph-csi-pack-"));
    const file = await pack(join(tmp, charmFileName(hostPlatform())), hostPlatform());
    charmDir = join(tmp, "unpacked");
    entries = await unzip(file, charmDir);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("holds the metadata, an executable dispatch and hooks, the bundle and a Node 24 runtime", () => {
    const names = new Set(entries.map((e) => e.name));
    for (const n of ["metadata.yaml", "config.yaml", "actions.yaml", "manifest.yaml", "dispatch", "dist/charm.cjs", "dist/hook.cjs", "dist/kube.cjs", "node/bin/node", "README.md", "LICENSE"]) {
      assert.ok(names.has(n), `${n} is in the archive`);
    }
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
    const w = await World.start({ charmDir });
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
      await w.stop();
    }
  });
});
