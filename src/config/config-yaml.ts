/** The Juju `config.yaml` text, generated from the option table (see scripts/gen-config.ts). */
import { stringify } from "yaml";
import { OPTIONS, type OptionSpec } from "./options.ts";

export const CONFIG_YAML_HEADER = "# Generated from src/config/options.ts by `node scripts/gen-config.ts`. Do not edit by hand.\n";

/**
 * The default config.yaml declares. A secret option declares none: charmcraft's model of a secret
 * option rejects an empty default, and Juju leaves an option without a default out of config-get,
 * where parseConfig gives it the table's "" (unset).
 */
export function jujuDefault(spec: OptionSpec): { default?: string | number | boolean } {
  return spec.type === "secret" ? {} : { default: spec.default };
}

export function configYaml(): string {
  const options = Object.fromEntries(
    Object.entries(OPTIONS).map(([name, spec]) => [name, { type: spec.type, ...jujuDefault(spec), description: spec.description }]),
  );
  return CONFIG_YAML_HEADER + stringify({ options }, { lineWidth: 100 });
}
