/**
 * Bundles the charm with esbuild in ONE build, so that every module has exactly one copy
 * (one class `HookToolError`, one `KubeError`: `instanceof` holds whichever file threw):
 *   dist/charm.cjs    the entry every hook runs (src/main.ts), small;
 *   dist/hook.cjs     the executor and the decision (src/charm/execute/hook-entry.ts), loaded when a hook has work;
 *   dist/kube.cjs     the Kubernetes side (src/kube), loaded only by hooks that talk to the API;
 *   dist/chunk-*.cjs  the modules two of those share, each in one chunk that both require.
 * esbuild splits only ESM, so the build splits as ESM and then rewrites each output file's
 * import/export statements as require()/module.exports (a syntax pass, no re-bundling): the
 * files stay CommonJS, and Node built-ins are require()d as before (`import { spawn } from
 * "node:child_process"` becomes a require and property reads). CommonJS, not ESM: requiring
 * Node built-ins from CJS skips the ESM facade, whose getters load modules a hook never uses
 * (http's undici, crypto's key machinery), and require() of a file skips the ESM loader. JSON schemas are precompiled, and undici is
 * replaced by Node's own http/https (src/kube/undici-lite.ts).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile, type Plugin, transform } from "esbuild";
import { precompiledModules } from "./precompile-validators.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const defaultOutdir = join(root, "dist");

/** Output name (without `.cjs`) → entry. A dynamic import() of an entry loads that entry's file. */
export const ENTRIES: Readonly<Record<string, string>> = {
  charm: "src/main.ts",
  hook: "src/charm/execute/hook-entry.ts",
  kube: "src/kube/index.ts",
};

/**
 * Swaps src/validation/compile.ts (ajv at runtime) for the precompiled validators, served from
 * memory under a fixed namespace, so the bundle's bytes do not depend on where it was built.
 */
async function precompiledValidators(): Promise<Plugin> {
  const modules = await precompiledModules();
  const namespace = "precompiled-validators";
  return {
    name: namespace,
    setup(b) {
      b.onResolve({ filter: /\/compile\.ts$/ }, (args) =>
        join(args.resolveDir, args.path) === join(root, "src/validation/compile.ts") ? { path: "compile.mjs", namespace } : undefined,
      );
      b.onResolve({ filter: /^\.\/v-[\w-]+\.mjs$/, namespace }, (args) => ({ path: args.path.slice(2), namespace }));
      // The generated code requires ajv's runtime helpers: resolve them from the repository.
      b.onLoad({ filter: /.*/, namespace }, (args) => ({ contents: modules[args.path], loader: "js", resolveDir: root }));
    },
  };
}

/**
 * client-node without its generated models (a class per API model, 560 kB of code loaded by every
 * hook that talks to the API): its ObjectSerializer → the charm's typeless one, and its gen/index
 * → the same exports minus the models and typed APIs. The charm reads and writes plain JSON only.
 */
const withoutModels: Plugin = {
  name: "client-node-without-models",
  setup(b) {
    const fromLibrary = (importer: string) => importer.includes("@kubernetes/client-node/dist/");
    b.onResolve({ filter: /\/gen\/models\/ObjectSerializer\.js$/ }, (args) =>
      fromLibrary(args.importer) ? { path: join(root, "src/kube/typeless-serializer.ts") } : undefined,
    );
    b.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (args) =>
      fromLibrary(args.importer) ? { path: join(root, "src/kube/client-node-gen.ts") } : undefined,
    );
  },
};

/**
 * JSON files (the release data) as `JSON.parse("…")`: V8 parses a JSON string several times
 * faster than it compiles and runs the same data as an object literal.
 */
const jsonAsParse: Plugin = {
  name: "json-as-parse",
  setup(b) {
    b.onLoad({ filter: /\.json$/ }, (args) => {
      const text = JSON.stringify(JSON.parse(readFileSync(args.path, "utf8")));
      return { contents: `export default JSON.parse(${JSON.stringify(text)});`, loader: "js" };
    });
  },
};

export interface BundleResult {
  /** esbuild's metafile of the build: which input went into which output file. */
  metafile: Metafile;
  outdir: string;
}

/** Builds into `outdir` (default dist/), swapped in whole so a hook running meanwhile never sees a half-written tree. */
export async function bundle(o: { outdir?: string } = {}): Promise<BundleResult> {
  const outdir = o.outdir ?? defaultOutdir;
  const staging = `${outdir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const result = await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, entry]) => [name, join(root, entry)])),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node24",
    minifySyntax: true,
    legalComments: "none",
    logLevel: "warning",
    outdir: staging,
    outExtension: { ".js": ".cjs" },
    chunkNames: "chunk-[hash]",
    metafile: true,
    write: false,
    // Node's http/https in place of undici for @kubernetes/client-node (see src/kube/undici-lite.ts).
    // The proxy libraries it imports: the charm supports no proxy-url (src/kube/proxy-stub.ts).
    alias: {
      undici: join(root, "src/kube/undici-lite.ts"),
      socks: join(root, "src/kube/proxy-stub.ts"),
      "socks-proxy-agent": join(root, "src/kube/proxy-stub.ts"),
      hpagent: join(root, "src/kube/proxy-stub.ts"),
      // The legacy auth-provider plugins' libraries: the charm's kubeconfig uses a token or a certificate (src/kube/auth-provider-stub.ts).
      "jsonpath-plus": join(root, "src/kube/auth-provider-stub.ts"),
      "openid-client": join(root, "src/kube/auth-provider-stub.ts"),
    },
    plugins: [await precompiledValidators(), withoutModels, jsonAsParse],
  });
  const twice = Object.keys(duplicatedInputs(result.metafile));
  if (twice.length > 0) throw new Error(`build: modules bundled into two files (instanceof would break): ${twice.join(", ")}`);
  mkdirSync(staging, { recursive: true });
  for (const file of result.outputFiles) {
    // import/export → require()/module.exports; import() → a require() in a promise (no ESM loader).
    const cjs = await transform(file.text, { format: "cjs", loader: "js", target: "node24", supported: { "dynamic-import": false }, logLevel: "warning" });
    writeFileSync(join(staging, basename(file.path)), cjs.code);
  }
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
  return { metafile: result.metafile, outdir };
}

/** Inputs (source files, packages' files) that went into more than one output: none, or instanceof breaks. */
export function duplicatedInputs(metafile: Metafile): Record<string, string[]> {
  const where: Record<string, string[]> = {};
  for (const [out, meta] of Object.entries(metafile.outputs)) {
    for (const input of Object.keys(meta.inputs)) where[input] = [...(where[input] ?? []), basename(out)];
  }
  return Object.fromEntries(Object.entries(where).filter(([, outs]) => outs.length > 1));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await bundle();
}
