/** Kubernetes `Status` answers, as the real API server sends them. */
export interface StatusBody {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure" | "Success";
  message: string;
  reason?: string;
  details?: Record<string, unknown>;
  code: number;
}

/** An error the request handler turns into a Status answer. */
export class HttpError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details: Record<string, unknown> | undefined;
  /** Set when the answer is plain text rather than a Status (the mux's "404 page not found"). */
  readonly plainText: string | undefined;
  constructor(code: number, reason: string, message: string, details?: Record<string, unknown>, plainText?: string) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
    this.plainText = plainText;
  }
  body(): StatusBody {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      // The API server leaves reason out of errors it does not classify (500s such as a failed typed patch).
      ...(this.reason ? { reason: this.reason } : {}),
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** `plural.group` as the API server names a resource in messages ("storageclasses.storage.k8s.io"). */
export function qualified(plural: string, group: string): string {
  return group === "" ? plural : `${plural}.${group}`;
}

/** Details carry the group only when it is not the core group (the API server omits an empty one). */
function groupOf(group: string): { group?: string } {
  return group === "" ? {} : { group };
}

export function notFound(plural: string, group: string, name: string): HttpError {
  return new HttpError(404, "NotFound", `${qualified(plural, group)} "${name}" not found`, { name, ...groupOf(group), kind: plural });
}

export function alreadyExists(plural: string, group: string, name: string): HttpError {
  return new HttpError(409, "AlreadyExists", `${qualified(plural, group)} "${name}" already exists`, { name, ...groupOf(group), kind: plural });
}

export function conflict(plural: string, group: string, name: string, why: string): HttpError {
  return new HttpError(409, "Conflict", `Operation cannot be fulfilled on ${qualified(plural, group)} "${name}": ${why}`, {
    name,
    ...groupOf(group),
    kind: plural,
  });
}

export interface Cause {
  field: string;
  message: string;
  reason?: string;
}

/** 422 Invalid: `StorageClass.storage.k8s.io "x" is invalid: parameters: Forbidden: updates to parameters are forbidden.` */
export function invalid(kind: string, group: string, name: string, causes: Cause[]): HttpError {
  const qk = group === "" ? kind : `${kind}.${group}`;
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  const joined = list.length === 1 ? list[0] : `[${list.join(", ")}]`;
  return new HttpError(422, "Invalid", `${qk} "${name}" is invalid: ${joined}`, {
    name,
    ...groupOf(group),
    kind,
    causes: causes.map((c) => ({ reason: c.reason ?? "FieldValueInvalid", message: c.message, field: c.field })),
  });
}

export function badRequest(message: string): HttpError {
  return new HttpError(400, "BadRequest", message);
}

export function internalError(message = "Internal error occurred: injected fault"): HttpError {
  return new HttpError(500, "InternalError", message);
}

/** The answer body: a Status object, or the plain text. */
export function errorBody(e: HttpError): object | string {
  return e.plainText ?? e.body();
}

export function success(details: Record<string, unknown>): object {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details };
}

/** 403 Forbidden about one object: `namespaces "default" is forbidden: this namespace may not be deleted`. */
export function forbidden(plural: string, group: string, name: string, why: string, causes?: Record<string, unknown>[]): HttpError {
  return new HttpError(403, "Forbidden", `${qualified(plural, group)} "${name}" is forbidden: ${why}`, {
    name,
    ...groupOf(group),
    kind: plural,
    ...(causes ? { causes } : {}),
  });
}

/** Creating in a Terminating namespace. */
export function namespaceTerminating(plural: string, group: string, name: string, ns: string): HttpError {
  return forbidden(plural, group, name, `unable to create new content in namespace ${ns} because it is being terminated`, [
    { reason: "NamespaceTerminating", message: `namespace ${ns} is being terminated`, field: "metadata.namespace" },
  ]);
}

/** What the API server answers for a path nobody serves (a group/version without its CRD): text/plain. */
export function pageNotFound(): HttpError {
  return new HttpError(404, "NotFound", "404 page not found", undefined, "404 page not found\n");
}
