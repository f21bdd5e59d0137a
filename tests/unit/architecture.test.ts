/**
 * The shape the design asks for, checked from the code itself: the decision reaches no seam (no
 * hook tool, API client, process or file code), and only the executor (and the seams themselves,
 * and the command-line entry points) import a seam.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const SRC = join(ROOT, "src");

/** Modules that touch the world. */
const SEAM_DIRS = ["src/host/", "src/kube/", "src/charm/execute/"];
const SEAM_FILES = ["src/juju/runner.ts", "src/juju/secrets.ts", "src/juju/actions.ts", "src/juju/config.ts", "src/juju/goal-state.ts", "src/juju/leader.ts", "src/juju/log.ts", "src/juju/relations.ts", "src/juju/state.ts", "src/juju/status.ts", "src/juju/version.ts", "src/juju/index.ts"];
const SEAM_PACKAGES = ["execa", "@kubernetes/client-node", "node:fs", "node:fs/promises", "node:child_process", "node:http", "node:https", "node:os", "node:net/socket"];

const isSeamFile = (rel: string) => SEAM_DIRS.some((d) => rel.startsWith(d)) || SEAM_FILES.includes(rel);

/** Every module (and external package) a bundle of `entries` would load, types left out. */
async function reachable(entries: string[]): Promise<{ files: string[]; packages: string[] }> {
  const r = await build({ entryPoints: entries.map((e) => join(ROOT, e)), bundle: true, write: false, metafile: true, platform: "node", format: "esm", outdir: "/tmp/arch-check", logLevel: "silent", packages: "external" });
  const files = Object.keys(r.metafile.inputs).map((f) => relative(ROOT, join(ROOT, f)));
  const packages = [...new Set(Object.values(r.metafile.inputs).flatMap((i) => i.imports.filter((x) => x.external).map((x) => x.path)))];
  return { files, packages };
}

describe("architecture", function () {
  this.timeout(30_000);

  it("the decision (hooks and actions) reaches no seam: no hook tool, API, process, file or network code", async () => {
    const { files, packages } = await reachable(["src/charm/decide.ts", "src/charm/decide-action.ts"]);
    assert.ok(files.includes("src/manifests/render.ts"), "the check sees the decision's own modules");
    assert.deepEqual(files.filter(isSeamFile), []);
    assert.deepEqual(packages.filter((p) => SEAM_PACKAGES.includes(p)), []);
  });

  it("the pure folders (config, ceph, manifests, converge, status, actions) reach no seam either", async () => {
    const pure = (readdirSync(SRC, { recursive: true }) as string[])
      .filter((f) => f.endsWith(".ts") && /^(config|ceph|manifests|converge|status|actions)\//.test(f))
      .map((f) => `src/${f}`);
    const { files, packages } = await reachable(pure);
    assert.deepEqual(files.filter(isSeamFile), []);
    assert.deepEqual(packages.filter((p) => SEAM_PACKAGES.includes(p)), []);
  });

  it("only the executor, the seams themselves and the entry points import a seam", () => {
    const importers: string[] = [];
    for (const f of readdirSync(SRC, { recursive: true }) as string[]) {
      if (!f.endsWith(".ts")) continue;
      const rel = `src/${f}`;
      if (isSeamFile(rel) || rel === "src/main.ts" || rel.startsWith("src/cli/")) continue;
      const text = readFileSync(join(SRC, f), "utf8");
      for (const m of text.matchAll(/^import (?!type )[^;]*? from "([^"]+)";/gms)) {
        const spec = m[1] as string;
        const target = spec.startsWith(".") ? relative(ROOT, join(dirname(join(SRC, f)), spec)) : spec;
        if (isSeamFile(target) || SEAM_PACKAGES.includes(target)) importers.push(`${rel} → ${target}`);
      }
    }
    assert.deepEqual(importers, []);
  });

  it("every hook-name rule lives in src/charm/events.ts (actions dispatch on their own name in decide-action.ts)", () => {
    const offenders: string[] = [];
    const allowed = new Set(["charm/events.ts", "charm/decide-action.ts", "juju/event.ts"]);
    for (const f of readdirSync(SRC, { recursive: true }) as string[]) {
      if (!f.endsWith(".ts") || allowed.has(f)) continue;
      const text = readFileSync(join(SRC, f), "utf8");
      if (/\bevent\.name\b/.test(text)) offenders.push(`src/${f}: reads event.name`);
      if (/-relation-(broken|joined|changed|departed|created)/.test(text)) offenders.push(`src/${f}: names a relation hook`);
      if (/["'](install|upgrade-charm|config-changed|update-status|leader-elected|leader-settings-changed|start|stop|remove)["']\s*[)\],]/.test(text) && /\bhook\b|Hook/.test(text)) {
        offenders.push(`src/${f}: names a hook`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it("the fakes take nothing from src/ at run time (types only); only the in-process charm binding runs charm code", () => {
    const HARNESS = join(ROOT, "tests/harness");
    const BINDING = ["tests/harness/in-process/charm.ts", "tests/harness/in-process/sim.ts"];
    const files = (readdirSync(HARNESS, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => join(HARNESS, f));
    assert.ok(files.length > 20, "the check sees the harness");
    const offenders: string[] = [];
    for (const file of files) {
      const rel = relative(ROOT, file);
      if (BINDING.includes(rel)) continue;
      for (const m of readFileSync(file, "utf8").matchAll(/^import\s+(type\s+)?([^;]*?)\s+from\s+"([^"]+)";/gms)) {
        const [, typeOnly, names = "", from = ""] = m;
        if (typeOnly || !from.startsWith(".")) continue;
        if (!relative(ROOT, join(dirname(file), from)).startsWith("src/")) continue;
        const braces = /^\{([^}]*)\}$/.exec(names.trim());
        const runtime = braces ? (braces[1] ?? "").split(",").map((n) => n.trim()).filter((n) => n !== "" && !n.startsWith("type ")) : [names];
        if (runtime.length > 0) offenders.push(`${rel}: ${runtime.join(", ")} from ${from}`);
      }
    }
    assert.deepEqual(offenders, []);
  });
});
