/** Writes config.yaml from src/config/options.ts:  node scripts/gen-config.ts */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { configYaml } from "../src/config/config-yaml.ts";

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "config.yaml");
writeFileSync(out, configYaml());
console.log(`wrote ${out}`);
