/** What Juju asked this process to do, read from the hook environment. */

export interface JujuEvent {
  kind: "hook" | "action";
  /** Hook name (`config-changed`, `ceph-client-relation-joined`) or action name. */
  name: string;
  /** For relation hooks: the endpoint and the relation id. */
  relation: { endpoint: string; id: number } | undefined;
  /** The remote unit of a relation hook; undefined when Juju exported an empty value. */
  remoteUnit: string | undefined;
  remoteApp: string | undefined;
  /** In -relation-departed: the unit leaving (a remote unit, or this unit when it is removed). */
  departingUnit: string | undefined;
  /** For actions: Juju's action id (JUJU_ACTION_UUID). */
  actionId: string | undefined;
  /** For secret hooks: the secret's URI (JUJU_SECRET_ID). */
  secretId: string | undefined;
  unitName: string;
  appName: string;
  charmDir: string;
  modelName: string;
}

export class EventParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EventParseError";
  }
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === "" ? undefined : v;
}

function parseRelation(env: Readonly<Record<string, string | undefined>>): JujuEvent["relation"] {
  const idText = nonEmpty(env["JUJU_RELATION_ID"]);
  if (idText === undefined) return undefined;
  const colon = idText.lastIndexOf(":");
  const id = Number(idText.slice(colon + 1));
  if (!/^\d+$/.test(idText.slice(colon + 1)) || !Number.isSafeInteger(id)) {
    throw new EventParseError(`invalid JUJU_RELATION_ID "${idText}"`);
  }
  const endpoint = nonEmpty(env["JUJU_RELATION"]) ?? (colon > 0 ? idText.slice(0, colon) : undefined);
  if (endpoint === undefined) throw new EventParseError("JUJU_RELATION_ID is set but JUJU_RELATION is not");
  return { endpoint, id };
}

/** Parses the event from Juju's environment (JUJU_DISPATCH_PATH first, as Juju sets it for dispatch). */
export function parseEvent(env: Readonly<Record<string, string | undefined>>): JujuEvent {
  const path = nonEmpty(env["JUJU_DISPATCH_PATH"]);
  if (path === undefined) throw new EventParseError("JUJU_DISPATCH_PATH is not set: not running under Juju");
  const m = /^(hooks|actions)\/([a-z0-9][a-z0-9-]*)$/.exec(path);
  if (m === null) throw new EventParseError(`unexpected JUJU_DISPATCH_PATH "${path}"`);
  const kind = m[1] === "hooks" ? "hook" : "action";
  const unitName = nonEmpty(env["JUJU_UNIT_NAME"]);
  if (unitName === undefined || !/^[^/]+\/\d+$/.test(unitName)) {
    throw new EventParseError(`invalid JUJU_UNIT_NAME "${unitName ?? ""}"`);
  }
  return {
    kind,
    name: m[2]!,
    relation: kind === "hook" ? parseRelation(env) : undefined,
    remoteUnit: nonEmpty(env["JUJU_REMOTE_UNIT"]),
    remoteApp: nonEmpty(env["JUJU_REMOTE_APP"]),
    departingUnit: nonEmpty(env["JUJU_DEPARTING_UNIT"]),
    actionId: kind === "action" ? nonEmpty(env["JUJU_ACTION_UUID"]) : undefined,
    secretId: nonEmpty(env["JUJU_SECRET_ID"]),
    unitName,
    appName: unitName.slice(0, unitName.indexOf("/")),
    charmDir: nonEmpty(env["JUJU_CHARM_DIR"]) ?? nonEmpty(env["CHARM_DIR"]) ?? process.cwd(),
    modelName: env["JUJU_MODEL_NAME"] ?? "",
  };
}

/** True for `<endpoint>-relation-<created|joined|changed|departed|broken>`. */
export function relationHookKind(name: string): "created" | "joined" | "changed" | "departed" | "broken" | undefined {
  const m = /-relation-(created|joined|changed|departed|broken)$/.exec(name);
  return m ? (m[1] as "created" | "joined" | "changed" | "departed" | "broken") : undefined;
}
