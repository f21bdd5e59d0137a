/**
 * Build step: compiles every schema declared with defineValidator() into ajv standalone code,
 * and returns the source of a module that replaces src/validation/compile.ts in the bundle.
 */
import { Ajv } from "ajv";
import standalone from "ajv/dist/standalone/index.js";

const standaloneCode = standalone.default;
import { SCHEMAS } from "../src/validation/validator.ts";

/** Modules that declare schemas (importing them fills SCHEMAS). */
const DECLARING = [
  "../src/config/schema.ts",
  "../src/ceph/client-relation.ts",
  "../src/ceph/admin-relation.ts",
  "../src/ceph/broker.ts",
  "../src/ceph/cli.ts",
];

export async function precompiledModules(): Promise<Record<string, string>> {
  for (const m of DECLARING) await import(m);
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
