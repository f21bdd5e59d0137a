import assert from "node:assert/strict";
import { applyParameterEdits, parseParameterEdits } from "../../../src/config/parameter-edits.ts";
import { format, formatterProblem } from "../../../src/config/formatter.ts";

describe("parseParameterEdits / applyParameterEdits", () => {
  it("parses set and remove tokens; values may hold '=' and ','", () => {
    assert.deepEqual(parseParameterEdits(" a=1  b- c=x=y,z "), {
      ok: true,
      value: [
        { op: "set", key: "a", value: "1" },
        { op: "remove", key: "b" },
        { op: "set", key: "c", value: "x=y,z" },
      ],
    });
    assert.deepEqual(parseParameterEdits("a="), { ok: true, value: [{ op: "set", key: "a", value: "" }] });
  });

  it("names the bad token", () => {
    assert.deepEqual(parseParameterEdits("a=1 bad"), { ok: false, error: "bad" });
    assert.deepEqual(parseParameterEdits("=1"), { ok: false, error: "=1" });
    assert.deepEqual(parseParameterEdits("-"), { ok: false, error: "-" });
  });

  it("replaces in place, appends new keys, removes", () => {
    const out = applyParameterEdits({ a: "1", b: "2", c: "3" }, [
      { op: "set", key: "b", value: "x" },
      { op: "set", key: "d", value: "4" },
      { op: "remove", key: "a" },
      { op: "remove", key: "zz" },
    ]);
    assert.deepEqual(Object.entries(out), [
      ["b", "x"],
      ["c", "3"],
      ["d", "4"],
    ]);
  });
});

describe("formatter", () => {
  it("fills known placeholders and reports unknown ones", () => {
    assert.equal(format("{app}-{name}-{pool}", { app: "a", name: "fs", pool: "p" }), "a-fs-p");
    assert.equal(formatterProblem("{app}-{pool-id}", ["app", "pool-id"]), undefined);
    assert.equal(formatterProblem("x}", ["app"]), "unbalanced '}'");
    assert.equal(formatterProblem("{}", ["app"]), "unknown placeholder {} (allowed: {app})");
  });
});
