/**
 * Which catalog entry (src/status/catalog.ts) a shown status is: the texts a test observed,
 * mapped back to their ids. A note shows inside "Ready (…)"; a text matching several templates
 * belongs to the one with the most fixed text ("Broker request failed: x" is brokerFailed, not
 * the generic "<command> failed: <reason>").
 */
import { CATALOG, type CatalogEntry, type MessageId } from "../../src/status/catalog.ts";
import type { StatusEntry } from "../harness/fake-juju/model.ts";

const ENTRIES = Object.entries(CATALOG) as [MessageId, CatalogEntry][];

/** The template as a whole-text pattern: each `<placeholder>` stands for some non-empty text. */
export function templatePattern(template: string): RegExp {
  const parts = template.split(/<[^<>]+>/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".+")}$`, "s");
}

const fixedLength = (template: string) => template.replace(/<[^<>]+>/g, "").length;

export const isNote = (id: MessageId) => id.startsWith("note");

function best(status: string, text: string, notes: boolean): MessageId | undefined {
  let found: MessageId | undefined;
  for (const [id, e] of ENTRIES) {
    if (e.status !== status || isNote(id) !== notes || !templatePattern(e.template).test(text)) continue;
    if (found === undefined || fixedLength(e.template) > fixedLength(CATALOG[found].template)) found = id;
  }
  return found;
}

/** The catalog ids a status shows ([] for a text that is not in the catalog, e.g. Juju's own). */
export function idsOf(s: { status: string; message: string }): MessageId[] {
  if (s.status === "active") {
    const notes = /^Ready \((.+)\)$/s.exec(s.message);
    if (notes) return (notes[1] as string).split(") (").flatMap((t) => best("active", t, true) ?? []);
  }
  const id = best(s.status, s.message, false);
  return id === undefined ? [] : [id];
}

/** The ids of the statuses the charm set (unit and application) in these history entries. */
export function idsSetIn(entries: readonly StatusEntry[]): Set<MessageId> {
  return new Set(entries.filter((e) => e.by === "charm").flatMap(idsOf));
}
