/**
 * What ships is one module graph: scripts/build.ts puts every input (our sources and the
 * packages' files) into exactly one output file, so a class has one identity whichever file
 * threw it (`instanceof HookToolError` in src/juju/secrets.ts holds for the runner's error).
 * And the lazy loading stays: the entry's own files hold neither the decision nor the client.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Metafile } from "esbuild";
import { bundle } from "../../scripts/build.ts";

/** The files every build must produce (dispatch runs charm.cjs; tls.test.ts requires kube.cjs). */
const ENTRY_FILES = ["charm.cjs", "hook.cjs", "kube.cjs"];

/** Inputs in more than one output (the test's own reading of the metafile, not the build's). */
function inTwoOutputs(meta: Metafile): string[] {
  const count = new Map<string, number>();
  for (const o of Object.values(meta.outputs)) for (const i of Object.keys(o.inputs)) count.set(i, (count.get(i) ?? 0) + 1);
  return [...count].filter(([, n]) => n > 1).map(([i]) => i);
}

/** The files an output requires at load time, transitively (import-statement edges only). */
function staticClosure(meta: Metafile, output: string): Set<string> {
  const seen = new Set<string>();
  const todo = [output];
  while (todo.length > 0) {
    const o = todo.pop() as string;
    if (seen.has(o)) continue;
    seen.add(o);
    for (const i of meta.outputs[o]?.imports ?? []) if (i.kind === "import-statement" && !i.external) todo.push(i.path);
  }
  return seen;
}

describe("build: one copy of every module", function () {
  this.timeout(180_000);
  let tmp: string;
  /** What the build reports (a build that reports no metafile fails the metafile tests). */
  let built: { metafile: Metafile; outdir: string };
  const outputKey = (name: string) => Object.keys(built.metafile.outputs).find((k) => k.endsWith(`/${name}`)) as string;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "ceph-csi-build-"));
    const r = (await bundle({ outdir: join(tmp, "dist") })) as Partial<typeof built> | undefined;
    built = { metafile: r?.metafile ?? { inputs: {}, outputs: {} }, outdir: r?.outdir ?? join(tmp, "dist") };
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("the metafile puts every input into exactly one output", () => {
    const outputs = Object.keys(built.metafile.outputs);
    assert.ok(outputs.length >= 3, `the build reports its metafile with every output: ${outputs.join(", ")}`);
    const inputs = Object.keys(built.metafile.inputs);
    assert.ok(inputs.includes("src/juju/runner.ts") && inputs.includes("src/kube/errors.ts"), "the metafile names our sources");
    assert.deepEqual(inTwoOutputs(built.metafile), []);
  });

  it("the check finds an input in two outputs (it can fail)", () => {
    const meta = structuredClone(built.metafile);
    const [a, b] = Object.values(meta.outputs);
    assert.ok(a && b);
    const shared = Object.keys(a.inputs)[0] as string;
    b.inputs[shared] = { bytesInOutput: 1 };
    assert.deepEqual(inTwoOutputs(meta), [shared]);
  });

  it("the shipped files define HookToolError and KubeError once each, and are CommonJS", () => {
    const dir = built.outdir;
    const files = readdirSync(dir).filter((f) => f.endsWith(".cjs"));
    for (const name of ENTRY_FILES) assert.ok(files.includes(name), `${name} is built`);
    const texts = files.map((f) => readFileSync(join(dir, f), "utf8"));
    const count = (re: RegExp) => texts.reduce((n, t) => n + (t.match(re)?.length ?? 0), 0);
    assert.equal(count(/\bHookToolError = class\b|\bclass HookToolError\b/g), 1, "one HookToolError class");
    assert.equal(count(/\bKubeError = class\b|\bclass KubeError\b/g), 1, "one KubeError class");
    for (const [i, t] of texts.entries()) {
      assert.doesNotMatch(t, /^\s*(import|export)\s[^(]/m, `${files[i]} has no ESM statement`);
      assert.doesNotMatch(t, /\bimport\(/, `${files[i]} loads files with require(), not import()`);
    }
  });

  it("the entry's load-time files hold neither the decision nor the Kubernetes client (a settled non-leader loads only them)", () => {
    const closure = staticClosure(built.metafile, outputKey("charm.cjs"));
    const inputs = new Set([...closure].flatMap((o) => Object.keys(built.metafile.outputs[o]?.inputs ?? {})));
    assert.ok(inputs.has("src/charm/execute/entry.ts"));
    for (const heavy of ["src/charm/decide.ts", "src/charm/execute/run.ts", "src/kube/client.ts"]) assert.ok(!inputs.has(heavy), `${heavy} is not loaded by the entry`);
    assert.ok(![...inputs].some((i) => i.includes("node_modules/@kubernetes/")), "no client-node in the entry");
    // The decision is in hook.cjs's closure, the client in kube.cjs's only.
    const hook = new Set([...staticClosure(built.metafile, outputKey("hook.cjs"))].flatMap((o) => Object.keys(built.metafile.outputs[o]?.inputs ?? {})));
    assert.ok(hook.has("src/charm/decide.ts") && !hook.has("src/kube/client.ts"));
  });

  it("ships no generated API models: client-node's serializer and gen index are the charm's slim ones", () => {
    const inputs = Object.values(built.metafile.outputs).flatMap((o) => Object.keys(o.inputs));
    assert.ok(inputs.some((i) => i.includes("@kubernetes/client-node/dist/object.js")), "the client library is bundled");
    assert.deepEqual(
      inputs.filter((i) => i.includes("@kubernetes/client-node/dist/gen/models/") || i.includes("@kubernetes/client-node/dist/gen/index.js")),
      [],
    );
    assert.ok(inputs.includes("src/kube/typeless-serializer.ts") && inputs.includes("src/kube/client-node-gen.ts"));
    // Nor the libraries of the legacy auth-provider plugins (src/kube/auth-provider-stub.ts).
    assert.deepEqual(inputs.filter((i) => /node_modules\/(jsonpath-plus|openid-client|oauth4webapi)\//.test(i)), []);
  });

  it("execa is loaded only when a host command runs: neither the entry's nor the executor's load-time files hold it", () => {
    for (const entry of ["charm.cjs", "hook.cjs"]) {
      const closure = staticClosure(built.metafile, outputKey(entry));
      const inputs = [...closure].flatMap((o) => Object.keys(built.metafile.outputs[o]?.inputs ?? {}));
      assert.ok(!inputs.some((i) => i.includes("node_modules/execa/")), `${entry} does not load execa`);
    }
    const all = Object.values(built.metafile.outputs).flatMap((o) => Object.keys(o.inputs));
    assert.ok(all.some((i) => i.includes("node_modules/execa/")), "execa is still bundled (for ceph and apt-get)");
  });

  it("the release data ships as JSON text for JSON.parse, not as an object literal", () => {
    const hook = readFileSync(join(built.outdir, "hook.cjs"), "utf8");
    assert.match(hook, /JSON\.parse\((['"])\{\\?"source\\?":/);
  });
});
