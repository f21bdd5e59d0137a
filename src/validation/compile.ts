/**
 * Runtime compilation with ajv (tests, tools). The charm bundle replaces this module with the
 * precompiled validators (see scripts/build.ts), so hooks never run ajv's code generator.
 */
import { Ajv } from "ajv";
import type { SchemaSpec, Validator } from "./validator.ts";

export function compile(spec: SchemaSpec): Validator<unknown> {
  return new Ajv(spec.options ?? {}).compile(spec.schema) as Validator<unknown>;
}
