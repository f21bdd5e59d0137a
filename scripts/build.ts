/**
 * Bundles the charm (src/main.ts) into dist/ with esbuild: one entry file, plus chunks that
 * load only when a hook needs them (the Kubernetes client is imported dynamically).
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { precompiledModules } from "./precompile-validators.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "dist");

/** Swaps src/validation/compile.ts (ajv at runtime) for the precompiled validators. */
async function precompiledValidators(dir: string): Promise<Plugin> {
  mkdirSync(dir, { recursive: true });
  for (const [name, code] of Object.entries(await precompiledModules())) writeFileSync(join(dir, name), code);
  return {
    name: "precompiled-validators",
    setup(b) {
      b.onResolve({ filter: /\/compile\.ts$/ }, (args) =>
        join(args.resolveDir, args.path) === join(root, "src/validation/compile.ts") ? { path: join(dir, "compile.mjs") } : undefined,
      );
    },
  };
}

export async function bundle(): Promise<void> {
  // Build beside dist/ and swap it in, so a hook running meanwhile never sees a half-written tree.
  const staging = `${outdir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const generated = `${staging}-validators`;
  const plugin = await precompiledValidators(generated);
  await build({
    plugins: [plugin],
    entryPoints: { charm: join(root, "src/main.ts") },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node24",
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    minifySyntax: true,
    legalComments: "none",
    logLevel: "warning",
    // Some CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  rmSync(generated, { recursive: true, force: true });
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await bundle();
}
