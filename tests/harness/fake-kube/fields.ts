/**
 * Field selectors (`?fieldSelector=a=b,c!=d`): every kind takes metadata.name and
 * metadata.namespace; core Events also take the involvedObject.* fields, reason, type, source and
 * reportingComponent, as the real API server does; Secrets take `type`.
 */
import { isObject, type Json, type JsonObject } from "./json.ts";
import type { KindInfo } from "./kinds.ts";
import { badRequest } from "./status.ts";

export interface FieldRequirement {
  field: string;
  op: "eq" | "neq";
  value: string;
}

const EVENT_FIELDS = [
  "involvedObject.kind",
  "involvedObject.namespace",
  "involvedObject.name",
  "involvedObject.uid",
  "involvedObject.apiVersion",
  "involvedObject.resourceVersion",
  "involvedObject.fieldPath",
  "reason",
  "reportingComponent",
  "source",
  "type",
];

function path(o: JsonObject, dotted: string): Json | undefined {
  let cur: Json | undefined = o;
  for (const part of dotted.split(".")) cur = isObject(cur) ? cur[part] : undefined;
  return cur;
}

/** The string a field label selects on, for one object of kind `k`. */
function fieldValue(k: KindInfo, o: JsonObject, field: string): string {
  if (field === "metadata.name" || field === "metadata.namespace") return String(path(o, field) ?? "");
  if (k.group === "" && k.kind === "Event" && EVENT_FIELDS.includes(field)) {
    const v = field === "source" ? path(o, "source.component") : path(o, field);
    return typeof v === "string" ? v : "";
  }
  if (k.group === "" && k.kind === "Secret" && field === "type") return String(o["type"] ?? "");
  if (k.group === "" && k.kind === "Event") throw badRequest(`field label not supported: ${field}`);
  throw badRequest(`"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
}

/** Splits on commas not escaped with a backslash. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === "\\" && i + 1 < s.length) {
      cur += ch + s[i + 1];
      i++;
    } else if (ch === ",") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter((t) => t !== "");
}

function unescapeValue(v: string): string {
  return v.replace(/\\(.)/g, "$1");
}

export function parseFieldSelector(s: string): FieldRequirement[] {
  return splitTerms(s).map((term) => {
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${term}'`);
    return { field: m[1]!, op: m[2] === "!=" ? "neq" : "eq", value: unescapeValue(m[3]!) };
  });
}

/** Checks every requirement names a supported field (so an empty list still answers 400 for a bad label). */
export function checkFields(k: KindInfo, reqs: FieldRequirement[]): void {
  const probe: JsonObject = { metadata: {} };
  for (const r of reqs) fieldValue(k, probe, r.field);
}

export function fieldsMatch(k: KindInfo, reqs: FieldRequirement[], o: JsonObject): boolean {
  return reqs.every((r) => (fieldValue(k, o, r.field) === r.value) === (r.op === "eq"));
}
