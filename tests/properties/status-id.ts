/** Which catalog entry a status text is (the most specific template that matches it whole). */
import { CATALOG, type CatalogEntry, type MessageId } from "../../src/status/catalog.ts";

const PATTERNS = (Object.entries(CATALOG) as [MessageId, CatalogEntry][]).map(([id, e]) => {
  const parts = e.template.split(/<[^<>]+>/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return { id, re: new RegExp(`^${parts.join(".*")}$`, "s"), fixed: parts.join("").length };
});

export function statusId(text: string): MessageId | undefined {
  const core = /^Ready \((.*)\)$/s.test(text) ? "Ready" : text;
  const hits = PATTERNS.filter((p) => p.re.test(core)).sort((a, b) => b.fixed - a.fixed);
  return hits[0]?.id;
}

/** The config problems: a block that names an option (or the Python charm's text for it). */
export const CONFIG_IDS: ReadonlySet<MessageId> = new Set([
  "unknownOption",
  "invalidType",
  "invalidOption",
  "invalidReclaim",
  "invalidMetricsPort",
  "conflictingMetricsPort",
  "invalidTolerations",
  "invalidParameter",
  "neitherEnabled",
  "cephfsNames",
  "classNameClash",
  "multipleDefaults",
  "namespaceFrozen",
  "drivernameFrozen",
  "multipleSources",
  "snapshotNames",
  "snapshotNameClash",
  "multipleDefaultSnapshots",
]);
