/**
 * The shape the design asks for, checked from the code itself (its syntax tree, see
 * architecture-check.ts): the decision reaches no seam and reads no clock, environment,
 * randomness or network; only the executor (and the seams themselves, and the command-line entry
 * points) import a seam; the fakes take nothing from src/. Each rule is shown to catch a
 * violation planted in a copy of the tree.
 */
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { decisionViolations, fakeViolations, isSeamFile, SEAM_PACKAGES, seamImporters } from "./architecture-check.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const SRC = join(ROOT, "src");
const DECISION = ["src/charm/decide.ts", "src/charm/decide-action.ts"];

/** Every module (and external package) a bundle of `entries` would load, types left out. */
async function reachable(entries: string[]): Promise<{ files: string[]; packages: string[] }> {
  const r = await build({ entryPoints: entries.map((e) => join(ROOT, e)), bundle: true, write: false, metafile: true, platform: "node", format: "esm", outdir: "/tmp/arch-check", logLevel: "silent", packages: "external" });
  const files = Object.keys(r.metafile.inputs).map((f) => relative(ROOT, join(ROOT, f)));
  const packages = [...new Set(Object.values(r.metafile.inputs).flatMap((i) => i.imports.filter((x) => x.external).map((x) => x.path)))];
  return { files, packages };
}

