/**
 * Requests without a bearer token: with anonymous authentication on (the default) they are user
 * system:anonymous, whom RBAC lets read only /version and the health checks; anything else is
 * 403 Forbidden worded as the RBAC authorizer words it. (A wrong token is 401: see server.ts.)
 */
import { HttpError, qualified } from "./status.ts";

const PUBLIC = new Set(["/version", "/healthz", "/livez", "/readyz"]);

const VERBS: Record<string, string> = { POST: "create", PUT: "update", PATCH: "patch", DELETE: "delete" };

/** undefined when the anonymous user may do this; otherwise the 403 to answer. */
export function anonymousRefusal(method: string, path: string): HttpError | undefined {
  if (PUBLIC.has(path)) return undefined;
  const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  const who = 'User "system:anonymous"';
  if (!m) {
    return new HttpError(403, "Forbidden", `forbidden: ${who} cannot ${method === "GET" ? "get" : (VERBS[method] ?? method.toLowerCase())} path "${path}"`, {});
  }
  const group = m[2] ?? "";
  const ns = m[4] !== undefined ? decodeURIComponent(m[4]) : undefined;
  const plural = m[5]!;
  const name = m[6] !== undefined ? decodeURIComponent(m[6]) : undefined;
  const verb = method === "GET" ? (name === undefined ? "list" : "get") : (VERBS[method] ?? method.toLowerCase());
  const scope = ns !== undefined ? `in the namespace "${ns}"` : "at the cluster scope";
  return new HttpError(
    403,
    "Forbidden",
    `${qualified(plural, group)}${name !== undefined ? ` "${name}"` : ""} is forbidden: ${who} cannot ${verb} resource "${plural}" in API group "${group}" ${scope}`,
    { ...(name !== undefined ? { name } : {}), ...(group !== "" ? { group } : {}), kind: plural },
  );
}
