/** relation-ids, relation-list, relation-get, relation-set. */
import { asStringList, asStringMap, parseToolJson } from "./json.ts";
import type { HookToolRunner } from "./runner.ts";

/** A Juju relation id as `relation-ids` prints it: `endpoint:id`. */
export interface RelationRef {
  endpoint: string;
  id: number;
}

export function parseRelationRef(text: string): RelationRef {
  const colon = text.lastIndexOf(":");
  const id = Number(text.slice(colon + 1));
  if (colon < 0 || !Number.isInteger(id)) throw new Error(`invalid relation id "${text}"`);
  return { endpoint: text.slice(0, colon), id };
}

/** Ids of the relations on `endpoint` (Juju's order: sorted as strings). */
export async function relationIds(r: HookToolRunner, endpoint: string): Promise<number[]> {
  const out = await r.run("relation-ids", [endpoint, "--format=json"]);
  return asStringList("relation-ids", parseToolJson("relation-ids", out)).map((s) => parseRelationRef(s).id);
}

/** Remote units currently in the relation (the departing unit is already gone). */
export async function relationList(r: HookToolRunner, relId: number): Promise<string[]> {
  const out = await r.run("relation-list", ["-r", String(relId), "--format=json"]);
  return asStringList("relation-list", parseToolJson("relation-list", out));
}

/** Name of the remote application of a relation. */
export async function relationRemoteApp(r: HookToolRunner, relId: number): Promise<string> {
  const out = await r.run("relation-list", ["-r", String(relId), "--app", "--format=json"]);
  const v = parseToolJson("relation-list", out);
  if (typeof v !== "string") throw new Error("relation-list --app did not return a string");
  return v;
}

export interface RelationGetOptions {
  relId: number;
  /** A unit to read (own or remote). Default: the hook's remote unit, else the remote app. */
  unit?: string;
  /** true: the app bag of the default remote app; a string: that app's bag (own app: leader only, except peers). */
  app?: boolean | string;
  /** One key; the result then holds only that key, or nothing when it is absent. */
  key?: string;
}

/** Reads a relation bag. */
export async function relationGet(r: HookToolRunner, o: RelationGetOptions): Promise<Record<string, string>> {
  const args = ["-r", String(o.relId), "--format=json"];
  if (o.app !== undefined && o.app !== false) args.push("--app");
  args.push(o.key ?? "-");
  const target = typeof o.app === "string" ? o.app : o.unit;
  if (target !== undefined) args.push(target);
  const v = parseToolJson("relation-get", await r.run("relation-get", args));
  if (o.key === undefined) return asStringMap("relation-get", v);
  return v === null ? {} : { [o.key]: String(v) };
}

export interface RelationSetOptions {
  relId: number;
  /** Write the own application bag (leader only) instead of the own unit bag. */
  app?: boolean;
  /** Values to write; "" or null deletes the key. */
  data: Record<string, string | null>;
}

/** Writes the own unit (or app) bag. Values go through stdin, never on argv. */
export async function relationSet(r: HookToolRunner, o: RelationSetOptions): Promise<void> {
  const body: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.data)) body[k] = v ?? "";
  const args = ["-r", String(o.relId)];
  if (o.app) args.push("--app");
  args.push("--file", "-");
  await r.run("relation-set", args, { stdin: JSON.stringify(body) });
}
