/** ceph-mon's exception answer embeds Python's repr() of the request: expectations printed by CPython 3.11. */
import assert from "node:assert/strict";
import { PyFloat, pyDumps, pyFloatRepr, pyLoads, pyRepr, pyStrRepr } from "../../harness/ceph-mon-sim/pyrepr.ts";

describe("ceph-mon simulator: Python repr and json as ceph-mon produces them", () => {
  it("floats print like repr(float)", () => {
    const cases: Array<[number, string]> = [
      [1e16, "1e+16"],
      [1e-5, "1e-05"],
      [0.0001, "0.0001"],
      [123456789012345.6, "123456789012345.6"],
      [0.4, "0.4"],
      [40, "40.0"],
      [-0, "-0.0"],
      [1.5e300, "1.5e+300"],
      [2.5e-7, "2.5e-07"],
      [1e15, "1000000000000000.0"],
    ];
    for (const [x, want] of cases) assert.equal(pyFloatRepr(x), want, String(x));
  });

  it("strings print like repr(str): the quote that needs no escape, escapes for the unprintable", () => {
    const cases: Array<[string, string]> = [
      ["it's", `"it's"`],
      ['a"b', `'a"b'`],
      [`it's "x"`, `'it\\'s "x"'`],
      ["x\ny\t\\", "'x\\ny\\t\\\\'"],
      ["\x00\x7f", "'\\x00\\x7f'"],
      ["é\u2028😀 z", "'é\\u2028😀 z'"],
      ["\xa0", "'\\xa0'"],
    ];
    for (const [s, want] of cases) assert.equal(pyStrRepr(s), want, JSON.stringify(s));
  });

  it("json.loads keeps 40.0 a float and 3 an int; repr and json.dumps show the difference", () => {
    const v = pyLoads('{"weight": 40.0, "replicas": 3, "x": null, "t": true}');
    assert.ok((v as Record<string, unknown>)["weight"] instanceof PyFloat);
    assert.equal(pyRepr(v), "{'weight': 40.0, 'replicas': 3, 'x': None, 't': True}");
    assert.equal(pyDumps({ a: "é😀\x7f", w: new PyFloat(40) }), '{"a": "\\u00e9\\ud83d\\ude00\\u007f", "w": 40.0}');
  });
});
