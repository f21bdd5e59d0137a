/**
 * The bundle swaps client-node's generated ObjectSerializer (a class per API model) for the
 * charm's typeless one (scripts/build.ts). These tests hold the swap to the library: every static
 * the library's code calls exists, media types are chosen and applied as the generated one does,
 * and plain JSON passes through untouched.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ObjectSerializer as Generated } from "@kubernetes/client-node/dist/gen/models/ObjectSerializer.js";
import { ObjectSerializer as Wrapper } from "@kubernetes/client-node/dist/serializer.js";
import { ObjectSerializer as Typeless } from "../../../src/kube/typeless-serializer.ts";

const libDir = dirname(createRequire(import.meta.url).resolve("@kubernetes/client-node/dist/object.js"));

/** Static methods called on the serializer in the library files the bundle keeps. */
function calledStatics(): string[] {
  const names = new Set<string>();
  for (const f of ["object.js", "serializer.js", "config.js", "gen/http/http.js"]) {
    for (const m of readFileSync(join(libDir, f), "utf8").matchAll(/\b(?:ObjectSerializer|InternalSerializer)\.(\w+)\(/g)) names.add(m[1] as string);
  }
  return [...names].sort();
}

const MEDIA_LISTS: string[][] = [
  [],
  ["application/json"],
  ["text/plain", "application/json"],
  ["application/apply-patch+yaml", "application/merge-patch+json"],
  ["application/json-patch+json"],
  ["application/strategic-merge-patch+json", "text/plain"],
  ["text/plain"],
  ["application/octet-stream", "application/x-www-form-urlencoded"],
  ["Application/JSON; charset=utf-8"],
];

describe("src/kube typeless serializer (stands in for client-node's generated one in the bundle)", () => {
  it("has every static the library's code calls on the serializer", () => {
    const called = calledStatics();
    assert.ok(called.includes("parse") && called.includes("getPreferredMediaType"), `found the calls: ${called.join(", ")}`);
    const own = (c: object, n: string) => typeof (c as Record<string, unknown>)[n] === "function";
    const wrapperOwn = Object.getOwnPropertyNames(Wrapper);
    const missing = called.filter((n) => !own(Typeless, n) && !wrapperOwn.includes(n));
    assert.deepEqual(missing, []);
  });

  it("chooses the media type the generated one chooses", () => {
    for (const list of MEDIA_LISTS) {
      const answer = (c: typeof Typeless | typeof Generated) => {
        try {
          return c.getPreferredMediaType(list);
        } catch (e) {
          return `throws: ${(e as Error).message}`;
        }
      };
      assert.equal(answer(Typeless), answer(Generated), JSON.stringify(list));
    }
    for (const m of ["application/json; charset=utf-8", " Text/Plain ", undefined]) assert.equal(Typeless.normalizeMediaType(m), Generated.normalizeMediaType(m));
    assert.throws(() => Typeless.getPreferredMediaType(["image/png"]), /None of the given media types are supported: image\/png/);
  });

  it("parses and stringifies as the generated one does, and refuses what it refuses", () => {
    const body = { kind: "Status", code: 404, details: { name: "x" } };
    for (const m of ["application/json", "application/merge-patch+json", "application/apply-patch+yaml", "text/plain", "application/octet-stream"]) {
      const out = (f: () => unknown) => {
        try {
          return f();
        } catch (e) {
          return `throws: ${(e as Error).message}`;
        }
      };
      assert.deepEqual(out(() => Typeless.stringify(body, m)), out(() => Generated.stringify(body, m)), `stringify ${m}`);
      assert.deepEqual(out(() => Typeless.parse(JSON.stringify(body), m)), out(() => Generated.parse(JSON.stringify(body), m)), `parse ${m}`);
    }
    assert.throws(() => Typeless.parse("{}", undefined), /No Content-Type/);
  });

  it("passes plain JSON through untouched, fields the models do not know included", () => {
    const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x", creationTimestamp: "2026-01-01T00:00:00Z" }, spec: { futureField: { a: 1 } } };
    assert.equal(Typeless.deserialize(deployment, "V1Deployment"), deployment);
    assert.equal(Typeless.serialize(deployment, "V1Deployment"), deployment);
    // The generated one would build a V1Deployment (the timestamp a Date, the unknown field gone).
    const typed = Generated.deserialize(deployment, "V1Deployment", "") as { spec: Record<string, unknown>; metadata: { creationTimestamp: unknown } };
    assert.ok(typed.metadata.creationTimestamp instanceof Date && !("futureField" in typed.spec), "the test's premise: the models convert");
    assert.equal(Typeless.serialize(new Date("2026-01-01T00:00:00Z"), "Date"), "2026-01-01T00:00:00.000Z");
    assert.equal(Typeless.findCorrectType(deployment, "V1Deployment"), "V1Deployment");
  });
});
