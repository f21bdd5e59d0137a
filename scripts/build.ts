/**
 * Bundles the charm (src/main.ts) into dist/ with esbuild: one entry file, plus chunks that
 * load only when a hook needs them (the Kubernetes client is imported dynamically).
 */
import { renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "dist");

export async function bundle(): Promise<void> {
  // Build beside dist/ and swap it in, so a hook running meanwhile never sees a half-written tree.
  const staging = `${outdir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  await build({
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
  rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await bundle();
}
