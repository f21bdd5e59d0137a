/**
 * Bundles the charm with esbuild into three CommonJS files:
 *   dist/charm.cjs  the entry every hook runs (src/main.ts), small;
 *   dist/hook.cjs   the executor and the decision (src/charm/execute/hook-entry.ts), loaded when a hook has work;
 *   dist/kube.cjs   the Kubernetes side (src/kube), loaded only by hooks that talk to the API.
 * CommonJS, not ESM: requiring Node built-ins from CJS skips the ESM facade, whose getters load
 * modules a hook never uses (http's undici, crypto's key machinery). JSON schemas are
 * precompiled, and undici is replaced by Node's own http/https (src/kube/undici-lite.ts).
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build, type Plugin } from "esbuild";
import { precompiledModules } from "./precompile-validators.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "dist");
const KUBE_ENTRY = join(root, "src/kube/index.ts");
const HOOK_ENTRY = join(root, "src/charm/execute/hook-entry.ts");
/** Modules imported dynamically that become files of their own, loaded only when needed. */
const APART: Record<string, string> = { [KUBE_ENTRY]: "./kube.cjs", [HOOK_ENTRY]: "./hook.cjs" };

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

/** A dynamic `import()` of one of the APART modules loads its own file from dist/ instead of being bundled in. */
const apart: Plugin = {
  name: "apart",
  setup(b) {
    b.onResolve({ filter: /\.ts$/ }, (args) => {
      const target = APART[join(args.resolveDir, args.path)];
      return target !== undefined && args.kind === "dynamic-import" ? { path: target, external: true } : undefined;
    });
  },
};

const common: BuildOptions = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node24",
  minifySyntax: true,
  legalComments: "none",
  logLevel: "warning",
  // Node's http/https in place of undici for @kubernetes/client-node (see src/kube/undici-lite.ts).
  // The proxy libraries it imports: the charm supports no proxy-url (src/kube/proxy-stub.ts).
  alias: {
    undici: join(root, "src/kube/undici-lite.ts"),
    socks: join(root, "src/kube/proxy-stub.ts"),
    "socks-proxy-agent": join(root, "src/kube/proxy-stub.ts"),
    hpagent: join(root, "src/kube/proxy-stub.ts"),
  },
};

export async function bundle(): Promise<void> {
  // Build beside dist/ and swap it in, so a hook running meanwhile never sees a half-written tree.
  const staging = `${outdir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const validators = await precompiledValidators();
  await build({ ...common, entryPoints: [join(root, "src/main.ts")], outfile: join(staging, "charm.cjs"), plugins: [validators, apart] });
  await build({ ...common, entryPoints: [HOOK_ENTRY], outfile: join(staging, "hook.cjs"), plugins: [validators, apart] });
  await build({ ...common, entryPoints: [KUBE_ENTRY], outfile: join(staging, "kube.cjs"), plugins: [validators] });
  // import() of a CommonJS file goes through the ESM loader, which scans the whole file for its
  // exports; a plain require() does not.
  for (const file of ["charm.cjs", "hook.cjs"]) {
    const path = join(staging, file);
    let code = readFileSync(path, "utf8");
    for (const target of Object.values(APART)) {
      code = code.replaceAll(`import("${target}")`, `Promise.resolve().then(() => require("${target}"))`);
    }
    writeFileSync(path, code);
  }
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await bundle();
}
