/** The property run count: an integer ≥ 1, or the suite fails loudly (never zero cases and green). */
import assert from "node:assert/strict";
import { leakedPiece, propertyRuns, propertySeed } from "./runs.ts";

describe("properties: run count and seed", () => {
  it("PROPERTY_RUNS unset → the default; an integer ≥ 1 → that", () => {
    assert.equal(propertyRuns("PROPERTY_RUNS", 10_000, {}), 10_000);
    assert.equal(propertyRuns("PROPERTY_RUNS", 10_000, { PROPERTY_RUNS: "25" }), 25);
  });

  for (const bad of ["abc", "", "0", "-3", "1.5", "1e3", " ", "10k", "99999999999999999999"]) {
    it(`PROPERTY_RUNS=${JSON.stringify(bad)} → an error naming it`, () => {
      assert.throws(() => propertyRuns("PROPERTY_RUNS", 10_000, { PROPERTY_RUNS: bad }), /PROPERTY_RUNS must be an integer ≥ 1/);
    });
  }

  it("FC_SEED: an integer or an error", () => {
    assert.equal(propertySeed({}), undefined);
    assert.equal(propertySeed({ FC_SEED: "-42" }), -42);
    assert.throws(() => propertySeed({ FC_SEED: "x" }), /FC_SEED must be an integer/);
  });

  it("a piece of a secret is any 8 characters of it", () => {
    const key = "AQBfRk1hAAAAABAAxyz0123456789abcdefghi==";
    assert.equal(leakedPiece(`monitor '10.0.0.1 ${key.slice(5, 13)}…'`, [key]), key.slice(5, 13));
    assert.equal(leakedPiece(`monitor '10.0.0.1 ${key.slice(5, 12)}…'`, [key]), undefined);
  });
});
