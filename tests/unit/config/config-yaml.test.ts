import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { configYaml } from "../../../src/config/config-yaml.ts";
import { OPTIONS } from "../../../src/config/options.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");

describe("config.yaml", () => {
  it("is what scripts/gen-config.ts makes from options.ts (run it after changing options)", () => {
    assert.equal(readFileSync(join(root, "config.yaml"), "utf8"), configYaml());
  });

  it("declares every option with its Juju type, default and description", () => {
    const doc = parse(readFileSync(join(root, "config.yaml"), "utf8"));
    assert.deepEqual(Object.keys(doc.options), Object.keys(OPTIONS));
    for (const [name, spec] of Object.entries(OPTIONS)) {
      assert.deepEqual(doc.options[name], { type: spec.type, default: spec.default, description: spec.description }, name);
    }
    assert.equal(Object.keys(OPTIONS).length, 30);
  });
});
