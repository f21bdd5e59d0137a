import assert from "node:assert/strict";
import fc from "fast-check";
import { LEGACY_CEPHFS_TOLERATIONS, parseTolerations } from "../../../src/config/tolerations.ts";

describe("parseTolerations", () => {
  it("parses key=value,Operator[,Effect] tokens in order", () => {
    assert.deepEqual(parseTolerations("a=b,Equal,NoSchedule  c=,Exists node.kubernetes.io/x=,Exists,NoExecute"), {
      ok: true,
      tolerations: {
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
    assert.deepEqual(parseTolerations("  "), { ok: true, tolerations: { provisioner: [], nodeplugin: [] } });
    assert.deepEqual(parseTolerations("=,Exists"), { ok: true, tolerations: { provisioner: [{ operator: "Exists" }], nodeplugin: [{ operator: "Exists" }] } });
  });

  it("the legacy token only where allowed: node plugin tolerates everything, provisioner nothing", () => {
    assert.deepEqual(parseTolerations(LEGACY_CEPHFS_TOLERATIONS, true), { ok: true, tolerations: { provisioner: [], nodeplugin: [{ operator: "Exists" }] } });
    assert.equal(parseTolerations(LEGACY_CEPHFS_TOLERATIONS, false).ok, false);
  });

  it("rejects with the Python charm's reasons", () => {
    assert.deepEqual(parseTolerations("a=b,exists"), { ok: false, reason: "Invalid operator='exists'" });
    assert.deepEqual(parseTolerations("a=b,Equal,NoRun"), { ok: false, reason: "Invalid effect='NoRun'" });
    assert.deepEqual(parseTolerations("a=b,Equal,NoSchedule,x"), { ok: false, reason: "Too many effects=['NoSchedule', 'x']" });
    assert.equal(parseTolerations("a,Equal").ok, false);
    assert.equal(parseTolerations("a=b,Exists").ok, false);
    assert.equal(parseTolerations("=b,Equal").ok, false);
  });

  it("every well-formed token list parses to as many tolerations", () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9.-]{0,8}$/);
    const token = fc.oneof(
      fc.tuple(word, word, fc.constantFrom("", ",NoSchedule", ",PreferNoSchedule", ",NoExecute")).map(([k, v, e]) => `${k}=${v},Equal${e}`),
      fc.tuple(word, fc.constantFrom("", ",NoSchedule")).map(([k, e]) => `${k}=,Exists${e}`),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 5 }), (tokens) => {
        const r = parseTolerations(tokens.join(" "));
        return r.ok && r.tolerations.provisioner.length === tokens.length;
      }),
    );
  });
});
