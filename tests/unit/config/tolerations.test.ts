import assert from "node:assert/strict";
import fc from "fast-check";
import { LEGACY_CEPHFS_TOLERATIONS, parseTolerations } from "../../../src/config/tolerations.ts";

describe("parseTolerations", () => {
  it("parses key=value,Operator[,Effect] tokens in order", () => {
    assert.deepEqual(parseTolerations("a=b,Equal,NoSchedule  c=,Exists node.kubernetes.io/x=,Exists,NoExecute"), {
      ok: true,
      value: {
        provisioner: [
          { key: "a", operator: "Equal", value: "b", effect: "NoSchedule" },
          { key: "c", operator: "Exists" },
          { key: "node.kubernetes.io/x", operator: "Exists", effect: "NoExecute" },
        ],
        nodeplugin: [
          { key: "a", operator: "Equal", value: "b", effect: "NoSchedule" },
          { key: "c", operator: "Exists" },
          { key: "node.kubernetes.io/x", operator: "Exists", effect: "NoExecute" },
        ],
      },
    });
  });

  it("empty means none; an empty key with Exists tolerates everything", () => {
    assert.deepEqual(parseTolerations("  "), { ok: true, value: { provisioner: [], nodeplugin: [] } });
    assert.deepEqual(parseTolerations("=,Exists"), { ok: true, value: { provisioner: [{ operator: "Exists" }], nodeplugin: [{ operator: "Exists" }] } });
  });

  it("the legacy token only where allowed: node plugin tolerates everything, provisioner nothing", () => {
    assert.deepEqual(parseTolerations(LEGACY_CEPHFS_TOLERATIONS, true), { ok: true, value: { provisioner: [], nodeplugin: [{ operator: "Exists" }] } });
    assert.equal(parseTolerations(LEGACY_CEPHFS_TOLERATIONS, false).ok, false);
  });

  it("rejects with the Python charm's reasons", () => {
    assert.deepEqual(parseTolerations("a=b,exists"), { ok: false, error: "Invalid operator='exists'" });
    assert.deepEqual(parseTolerations("a=b,Equal,NoRun"), { ok: false, error: "Invalid effect='NoRun'" });
    assert.deepEqual(parseTolerations("a=b,Equal,NoSchedule,x"), { ok: false, error: "Too many effects=['NoSchedule', 'x']" });
    assert.deepEqual(parseTolerations("a,Equal"), { ok: false, error: "Invalid toleration 'a,Equal': expected key=value,Operator[,Effect]" });
    assert.deepEqual(parseTolerations("a=b,Exists"), { ok: false, error: "Invalid value='b': operator Exists takes no value" });
    assert.deepEqual(parseTolerations("=b,Equal"), { ok: false, error: "Invalid key='': operator Equal needs a key" });
    // keys and values must be what Kubernetes takes (qualified name, label value)
    assert.deepEqual(parseTolerations("bad key=,Exists"), { ok: false, error: "Invalid toleration 'bad': expected key=value,Operator[,Effect]" });
    assert.deepEqual(parseTolerations("-a=b,Equal"), { ok: false, error: "Invalid key='-a': not a Kubernetes qualified name ([prefix/]name)" });
    assert.deepEqual(parseTolerations("Bad_Prefix/a=b,Equal"), { ok: false, error: "Invalid key='Bad_Prefix/a': not a Kubernetes qualified name ([prefix/]name)" });
    assert.deepEqual(parseTolerations(`a=${"v".repeat(64)},Equal`), { ok: false, error: `Invalid value='${"v".repeat(64)}': not a Kubernetes label value` });
    assert.deepEqual(parseTolerations("a=-b,Equal"), { ok: false, error: "Invalid value='-b': not a Kubernetes label value" });
    assert.equal(parseTolerations("node-role.kubernetes.io/control-plane=,Exists,NoSchedule example.com/Zone_1=Rack-7.a,Equal").ok, true);
    // the first bad token wins, later good ones do not matter
    assert.deepEqual(parseTolerations("a=b,Equal x=,Bogus y=,Exists"), { ok: false, error: "Invalid operator='Bogus'" });
  });

  it("every well-formed token list parses to as many tolerations", () => {
    const word = fc.stringMatching(/^[a-z]([a-z0-9.-]{0,7}[a-z0-9])?$/);
    const token = fc.oneof(
      fc.tuple(word, word, fc.constantFrom("", ",NoSchedule", ",PreferNoSchedule", ",NoExecute")).map(([k, v, e]) => `${k}=${v},Equal${e}`),
      fc.tuple(word, fc.constantFrom("", ",NoSchedule")).map(([k, e]) => `${k}=,Exists${e}`),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 5 }), (tokens) => {
        const r = parseTolerations(tokens.join(" "));
        return r.ok && r.value.provisioner.length === tokens.length;
      }),
    );
  });
});
