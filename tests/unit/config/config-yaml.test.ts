import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { configYaml } from "../../../src/config/config-yaml.ts";
import { OPTIONS } from "../../../src/config/options.ts";
import { parseConfig } from "../../../src/config/parse.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");

describe("config.yaml", () => {
  it("is what scripts/gen-config.ts makes from options.ts (run it after changing options)", () => {
    assert.equal(readFileSync(join(root, "config.yaml"), "utf8"), configYaml());
  });

  it("declares every option with its Juju type, default and description", () => {
    const doc = parse(readFileSync(join(root, "config.yaml"), "utf8"));
    assert.deepEqual(Object.keys(doc.options), Object.keys(OPTIONS));
    for (const [name, spec] of Object.entries(OPTIONS)) {
      const declared = spec.type === "secret" ? { type: spec.type, description: spec.description } : { type: spec.type, default: spec.default, description: spec.description };
      assert.deepEqual(doc.options[name], declared, name);
    }
    assert.ok(!("default" in doc.options["ceph-external"]), "ceph-external (a secret) declares no default: charmcraft rejects an empty one");
    assert.equal(Object.keys(OPTIONS).length, 30);
  });

  it("an option config-get leaves out (ceph-external has no default) parses as unset", () => {
    const raw = Object.fromEntries(Object.entries(parse(readFileSync(join(root, "config.yaml"), "utf8")).options as Record<string, { default?: unknown }>)
      .filter(([, o]) => o.default !== undefined && o.default !== null)
      .map(([k, o]) => [k, o.default]));
    assert.ok(!("ceph-external" in raw), "config-get output without ceph-external");
    const parsed = parseConfig(raw);
    assert.ok(parsed.ok, parsed.ok ? "" : parsed.error.text);
    assert.equal(parsed.value.options["ceph-external"], "");
    const set = parseConfig({ ...raw, "ceph-external": "secret:d4lbj2v7rvc4ib9slmc0" });
    assert.ok(set.ok && set.value.options["ceph-external"] === "secret:d4lbj2v7rvc4ib9slmc0");
  });
});
