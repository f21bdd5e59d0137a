/**
 * secret-get, secret-info-get, secret-ids (juju/juju internal/worker/uniter/runner/jujuc).
 * Only the consumer side is modelled: the charm reads user secrets; it owns none.
 */
import { flagBool, flagString, parseArgs, RunError, rejectExtra, UsageError } from "../flags.ts";
import { FORMAT_FLAG, formatOf, render } from "../format.ts";
import { parseSecretUri, readSecret, type SecretRef } from "../secrets.ts";
import type { Tool } from "./common.ts";

const BASE64_SUFFIX = "#base64";

/** Init of secret-get / secret-info-get: the first positional is always taken as the URI. */
function uriArg(positionals: string[]): SecretRef | undefined {
  const text = positionals[0];
  if (text === undefined) return undefined;
  const ref = parseSecretUri(text);
  if (!ref) throw new UsageError(`secret URI ${JSON.stringify(text)} not valid`);
  return ref;
}

export const secretGet: Tool = ({ ctx, args }) => {
  const p = parseArgs(args, [
    FORMAT_FLAG,
    { long: "label", kind: "value" },
    { long: "peek", kind: "bool" },
    { long: "refresh", kind: "bool" },
  ]);
  const format = formatOf(p, ["yaml", "json"]);
  const ref = uriArg(p.positionals);
  const label = flagString(p, "label") ?? "";
  if (!ref && label === "") throw new UsageError("require either a secret URI or label");
  const peek = flagBool(p, "peek");
  const refresh = flagBool(p, "refresh");
  if (peek && refresh) throw new UsageError("specify one of --peek or --refresh but not both");
  const key = p.positionals[1];
  rejectExtra(p.positionals, 2);
  const content = readSecret(ctx.model, ctx.unit, { ref, label, refresh, peek });
  if (key === undefined) return { stdout: render(content, format) };
  const encoded = key.endsWith(BASE64_SUFFIX);
  const name = encoded ? key.slice(0, -BASE64_SUFFIX.length) : key;
  const value = content[name];
  if (value === undefined) throw new RunError(`secret key value ${JSON.stringify(name)} not found`);
  return { stdout: render(encoded ? Buffer.from(value, "utf8").toString("base64") : value, format) };
};

/** Owner-only in Juju: it looks the secret up among the unit's own secrets, so a consumer gets "not found". */
export const secretInfoGet: Tool = ({ args }) => {
  const p = parseArgs(args, [FORMAT_FLAG, { long: "label", kind: "value" }]);
  formatOf(p, ["yaml", "json"]);
  const ref = uriArg(p.positionals);
  const label = flagString(p, "label") ?? "";
  if (!ref && label === "") throw new UsageError("require either a secret URI or label");
  if (ref && label !== "") throw new UsageError("specify either a secret URI or label but not both");
  rejectExtra(p.positionals, 1);
  throw new RunError(`secret ${JSON.stringify(ref ? ref.id : label)} not found`);
};

/** The ids of the secrets the application owns: none here, and Go prints a nil list as null. */
export const secretIds: Tool = ({ args }) => {
  const p = parseArgs(args, [FORMAT_FLAG]);
  const format = formatOf(p);
  rejectExtra(p.positionals, 0);
  return { stdout: render(null, format) };
};
