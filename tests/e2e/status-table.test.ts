/**
 * docs/statuses.md is current, and the packed-charm suite covers every status a hook can show.
 * (No processes: reads the declarations packed-statuses.test.ts verifies when it runs.)
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CATALOG, type MessageId } from "../../src/status/catalog.ts";
import { WORLDS } from "./status-plan.ts";
import { packedReaches, STATUS_DOC, statusTable } from "./status-table.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const ids = Object.keys(CATALOG) as MessageId[];

describe("status table (docs/statuses.md)", () => {
  it("is current (run `node tests/e2e/status-table.ts` after changing the catalog or status-plan.ts)", () => {
    assert.ok(existsSync(STATUS_DOC), "docs/statuses.md exists");
    assert.equal(readFileSync(STATUS_DOC, "utf8"), statusTable());
  });

  it("every status is shown by a packed-charm step, or Juju refuses its input before any hook", () => {
    const reaches = packedReaches();
    const missing = ids.filter((id) => (reaches.get(id) ?? []).length === 0);
    assert.deepEqual(missing, [], "statuses no packed-charm step reaches");
    const refusedOnly = ids.filter((id) => (reaches.get(id) ?? []).every((r) => r.how === "refuses"));
    // Only the two texts Juju's own config check pre-empts (render shows them).
    assert.deepEqual(refusedOnly.sort(), ["invalidType", "unknownOption"]);
    assert.ok(!statusTable().includes("**not reached**"));
  });

  it("the unreadable secret is reached three ways (not granted, revoked, removed) and granting reaches Ready", () => {
    const secretWorld = WORLDS.find((w) => w.title.includes("ceph-external secret"));
    assert.ok(secretWorld);
    const titles = secretWorld.steps.filter((s) => s.ends === "secretUnreadable").map((s) => s.title);
    assert.equal(titles.length, 3, titles.join("; "));
    for (const word of ["before juju grant-secret", "revoke-secret", "remove-secret"]) assert.ok(titles.some((t) => t.includes(word)), word);
    const after = secretWorld.steps.slice(secretWorld.steps.findIndex((s) => s.ends === "secretUnreadable") + 1)[0];
    assert.equal(after?.ends, "ready", "grant-secret is followed by Ready");
  });

  it("every status has its in-process producer in tests/unit/status-catalog.test.ts (the title the table names)", () => {
    const src = readFileSync(join(ROOT, "tests/unit/status-catalog.test.ts"), "utf8");
    assert.match(src, /const PRODUCERS: Record<MessageId, /, "one producer per id, checked by the type");
    assert.match(src, /it\(`\$\{id\}: the charm produces/, "one test per id, titled as the table says");
    for (const id of ids) assert.match(src, new RegExp(`^ {2}${id}: async`, "m"), `${id} has a producer`);
  });

  it("the README's status section links the table", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Status messages"), readme.indexOf("\n## ", readme.indexOf("## Status messages") + 1));
    assert.ok(section.includes("(docs/statuses.md)"));
  });
});
