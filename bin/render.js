#!/usr/bin/env node
// Package bin shim: the CLI is TypeScript, which Node 24 runs directly.
const { main } = await import("../src/cli/render.ts");
process.exitCode = main(process.argv.slice(2));
