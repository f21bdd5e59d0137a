/**
 * The server's answer decides: a live object is judged against what the API server stored for
 * the charm's request, never against the request. Checked on the objects a real v1.26.1 API
 * server stored (../shared/reference/kube-apiserver/applied).
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { answerPrint, parseView, project, serializeView, standing } from "../../../src/converge/answered.ts";
import { withHash } from "../../../src/converge/compare.ts";
import { keyOf } from "../../../src/converge/refs.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";

const APPLIED = join(import.meta.dirname, "../../../../shared/reference/kube-apiserver/applied");

interface Recorded {
  request: { body: KubeObject };
  response: { code: number; body: KubeObject };
}

function recordedApplies(): { name: string; request: KubeObject; stored: KubeObject }[] {
  return readdirSync(APPLIED)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const r = JSON.parse(readFileSync(join(APPLIED, f), "utf8")) as Recorded;
      return { name: f.replace(/\.json$/, ""), request: r.request.body, stored: r.response.body };
    });
}

/** How the charm used to judge: every field of the request present live with the same value. */
function requestCompare(d: unknown, l: unknown): boolean {
  if (d === undefined) return true;
  if (Array.isArray(d)) return Array.isArray(l) && l.length === d.length && d.every((x, i) => requestCompare(x, l[i]));
  if (typeof d === "object" && d !== null) {
    if (typeof l !== "object" || l === null) return false;
    return Object.entries(d).every(([k, v]) => requestCompare(v, (l as Record<string, unknown>)[k]));
  }
  return d === l;
}

// biome-ignore lint/suspicious/noExplicitAny: a test edits stored JSON by path
type Json = any;

function edited(o: KubeObject, change: (x: Json) => void): KubeObject {
  const c = structuredClone(o) as Json;
  change(c);
  return c as KubeObject;
}

describe("the server's answer decides (answered.ts)", () => {
  const applies = recordedApplies();

  it("reads the 32 objects a real v1.26.1 server stored", () => {
    assert.equal(applies.length, 32);
  });

  it("on 1.26 comparing the request with the stored object sees a difference for the CSIDrivers (dropped seLinuxMount) and Secrets (stringData)", () => {
    const differing = applies.filter((a) => !requestCompare(a.request, a.stored)).map((a) => a.name);
    assert.deepEqual(differing, ["CSIDriver-cephfs.csi.ceph.com", "CSIDriver-rbd.csi.ceph.com", "Secret-csi-cephfs-secret", "Secret-csi-rbd-secret"]);
  });

  it("every stored object stands as the server answered its request: nothing to write", () => {
    for (const a of applies) {
      const view = { [keyOf(a.request)]: answerPrint(a.request, a.stored) };
      assert.equal(standing(a.request, a.stored, view), "same", a.name);
      // What a later GET returns differs only in fields the request does not set (controllers' status, times).
      const later = edited(a.stored, (x) => {
        x["status"] = { observedGeneration: 1, replicas: 3 };
        x["metadata"]["resourceVersion"] = "999";
        x["metadata"]["annotations"] = { ...(x["metadata"]["annotations"] ?? {}), "deployment.kubernetes.io/revision": "1" };
      });
      assert.equal(standing(a.request, later, view), "same", `${a.name} read again`);
    }
  });

  it("a dry-run answer decides the same way when there is no record", () => {
    for (const a of applies) {
      assert.equal(standing(a.request, a.stored, {}), "unknown", a.name);
      assert.equal(standing(a.request, a.stored, {}, a.stored), "same", a.name);
    }
  });

  it("a field the request sets, changed by someone else, is a difference (Secret data too)", () => {
    const byName = new Map(applies.map((a) => [a.name, a]));
    const cases: [string, (x: Json) => void][] = [
      ["CSIDriver-rbd.csi.ceph.com", (x) => (x["spec"]["fsGroupPolicy"] = "None")],
      ["StorageClass-ceph-xfs", (x) => (x["allowVolumeExpansion"] = false)],
      ["StorageClass-ceph-xfs", (x) => delete x["metadata"]["labels"]["juju.io/manifest"]],
      ["Secret-csi-rbd-secret", (x) => (x["data"]["userKey"] = Buffer.from("other").toString("base64"))],
      ["DaemonSet-csi-rbdplugin", (x) => x["spec"]["template"]["spec"]["containers"][0]["args"].push("--extra")],
      ["Deployment-csi-rbdplugin-provisioner", (x) => (x["spec"]["replicas"] = 1)],
    ];
    for (const [name, change] of cases) {
      const a = byName.get(name);
      assert.ok(a, name);
      const view = { [keyOf(a.request)]: answerPrint(a.request, a.stored) };
      assert.equal(standing(a.request, edited(a.stored, change), view), "differs", name);
    }
  });

  it("a new request (another hash) differs from the record of the old one", () => {
    const a = applies.find((x) => x.name === "ConfigMap-ceph-config");
    assert.ok(a);
    const before = withHash(a.request);
    const after = withHash(edited(a.request, (x) => (x["data"]["ceph.conf"] = "[global]\n")));
    const stored = edited(a.stored, (x) => (x["metadata"]["annotations"] = before.metadata.annotations));
    const view = { [keyOf(before)]: answerPrint(before, stored) };
    assert.equal(standing(before, stored, view), "same");
    assert.equal(standing(after, stored, view), "differs");
  });

  it("project: the live value at every path of the request; dropped fields absent; extra list items kept", () => {
    assert.deepEqual(project({ a: 1, b: { c: 2 } }, { a: 1, b: { c: 3, d: 4 }, e: 5 }), { a: 1, b: { c: 3 } });
    assert.notDeepEqual(project({ a: 1 }, {}), project({ a: 1 }, { a: 1 }));
    assert.deepEqual(project([{ a: 1 }], [{ a: 1, b: 2 }, { z: 1 }]), [{ a: 1 }, { z: 1 }]);
  });

  it("project: a value seen through itself is itself (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        assert.deepEqual(project(v, v), v);
      }),
    );
  });

  it("the record survives unit state: parseView(serializeView(v)) = v; junk reads as no record", () => {
    const v = { "a|b|c|d": "0123", "x|y||z": "4567" };
    assert.deepEqual(parseView(serializeView(v)), v);
    assert.equal(serializeView({}), undefined);
    assert.deepEqual(parseView("not json"), {});
    assert.deepEqual(parseView('{"k": 1}'), {});
    assert.deepEqual(parseView(undefined), {});
  });
});

