/** One JSON schema (ajv) for every option: types, and defaults for unset options. */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { OPTIONS } from "./options.ts";

const JSON_TYPE = { string: "string", int: "integer", boolean: "boolean" } as const;

export const CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: Object.fromEntries(
    Object.entries(OPTIONS).map(([name, spec]) => [name, { type: JSON_TYPE[spec.type], default: spec.default }]),
  ),
} as const;

let compiled: ValidateFunction | undefined;

/** Validates (and fills defaults into) `data` in place. */
export function validateSchema(data: Record<string, unknown>): ErrorObject[] {
  compiled ??= new Ajv({ useDefaults: true, allErrors: false, strict: true }).compile(CONFIG_SCHEMA);
  return compiled(data) ? [] : (compiled.errors ?? []);
}
