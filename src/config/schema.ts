/** One JSON schema (ajv) for every option: types, and defaults for unset options. */
import type { ErrorObject } from "ajv";
import { defineValidator } from "../validation/validator.ts";
import { OPTIONS } from "./options.ts";

const JSON_TYPE = { string: "string", int: "integer", boolean: "boolean", secret: "string" } as const;

export const CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: Object.fromEntries(
    Object.entries(OPTIONS).map(([name, spec]) => [name, { type: JSON_TYPE[spec.type], default: spec.default }]),
  ),
} as const;

const validateConfig = defineValidator<Record<string, unknown>>({
  name: "charmConfig",
  schema: CONFIG_SCHEMA,
  options: { useDefaults: true, allErrors: false, strict: true },
});

/** Validates (and fills defaults into) `data` in place. */
export function validateSchema(data: Record<string, unknown>): ErrorObject[] {
  return validateConfig(data) ? [] : (validateConfig.errors ?? []);
}
