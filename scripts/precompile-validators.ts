/**
 * Build step: compiles every schema declared with defineValidator() into ajv standalone code,
 * and returns the source of a module that replaces src/validation/compile.ts in the bundle.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import standalone from "ajv/dist/standalone/index.js";
import { SCHEMAS } from "../src/validation/validator.ts";

const standaloneCode = standalone.default;
const SRC = join(dirname(fileURLToPath(import.meta.url)), "../src");

/** Modules that declare schemas (importing them fills SCHEMAS): every src file calling defineValidator. */
export function declaringModules(): string[] {
  return (readdirSync(SRC, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".ts") && !f.startsWith("validation/"))
    .filter((f) => /\bdefineValidator\s*[<(]/.test(readFileSync(join(SRC, f), "utf8")))
    .map((f) => join(SRC, f));
}

export async function precompiledModules(): Promise<Record<string, string>> {
  for (const m of declaringModules()) await import(pathToFileURL(m).href);
  const files: Record<string, string> = {};
  const names: string[] = [];
  // By name, not by registration order: that depends on what this process imported first,
  // and the bundle's bytes must not.
  for (const spec of [...SCHEMAS].sort((a, b) => a.name.localeCompare(b.name))) {
    const ajv = new Ajv({ ...spec.options, code: { source: true, esm: true } });
    const validate = ajv.compile(spec.schema);
    files[`v-${spec.name}.mjs`] = standaloneCode(ajv, validate);
    names.push(spec.name);
  }
  files["compile.mjs"] = [
    ...names.map((n) => `import ${n} from "./v-${n}.mjs";`),
    `const PRECOMPILED = { ${names.join(", ")} };`,
    "export function compile(spec) {",
    "  const fn = PRECOMPILED[spec.name];",
    '  if (!fn) throw new Error("no precompiled validator " + spec.name);',
    "  return fn;",
    "}",
    "",
  ].join("\n");
  return files;
}
