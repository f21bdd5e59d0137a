/**
 * charmcraft.yaml builds what `npm run pack` builds: its override-build, run as charmcraft runs
 * it (tests/platforms/craft-part.ts), primes the very tree, modes and bytes of the packed charm.
 * Charmcraft itself cannot run here (no snapd, no LXD): the node snap is stood in for by the
 * Node 24 of node_modules.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { NODE_MAJOR, nodeVersion } from "../../scripts/node-runtime.ts";
import { pack } from "../../scripts/pack.ts";
import { charmPlatforms, hostPlatform } from "../../scripts/platforms.ts";
import { readZip } from "../../scripts/unzip.ts";
import { charmcraftProblems, PRINCIPAL_BASES } from "./charmcraft-rules.ts";
import { charmcraftYaml, REPO, runOverrideBuild } from "./craft-part.ts";

function* walk(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) yield* walk(full);
    else yield full;
  }
}

describe("charmcraft.yaml", function () {
  this.timeout(900_000);

  it("lists ubuntu 22.04, 24.04 and 26.04 on amd64, arm64 and s390x in multi-base shorthand", () => {
    const y = charmcraftYaml();
    assert.equal(y.type, "charm");
    assert.equal(y["base"], undefined, "multi-base platforms carry their base in the name");
    const want = ["22.04", "24.04", "26.04"].flatMap((c) => ["amd64", "arm64", "s390x"].map((a) => `ubuntu@${c}:${a}`));
    assert.deepEqual(Object.keys(y.platforms).sort(), want.sort());
    for (const [name, value] of Object.entries(y.platforms)) assert.equal(value, null, `${name} is shorthand (builds on and for its own architecture)`);
  });

  it("keeps charmcraft's and Juju's rules for platforms and bases", () => {
    assert.deepEqual(charmcraftProblems(charmcraftYaml()), []);
  });

  it("covers exactly the bases of the principals it is a subordinate of: 22.04 for kubernetes-control-plane, 26.04 for k8s", () => {
    const bases = [...new Set(charmPlatforms().map((p) => p.base))].sort();
    assert.deepEqual(bases, [...new Set(Object.values(PRINCIPAL_BASES).flat())].sort());
    for (const [principal, theirs] of Object.entries(PRINCIPAL_BASES)) for (const b of theirs) assert.ok(bases.includes(b), `${principal} on ${b}`);
  });

  it("its rules refuse what charmcraft refuses (planted in a copy)", () => {
    const y = () => structuredClone(charmcraftYaml());
    const cases: [string, (c: ReturnType<typeof charmcraftYaml>) => void, RegExp][] = [
      ["bases key", (c) => Object.assign(c, { bases: [{ name: "ubuntu", channel: "26.04" }] }), /deprecated bases key/],
      ["top-level base", (c) => Object.assign(c, { base: "ubuntu@24.04" }), /no top-level base/],
      ["unknown base", (c) => Object.assign(c.platforms, { "ubuntu@25.10:amd64": null }), /no charm for base ubuntu@25\.10/],
      ["Node's arch name", (c) => Object.assign(c.platforms, { "ubuntu@26.04:x64": null }), /x64 is not a Debian architecture/],
      ["a value in shorthand", (c) => Object.assign(c.platforms, { "ubuntu@26.04:amd64": { "build-on": ["amd64"] } }), /shorthand takes no value/],
      ["'/' in a part name on 26.04", (c) => Object.assign(c.parts, { "charm/extra": { plugin: "nil" } }), /cannot contain '\/'/],
      ["the charm plugin on 26.04", (c) => Object.assign(c.parts["charm"] ?? {}, { plugin: "charm" }), /charm plugin is not available/],
    ];
    for (const [what, plant, expected] of cases) {
      const copy = y();
      plant(copy);
      assert.match(charmcraftProblems(copy).join("\n"), expected, what);
    }
  });

  it("builds with the Node 24 snap, never Ubuntu's npm, and pins the same major the charm ships", () => {
    const part = charmcraftYaml().parts["charm"];
    assert.ok(part, "a part named charm");
    assert.equal(part.plugin, "nil");
    assert.deepEqual(part["build-snaps"], [`node/${NODE_MAJOR}/stable`]);
    for (const pkg of part["build-packages"] ?? []) assert.ok(!/^(npm|nodejs)$/.test(pkg), `build-packages has ${pkg}`);
    assert.equal(Number(nodeVersion().split(".")[0]), NODE_MAJOR);
    const pkgJson = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    assert.match(pkgJson.devDependencies["node"] ?? "", new RegExp(`^\\^?${NODE_MAJOR}\\.`));
    // The build calls the staging script npm run pack uses: one copy of the build logic.
    assert.match(part["override-build"] ?? "", /node scripts\/stage\.ts --out "\$CRAFT_PART_INSTALL" --arch "\$CRAFT_ARCH_BUILD_FOR"/);
    // Prime is the install tree only while the part filters nothing; the test below relies on it.
    for (const key of ["organize", "stage", "prime", "override-stage", "override-prime"]) assert.equal(part[key], undefined, `part charm has ${key}`);
  });

  it("its override-build, run as charmcraft runs it, primes exactly the tree npm run pack archives", async () => {
    const work = mkdtempSync(join(tmpdir(), "ceph-csi-craft-"));
    try {
      const platform = hostPlatform();
      const t0 = performance.now();
      const run = runOverrideBuild(work, "charm", platform.arch);
      assert.equal(run.status, 0, `override-build failed:\n${run.output.slice(-4000)}`);
      console.log(`      (override-build ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

      const primed = new Map<string, { mode: number; data: Buffer }>();
      for (const path of walk(run.dirs.install)) {
        primed.set(relative(run.dirs.install, path), { mode: statSync(path).mode & 0o7777, data: readFileSync(path) });
      }
      const charm = await pack(join(work, "packed.charm"), platform);
      const archived = new Map((await readZip(charm)).map((e) => [e.name, e]));
      // charmcraft writes manifest.yaml itself, after priming.
      const manifest = parse(archived.get("manifest.yaml")?.data.toString() ?? "") as { bases: unknown };
      assert.deepEqual(manifest.bases, [{ name: "ubuntu", channel: platform.channel, architectures: [platform.arch] }]);
      archived.delete("manifest.yaml");

      assert.deepEqual([...primed.keys()].sort(), [...archived.keys()].sort(), "same files");
      for (const [name, e] of archived) {
        const p = primed.get(name)!;
        assert.equal(p.mode.toString(8), e.mode.toString(8), `mode of ${name}`);
        assert.ok(p.data.equals(e.data), `content of ${name}`);
      }
      for (const name of ["dispatch", "node/bin/node", "hooks/install"]) assert.equal(primed.get(name)?.mode, 0o755, name);
      // Nothing of the build leaks into the tree charmcraft primes.
      assert.ok(![...primed.keys()].some((n) => n.startsWith("node_modules/") || n.startsWith("src/")));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
