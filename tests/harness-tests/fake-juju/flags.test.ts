import assert from "node:assert/strict";
import { parseArgs, UsageError } from "../../harness/fake-juju/flags.ts";
import { goJson, struct } from "../../harness/fake-juju/format.ts";

const SPECS = [
  { long: "relation", short: "r", kind: "value" },
  { long: "app", kind: "bool" },
  { long: "format", kind: "value" },
] as const;

describe("fake-juju: gnuflag parsing and Go json", () => {
  it("interleaves flags and positionals, honours -- and a lone -", () => {
    const p = parseArgs(["key", "--format", "json", "-r3", "-", "--", "--app"], SPECS);
    assert.deepEqual(p.positionals, ["key", "-", "--app"]);
    assert.equal(p.flags.get("relation")?.value, "3");
    assert.equal(p.flags.get("format")?.value, "json");
    assert.equal(p.flags.has("app"), false);
  });

  it("parses -r 3, --relation=db:3, and -r=3 as the value =3", () => {
    assert.equal(parseArgs(["-r", "3"], SPECS).flags.get("relation")?.value, "3");
    assert.deepEqual(parseArgs(["--relation=db:3"], SPECS).flags.get("relation"), { value: "db:3", form: "--relation" });
    assert.equal(parseArgs(["-r=3"], SPECS).flags.get("relation")?.value, "=3");
  });

  it("booleans take Go ParseBool values", () => {
    assert.equal(parseArgs(["--app=True"], SPECS).flags.get("app")?.value, true);
    assert.equal(parseArgs(["--app=0"], SPECS).flags.get("app")?.value, false);
    assert.throws(() => parseArgs(["--app=yes"], SPECS), UsageError);
  });

  it("reports unknown options and missing values like gnuflag", () => {
    assert.throws(() => parseArgs(["--foo"], SPECS), { message: "option provided but not defined: --foo" });
    assert.throws(() => parseArgs(["-x"], SPECS), { message: "option provided but not defined: -x" });
    assert.throws(() => parseArgs(["-r"], SPECS), { message: "option needs an argument: -r" });
  });

  it("json: sorted map keys, struct order kept, HTML-safe escapes, trailing newline", () => {
    assert.equal(goJson({ b: 1, a: [{ d: 1, c: 2 }] }), '{"a":[{"c":2,"d":1}],"b":1}\n');
    assert.equal(goJson(struct({ units: {}, relations: {} })), '{"units":{},"relations":{}}\n');
    assert.equal(goJson("<&>\u2028"), '"\\u003c\\u0026\\u003e\\u2028"\n');
    assert.equal(goJson(null), "null\n");
    assert.equal(goJson(undefined), "null\n");
  });
});
