/**
 * User secrets in the fake model, the way a Juju 3.x controller keeps them for a consumer:
 * secret ids (xid), URIs, content rules, access by grant, and per-unit revision tracking.
 *
 * Facts (juju/juju, read 2026): `core/secrets` (URI forms, content key rule), the
 * secretsmanager facade `getSecretContent` / `getConsumedRevision` (unknown secret → not found,
 * no grant → permission denied, first read pins the latest revision, --refresh moves the pin,
 * --peek reads the latest without moving it, the pin and the label are saved at once, not at
 * hook end), and `consumer label "<l>" not found` for a label the unit never set.
 */
import { randomBytes } from "node:crypto";
import { RunError } from "./flags.ts";
import { appOf, type Bag, type ModelState, type SecretState } from "./model.ts";

/** A parsed secret URI: the id and, for `secret://<uuid>/<id>`, the source model uuid. */
export interface SecretRef {
  id: string;
  source: string;
}

const XID_ALPHABET = "0123456789abcdefghijklmnopqrstuv";
const UUID = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;
const ID_PART = /^(?:([a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})\/)?([0-9a-z]{20})$/;
/** Content keys Juju accepts (core/secrets keyRegExp). */
const CONTENT_KEY = /^([a-z](?:-?[a-z0-9]){2,})$/;

let counter = randomBytes(3).readUIntBE(0, 3);

/** A new xid (12 bytes: time, random machine/pid, counter) in Juju's 20-character base32hex. */
export function newSecretId(): string {
  const b = Buffer.alloc(12);
  b.writeUInt32BE(Math.floor(Date.now() / 1000) >>> 0, 0);
  randomBytes(5).copy(b, 4);
  counter = (counter + 1) % 0x1000000;
  b.writeUIntBE(counter, 9, 3);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of b) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += XID_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out + XID_ALPHABET[(value << (5 - bits)) & 31];
}

/** An xid decodes only from base32hex digits, and its last digit carries one bit. */
function validXid(id: string): boolean {
  if (!/^[0-9a-v]{20}$/.test(id)) return false;
  return (XID_ALPHABET.indexOf(id[19]!) & 15) === 0;
}

/** Juju's ParseURI: `<id>`, `secret:<id>`, `secret:<uuid>/<id>`, `secret://<uuid>/<id>`. */
export function parseSecretUri(text: string): SecretRef | undefined {
  let rest = text;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text);
  if (scheme) {
    if (scheme[1]!.toLowerCase() !== "secret") return undefined;
    rest = text.slice(scheme[0].length);
  }
  let host = "";
  if (rest.startsWith("//")) {
    const slash = rest.indexOf("/", 2);
    host = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? "" : rest.slice(slash);
    if (host !== "" && !UUID.test(host)) return undefined;
  }
  const m = ID_PART.exec(rest.replace(/^\/+/, ""));
  if (!m || !validXid(m[2]!)) return undefined;
  return { id: m[2]!, source: m[1] ?? host };
}

/** How Juju prints a URI: `secret:<id>`, or `secret://<uuid>/<id>` with a source model. */
export function secretUriString(ref: SecretRef): string {
  return ref.source === "" ? `secret:${ref.id}` : `secret://${ref.source}/${ref.id}`;
}

/** `juju add-secret` / `update-secret` content: Juju's key rule and text (`key "X" not valid`); string values. */
export function checkContent(content: Readonly<Record<string, unknown>>): Bag {
  const keys = Object.keys(content);
  if (keys.length === 0) throw new Error("fake-juju: a secret needs at least one key");
  const out: Bag = {};
  for (const k of keys) {
    if (!CONTENT_KEY.test(k)) throw new Error(`ERROR key ${JSON.stringify(k)} not valid`);
    const v = content[k];
    if (typeof v !== "string") throw new Error(`fake-juju: the value of secret key ${JSON.stringify(k)} must be a string`);
    out[k] = v;
  }
  return out;
}

export function secretsOf(model: ModelState): SecretState[] {
  model.secrets ??= [];
  return model.secrets;
}

/** The secret a test names by URI (any accepted form); throws when there is none. */
export function secretByUri(model: ModelState, uri: string): SecretState {
  const ref = parseSecretUri(uri);
  const s = ref && secretsOf(model).find((x) => x.id === ref.id);
  if (!s) throw new Error(`fake-juju: no secret ${JSON.stringify(uri)} in the model`);
  return s;
}

export function latestRevision(s: SecretState): number {
  return s.revisions[s.revisions.length - 1]!.revision;
}

export interface ReadRequest {
  ref: SecretRef | undefined;
  label: string;
  refresh: boolean;
  peek: boolean;
}

/**
 * What `secret-get` returns to `unit`, with the controller's side effects on the unit's
 * consumer record (immediate, like Juju's API call; a failing hook does not undo them).
 */
export function readSecret(model: ModelState, unit: string, req: ReadRequest): Bag {
  let secret: SecretState | undefined;
  if (req.ref) {
    const ref = req.ref;
    secret = ref.source === "" || ref.source === model.modelUuid ? secretsOf(model).find((s) => s.id === ref.id) : undefined;
    if (!secret) throw new RunError(`secret ${JSON.stringify(secretUriString(ref))} not found`);
  } else {
    secret = secretsOf(model).find((s) => s.consumers[unit]?.label === req.label);
    if (!secret) throw new RunError(`consumer label ${JSON.stringify(req.label)} not found`);
  }
  if (!secret.grants.includes(appOf(unit))) throw new RunError("permission denied");
  const latest = latestRevision(secret);
  const existing = secret.consumers[unit];
  const refresh = req.refresh || existing === undefined;
  const record = existing ?? { revision: latest, label: "" };
  let revision = record.revision;
  if (refresh || req.peek) revision = latest;
  if (refresh) record.revision = latest;
  if (refresh || (req.label !== "" && req.ref !== undefined)) {
    if (req.label !== "") record.label = req.label;
    secret.consumers[unit] = record;
  }
  const rev = secret.revisions.find((r) => r.revision === revision);
  if (!rev) throw new RunError(`secret ${JSON.stringify(secret.uri)} not found`);
  return { ...rev.content };
}

/** The units told about a new revision: those that have read the secret, while their app has access. */
export function consumersToNotify(model: ModelState, secret: SecretState): Array<{ unit: string; label: string }> {
  return Object.entries(secret.consumers)
    .filter(([unit]) => model.units.some((u) => u.name === unit) && secret.grants.includes(appOf(unit)))
    .map(([unit, c]) => ({ unit, label: c.label }))
    .sort((a, b) => a.unit.localeCompare(b.unit));
}