/** A copy of src/ and tests/harness/ with `edits` applied (path → edit of the text); removed after `check`. */
function planted<T>(edits: Record<string, (text: string) => string>, check: (root: string) => T): T {
  const root = mkdtempSync(join(tmpdir(), "arch-"));
  try {
    cpSync(SRC, join(root, "src"), { recursive: true });
    cpSync(join(ROOT, "tests/harness"), join(root, "tests/harness"), { recursive: true });
    for (const [file, edit] of Object.entries(edits)) {
      const path = join(root, file);
      const before = readFileSync(path, "utf8");
      const after = edit(before);
      assert.notEqual(after, before, `the plant in ${file} changed it`);
      writeFileSync(path, after);
    }
    return check(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Puts `statement` at the top of decide()'s body. */
const inDecide = (statement: string) => (text: string) => text.replace("export function decide(obs: Observation): Plan {\n", `export function decide(obs: Observation): Plan {\n  ${statement}\n`);
const atTop = (line: string) => (text: string) => `${line}\n${text}`;

describe("architecture", function () {
  this.timeout(30_000);

  it("the decision (hooks and actions) uses no clock, environment, randomness, network or timer, and imports no seam, file or process code, nor import()", () => {
    const { violations, modules } = decisionViolations(ROOT, DECISION);
    assert.ok(modules.includes("src/manifests/render.ts") && modules.includes("src/actions/verify-storage.ts"), "the check follows the decision's imports");
    assert.deepEqual(violations, []);
  });

  const DECISION_PLANTS: [string, Record<string, (t: string) => string>, RegExp][] = [
    ["Date.now() in decide()", { "src/charm/decide.ts": inDecide("void Date.now();") }, /decide\.ts:\d+: uses Date/],
    ["process.env in decide()", { "src/charm/decide.ts": inDecide('void process.env["HOME"];') }, /decide\.ts:\d+: uses process/],
    ["fetch in decide()", { "src/charm/decide.ts": inDecide('void fetch("http://example.com");') }, /decide\.ts:\d+: uses fetch/],
    ["Math.random() in a module the decision imports", { "src/charm/draft.ts": (t) => t.replace("this.obs = obs;", "this.obs = obs;\n    void Math.random();") }, /draft\.ts:\d+: uses Math\.random/],
    ["a timer", { "src/charm/removal.ts": (t) => t.replace('const app = d.obs.event.appName;', 'const app = d.obs.event.appName;\n  setTimeout(() => {}, 1);') }, /removal\.ts:\d+: uses setTimeout/],
    ["globalThis.Date", { "src/charm/decide.ts": inDecide("void globalThis.Date;") }, /decide\.ts:\d+: uses globalThis/],
    ["node:fs", { "src/charm/draft.ts": atTop('import { readFileSync } from "node:fs";\nvoid readFileSync;') }, /draft\.ts:\d+: imports readFileSync from node:fs/],
    ["node:child_process", { "src/status/decide.ts": atTop('import * as cp from "node:child_process";\nvoid cp;') }, /status\/decide\.ts:\d+: imports \* from node:child_process/],
    ["another name from node:crypto", { "src/actions/verify-storage.ts": (t) => t.replace('import { createHash } from "node:crypto";', 'import { createHash, randomUUID } from "node:crypto";\nvoid randomUUID;') }, /verify-storage\.ts:\d+: imports createHash, randomUUID from node:crypto/],
    ["a seam", { "src/charm/draft.ts": atTop('import { jujuLog } from "../juju/index.ts";\nvoid jujuLog;') }, /draft\.ts:\d+: imports the seam src\/juju\/index\.ts/],
    ["a seam re-exported", { "src/charm/draft.ts": atTop('export { runCeph } from "../host/ceph-process.ts";') }, /draft\.ts:\d+: imports the seam src\/host\/ceph-process\.ts/],
    ["dynamic import()", { "src/charm/decide.ts": inDecide('void import("./plan.ts");') }, /decide\.ts:\d+: dynamic import\(\.\/plan\.ts\)/],
  ];
  for (const [what, edits, expected] of DECISION_PLANTS) {
    it(`the decision check catches ${what}`, () => {
      const { violations } = planted(edits, (root) => decisionViolations(root, DECISION));
      assert.ok(violations.some((v) => expected.test(v)), `${expected} in ${JSON.stringify(violations)}`);
    });
  }

  it("the decision check leaves types alone: a Date or process type is no use of them", () => {
    const { violations } = planted({ "src/charm/plan.ts": atTop("export type When = Date;\nexport interface P { p: typeof process.env }") }, (root) => decisionViolations(root, DECISION));
    assert.deepEqual(violations, []);
  });

  it("the pure folders (config, ceph, manifests, converge, status, actions) reach no seam either", async () => {
    const pure = (readdirSync(SRC, { recursive: true }) as string[])
      .filter((f) => f.endsWith(".ts") && /^(config|ceph|manifests|converge|status|actions)\//.test(f))
      .map((f) => `src/${f}`);
    const { files, packages } = await reachable(pure);
    assert.deepEqual(files.filter(isSeamFile), []);
    assert.deepEqual(packages.filter((p) => SEAM_PACKAGES.includes(p.replace(/^node:/, ""))), []);
  });

  it("only the executor, the seams themselves and the entry points import a seam", () => {
    assert.deepEqual(seamImporters(ROOT), []);
    const planted1 = planted({ "src/status/decide.ts": atTop('import { execa } from "execa";\nvoid execa;') }, seamImporters);
    assert.deepEqual(planted1, ["src/status/decide.ts → execa"], "the check catches a planted one");
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

  it("the fakes take nothing from src/ at run time (types only); only the in-process binding runs charm code", () => {
    const { violations, files } = fakeViolations(ROOT);
    assert.ok(files > 20, "the check sees the harness");
    assert.deepEqual(violations, []);
  });

  const FAKE_PLANTS: [string, string, RegExp][] = [
    ["an import of a value", 'import { decide } from "../../../src/charm/decide.ts";\nvoid decide;', /cluster\.ts:1: imports decide from \.\.\/\.\.\/\.\.\/src\/charm\/decide\.ts/],
    ["a re-export", 'export { decide } from "../../../src/charm/decide.ts";', /cluster\.ts:1: re-exports decide from/],
    ["a re-export of everything", 'export * from "../../../src/redact.ts";', /cluster\.ts:1: re-exports \* from/],
    ['a re-export from "src/…"', 'export { redact } from "src/redact.ts";', /cluster\.ts:1: re-exports redact from src\/redact\.ts/],
    ["a dynamic import()", 'export const late = () => import("../../../src/redact.ts");', /cluster\.ts:1: import\(\.\.\/\.\.\/\.\.\/src\/redact\.ts\)/],
    ["a computed import()", 'export const late = (p: string) => import(p);', /cluster\.ts:1: import\(computed\)/],
    ["a side-effect import", 'import "../../../src/redact.ts";', /cluster\.ts:1: imports \(for its effects\) from/],
  ];
  for (const [what, line, expected] of FAKE_PLANTS) {
    it(`the fakes check catches ${what}`, () => {
      const { violations } = planted({ "tests/harness/fake-kube/cluster.ts": atTop(line) }, (root) => fakeViolations(root));
      assert.ok(violations.some((v) => expected.test(v)), `${expected} in ${JSON.stringify(violations)}`);
    });
  }

  it("the fakes check lets type-only imports and the in-process binding through", () => {
    const { violations } = planted(
      {
        "tests/harness/fake-kube/cluster.ts": atTop('import type { Plan } from "../../../src/charm/plan.ts";\nimport { type Step } from "../../../src/charm/plan.ts";\nexport type { Effects } from "../../../src/charm/plan.ts";\nexport type X = Plan | Step;'),
        "tests/harness/in-process/host.ts": atTop('export { redact } from "../../../src/redact.ts";'),
      },
      (root) => fakeViolations(root),
    );
    assert.deepEqual(violations, []);
  });
});
