/** The Juju `config.yaml` text, generated from the option table (see scripts/gen-config.ts). */
import { stringify } from "yaml";
import { OPTIONS } from "./options.ts";

export const CONFIG_YAML_HEADER = "# Generated from src/config/options.ts by `node scripts/gen-config.ts`. Do not edit by hand.\n";

export function configYaml(): string {
  const options = Object.fromEntries(
    Object.entries(OPTIONS).map(([name, spec]) => [name, { type: spec.type, default: spec.default, description: spec.description }]),
  );
  return CONFIG_YAML_HEADER + stringify({ options }, { lineWidth: 100 });
}
