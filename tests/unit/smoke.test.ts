import assert from "node:assert/strict";

describe("toolchain", () => {
  it("runs TypeScript tests on Node 24", () => {
    assert.equal(Number(process.versions.node.split(".")[0]), 24);
  });
});
