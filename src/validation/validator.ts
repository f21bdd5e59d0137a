/**
 * JSON-schema validators (ajv) that cost nothing at hook start: every schema is declared here
 * with a name; the charm bundle carries them precompiled to plain functions (ajv standalone
 * code, made by scripts/build.ts), while tests and tools compile them with ajv on first use.
 */
import type { ErrorObject, Options } from "ajv";
import { compile } from "./compile.ts";

export interface Validator<T> {
  (data: unknown): data is T;
  errors?: ErrorObject[] | null;
}

export interface SchemaSpec {
  /** Unique, a JavaScript identifier: the name of the precompiled function. */
  name: string;
  schema: Record<string, unknown>;
  options?: Options;
}

/** Every declared schema, for the build-time compiler. */
export const SCHEMAS: SchemaSpec[] = [];

export function defineValidator<T>(spec: SchemaSpec): Validator<T> {
  if (SCHEMAS.some((s) => s.name === spec.name)) throw new Error(`duplicate validator name ${spec.name}`);
  SCHEMAS.push(spec);
  let fn: Validator<unknown> | undefined;
  const v = ((data: unknown) => {
    fn ??= compile(spec);
    const valid = fn(data);
    v.errors = fn.errors ?? null;
    return valid;
  }) as Validator<T>;
  return v;
}
