/**
 * Conformance: the fake in 1.26 mode (workloads pending) replays the kube-apiserver v1.26.1
 * reference over HTTP and answers the same codes, bodies and stored objects (uid, times,
 * resourceVersion and the other placeholders aside).
 *
 * Recorded behaviour deliberately NOT modelled (also in tests/harness/fake-kube/README.md):
 * see NOT_MODELLED below; each entry names the reference record and why. A test checks that
 * every entry still names a record that exists, so the list cannot silently go stale.
 */
import assert from "node:assert/strict";
import { FakeKube } from "../../harness/fake-kube/index.ts";
import {
  type AppliedFile,
  applied,
  appliedFiles,
  type Recorded,
  readReference,
  recordedRequests,
  referenceAvailable,
  scrub,
  send,
  TestClock,
} from "./reference.ts";
import type { Body } from "./support.ts";

/** Reference records the fake does not reproduce, by `file#record`, with the reason. */
const NOT_MODELLED: Record<string, string> = {
  "errors/namespace-terminating.json#createAfter12s":
    "time passing is not modelled: the namespace stays Terminating until finishNamespaceDeletion() (checked by the 403 right after instead)",
  "namespace-delete.json": "timings (5.6 s / 10.8 s), the namespace controller's conditions and the default ServiceAccount / kube-root-ca.crt ConfigMap of new namespaces are not modelled; deletion finishes on finishNamespaceDeletion()",
  "pvc.json#timelineAfterCreate": "the persistentvolume-binder's annotations and ExternalProvisioning event come from the provisioner stand-in only when enabled",
  "pvc.json#eventsAfter11s": "no events without the provisioner stand-in",
  "pvc.json#delete": "a deleted claim goes at once (no 0.05 s delay); the response is checked without the binder's annotations",
  "workload-status.json#ReplicaSets/Pods/events": "no ReplicaSets, pods or their events; only the Deployment/DaemonSet status and annotations",
  "discovery.json#crdInstall": "the CRD install is atomic in the fake (no 0.1 s window of 404s)",
};

/** Error records replayed generically: every request in these files, after the 32 objects are applied. */
const ERROR_FILES = [
  "apply-namespace-missing",
  "apply-without-fieldmanager",
  "create-already-exists",
  "create-already-exists-cluster-scoped",
  "csidriver-attachRequired-apply",
  "csidriver-attachRequired-merge-patch",
  "csidriver-volumeLifecycleModes-apply",
  "delete-default-namespace",
  "delete-not-found",
  "get-not-found",
  "storageclass-immutable-fields-apply",
  "storageclass-parameters-apply",
  "storageclass-parameters-merge-patch",
  "update-stale-resourceversion",
  "volumesnapshotclass-driver-apply",
  "apply-kind-mismatch",
  "invalid-name",
  "volumesnapshotclass-invalid-deletionPolicy",
  "volumesnapshotclass-missing-driver-apply",
  "unauthenticated",
];

function notModelled(file: string, record: string): string | undefined {
  return NOT_MODELLED[`${file}#${record}`] ?? NOT_MODELLED[`${file}#*`] ?? NOT_MODELLED[file];
}

async function startFake(clock: TestClock, snapshotApi = true): Promise<FakeKube> {
  const fk = await FakeKube.start({ kubeVersion: "1.26", workloads: "pending", snapshotApi });
  fk.cluster.now = clock.now;
  return fk;
}

async function applyAll(fk: FakeKube): Promise<void> {
  for (const a of appliedFiles()) {
    if (a.kind === "VolumeSnapshotClass" && !fk.snapshotApi) continue;
    const r = await send(fk, a.request);
    assert.ok(r.status < 300, `${a.file}: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

function objectPath(a: AppliedFile): string {
  return a.request.path;
}

async function getObject(fk: FakeKube, a: AppliedFile): Promise<Body> {
  const r = await send(fk, { method: "GET", path: objectPath(a) });
  assert.equal(r.status, 200, `GET ${a.file}`);
  return r.body as Body;
}

const mf = (o: Body): Body[] => o["metadata"]["managedFields"] ?? [];

/**
 * A fake API (in 1.26 mode) for one describe block: started before its tests (on `clock`, with
 * every recorded object applied when `applied`), stopped after them; `use` receives it.
 */
function usingFake(o: { clock: TestClock; applied?: boolean; snapshotApi?: boolean }, use: (fk: FakeKube) => void): void {
  let fk: FakeKube | undefined;
  before(async () => {
    fk = await startFake(o.clock, o.snapshotApi ?? true);
    if (o.applied) await applyAll(fk);
    use(fk);
  });
  after(async () => {
    await fk?.stop();
  });
}

/** A fake API (its own clock) holding every recorded object, for one describe block. */
function appliedFake(): () => FakeKube {
  let fk: FakeKube | undefined;
  usingFake({ clock: new TestClock(), applied: true }, (f) => {
    fk = f;
  });
  return () => {
    assert.ok(fk, "the fake API started");
    return fk;
  };
}

describe("fake-kube conformance with the kube-apiserver v1.26.1 reference", () => {
  before(function () {
    if (!referenceAvailable()) this.skip(); // pending: the reference (shared/reference/kube-apiserver) is not on this machine
  });
  // Without the reference the replayed cases are not even listed: one pending line says why.
  if (!referenceAvailable()) it("replays every recorded answer: PENDING, shared/reference/kube-apiserver is not on this machine");

  it("lists only not-modelled records that exist in the reference (every file is read; records named by a path with '/' are not looked up)", () => {
    for (const key of Object.keys(NOT_MODELLED)) {
      const [file, record] = key.split("#") as [string, string | undefined];
      const doc = readReference(file);
      if (record === undefined || record === "*" || record.includes("/")) continue;
      const names = recordedRequests(doc).map((x) => x.name);
      assert.ok(record in doc || names.includes(record), `${key} names no record`);
    }
  });

  describe("applied/*.json: each object's first apply, its answer and the stored object", () => {
    const clock = new TestClock();
    let fk: FakeKube;
    usingFake({ clock }, (f) => {
      fk = f;
    });

    for (const a of referenceAvailable() ? appliedFiles() : []) {
      it(`${a.file}: ${a.response.code} and the same object`, async () => {
        const r = await send(fk, a.request);
        assert.equal(r.status, a.response.code);
        assert.deepEqual(scrub(r.body), scrub(a.response.body));
        const stored = await getObject(fk, a);
        if (a.kind === "Deployment" || a.kind === "DaemonSet") {
          // The controllers wrote status right after; everything else is as answered.
          const { status: _s, ...rest } = stored;
          const { status: _e, ...expectedRest } = a.response.body;
          const withoutControllerMeta = (o: Body) => {
            const c = structuredClone(o);
            c["metadata"]["managedFields"] = mf(c).filter((e) => e["manager"] !== "kube-controller-manager");
            if (c["metadata"]["annotations"]) delete c["metadata"]["annotations"]["deployment.kubernetes.io/revision"];
            if (c["metadata"]["annotations"] && Object.keys(c["metadata"]["annotations"]).length === 0) delete c["metadata"]["annotations"];
            return c;
          };
          assert.deepEqual(scrub(withoutControllerMeta(rest)), scrub(expectedRest));
        } else assert.deepEqual(scrub(stored), scrub(a.response.body));
      });
    }

    it("workload-status.json: Deployments and DaemonSets read as on a cluster without nodes, with the controller's managedFields", async () => {
      const ws = readReference("workload-status.json");
      for (const [key, timeline] of Object.entries(ws["timelines"] as Record<string, Body[]>)) {
        const [kind, name] = key.split("/") as [string, string | undefined];
        if (kind !== "Deployment" && kind !== "DaemonSet") continue;
        const last = timeline[timeline.length - 1]!;
        const o = await getObject(fk, applied(kind, name!));
        const rsName = (s: unknown) => JSON.stringify(s).replace(/ReplicaSet \\"([a-z0-9-]+)-[a-z0-9]{10}\\"/g, 'ReplicaSet \\"$1-<hash>\\"');
        assert.equal(rsName(scrub(o["status"])), rsName(scrub(last["status"])), key);
        assert.equal(o["metadata"]["generation"], last["generation"]);
        for (const [k, v] of Object.entries(last["annotations"] as Body)) assert.equal(o["metadata"]["annotations"][k], v, `${key} ${k}`);
        const ctl = mf(o).find((e) => e["manager"] === "kube-controller-manager");
        const want = (ws["managedFieldsAt21s"][key] as Body[]).find((e) => e["manager"] === "kube-controller-manager");
        assert.deepEqual([ctl?.["operation"], ctl?.["subresource"], ctl?.["fieldsV1"]], [want?.["operation"], want?.["subresource"], want?.["fieldsV1"]], key);
      }
    });

    it("reapply-noop.json: a second identical apply is a no-op for every kind but the CSIDriver (dropped seLinuxMount)", async () => {
      const ref = readReference("reapply-noop.json");
      clock.advance(25);
      for (const a of appliedFiles()) {
        const before = await getObject(fk, a);
        const r = await send(fk, a.request);
        const after = r.body as Body;
        const want = ref["byObject"][`${a.kind}/${a.name}`] as Body;
        assert.equal(r.status, want["code"], a.file);
        assert.equal(after["metadata"]["resourceVersion"] !== before["metadata"]["resourceVersion"], want["resourceVersionChanged"], `${a.file} resourceVersion`);
        assert.equal(after["metadata"]["generation"] !== before["metadata"]["generation"], want["generationChanged"], `${a.file} generation`);
        assert.equal(JSON.stringify(mf(after)) !== JSON.stringify(mf(before)), want["managedFieldsChanged"], `${a.file} managedFields`);
        if (want["returnedObjectEqualsStored"]) assert.deepEqual(after, await getObject(fk, a), `${a.file} answer = stored`);
      }
    });

    it("reapply-noop.json: the CSIDriver seLinuxMount sequence (resourceVersion and managedFields time per step)", async () => {
      const steps = readReference("reapply-noop.json")["csiDriverSeLinuxMountSequence"] as Body[];
      const a = applied("CSIDriver", "rbd.csi.ceph.com");
      const body = a.request.body as Body;
      const without = structuredClone(body);
      delete without["spec"]["seLinuxMount"];
      const withFalse = structuredClone(body);
      withFalse["spec"]["seLinuxMount"] = false;
      const patch: Recorded = { method: "PATCH", path: a.request.path, query: { fieldManager: "ceph-csi" }, contentType: "application/merge-patch+json", body: { spec: { seLinuxMount: true } } };
      // What each recorded step did, in order (the reference describes them in words).
      const actions: (() => Promise<Body>)[] = [
        async () => ({ code: 200, obj: await getObject(fk, a) }),
        () => step(2, a.request),
        () => step(0, a.request),
        () => step(2, a.request),
        () => step(2, { ...a.request, body: without }),
        () => step(2, { ...a.request, body: without }),
        () => step(2, a.request),
        () => step(2, patch),
        () => step(2, patch),
        () => step(2, { ...a.request, body: withFalse }),
        () => step(2, a.request),
      ];
      async function step(seconds: number, rec: Recorded): Promise<Body> {
        clock.advance(seconds);
        const r = await send(fk, rec);
        return { code: r.status, obj: r.body };
      }
      assert.equal(actions.length, steps.length);
      // Labels (<rv-1>, <time-1>...) must map one-to-one onto the fake's values.
      const rvs = new Map<string, string>();
      const times = new Map<string, string>();
      const same = (m: Map<string, string>, label: string, value: string, what: string) => {
        if (!m.has(label)) {
          assert.ok(![...m.values()].includes(value), `${what}: ${label} should be a new value, got one seen before`);
          m.set(label, value);
        }
        assert.equal(value, m.get(label), `${what}: ${label}`);
      };
      for (const [i, want] of steps.entries()) {
        const { code, obj } = await actions[i]!();
        const what = `step ${i} (${want["step"]})`;
        assert.equal(code, want["code"], what);
        same(rvs, want["resourceVersion"], obj["metadata"]["resourceVersion"], what);
        assert.deepEqual(obj["spec"], want["storedSpec"], what);
        const got = mf(obj).map((e) => ({ manager: e["manager"], operation: e["operation"], specFields: Object.keys(e["fieldsV1"]["f:spec"] ?? {}).sort() }));
        assert.deepEqual(got, (want["managedFields"] as Body[]).map((e) => ({ manager: e["manager"], operation: e["operation"], specFields: e["specFields"] })), what);
        for (const [j, e] of (want["managedFields"] as Body[]).entries()) same(times, e["time"], mf(obj)[j]!["time"], `${what} time`);
      }
    });

    it("reapply-noop.json: PUT as read, merge-patches of present values and {} and a re-apply change nothing", async () => {
      const a = applied("ConfigMap", "ceph-config");
      const read = await getObject(fk, a);
      const rv = read["metadata"]["resourceVersion"];
      const put = await send(fk, { method: "PUT", path: a.request.path, body: read });
      assert.deepEqual([put.status, (put.body as Body)["metadata"]["resourceVersion"]], [200, rv]);
      const labels = await send(fk, { method: "PATCH", path: a.request.path, contentType: "application/merge-patch+json", body: { metadata: { labels: read["metadata"]["labels"] } } });
      assert.deepEqual([labels.status, (labels.body as Body)["metadata"]["resourceVersion"]], [200, rv]);
      assert.deepEqual(mf(labels.body as Body).map((e) => `${e["manager"]}:${e["operation"]}`), ["ceph-csi:Apply"]);
      const empty = await send(fk, { method: "PATCH", path: a.request.path, contentType: "application/merge-patch+json", body: {} });
      assert.deepEqual([empty.status, (empty.body as Body)["metadata"]["resourceVersion"]], [200, rv]);
      const again = await send(fk, a.request);
      assert.deepEqual([again.status, (again.body as Body)["metadata"]["resourceVersion"]], [200, rv]);
    });

    it("mutable-fields.json: which changes an apply may make (code, message, causes), each restored by the original", async () => {
      const results = readReference("mutable-fields.json")["results"] as Body[];
      for (const want of results) {
        const change = String(want["change"]);
        const [target, mutate] = MUTATIONS[change] ?? [];
        assert.ok(target && mutate, `no mutation for "${change}"`);
        const a = applied(target[0], target[1]);
        const body = structuredClone(a.request.body) as Body;
        mutate(body);
        clock.advance(2);
        const r = await send(fk, { ...a.request, body });
        assert.equal(r.status, want["code"], change);
        if (want["message"] !== undefined) {
          assert.equal((r.body as Body)["message"], want["message"], change);
          assert.deepEqual((r.body as Body)["details"]["causes"], want["causes"], change);
        }
        clock.advance(2);
        assert.equal((await send(fk, a.request)).status, want["restoreCode"], `${change}: restore`);
      }
    });
  });

  describe("errors/*.json: codes, content types and bodies", () => {
    const clock = new TestClock();
    for (const file of referenceAvailable() ? ERROR_FILES : []) {
      describe(file, () => {
        let fk: FakeKube;
        usingFake({ clock, applied: true }, (f) => {
          fk = f;
        });
        for (const { name, rec } of recordedRequests(readReference(`errors/${file}.json`))) {
          if (notModelled(`errors/${file}.json`, name)) continue;
          it(`${name}: ${rec["method"]} ${String(rec["path"]).slice(0, 80)} → ${rec["code"]}`, async () => {
            let body = rec["requestBody"] as unknown;
            // A stale resourceVersion: an older one than the stored object's.
            if (body && JSON.stringify(body).includes('"<rv>"')) body = JSON.parse(JSON.stringify(body).replace('"<rv>"', '"1"'));
            const token = name.startsWith("wrongToken") ? "wrong-token" : name.startsWith("noToken") ? null : undefined;
            const r = await send(fk, { method: rec["method"], path: rec["path"], query: rec["query"], contentType: rec["contentType"], body }, { token });
            assert.equal(r.status, rec["code"]);
            if (rec["responseContentType"]) assert.equal(r.contentType, rec["responseContentType"]);
            if (rec["body"] !== undefined) assert.deepEqual(scrub(r.body), scrub(rec["body"]));
          });
        }
      });
    }

    describe("crd-not-installed (snapshot CRDs absent): plain-text 404s; an unknown resource in a served group is a Status", () => {
      let fk: FakeKube;
      usingFake({ clock, applied: true, snapshotApi: false }, (f) => {
        fk = f;
      });
      for (const { name, rec } of referenceAvailable() ? recordedRequests(readReference("errors/crd-not-installed.json")) : []) {
        it(`${name}: ${rec["code"]} ${rec["responseContentType"]}`, async () => {
          const r = await send(fk, { method: rec["method"], path: rec["path"], query: rec["query"], contentType: rec["contentType"], body: rec["requestBody"] });
          assert.equal(r.status, rec["code"]);
          assert.equal(r.contentType, rec["responseContentType"]);
          assert.deepEqual(r.body, rec["body"]);
        });
      }
    });

    describe("namespace-terminating: DELETE answers Terminating; creating is 403, updating 200", () => {
      let fk: FakeKube;
      usingFake({ clock }, (f) => {
        fk = f;
      });
      it("replays the recorded requests after creating the namespace and its blocker ConfigMap", async () => {
        const ref = readReference("errors/namespace-terminating.json");
        assert.equal((await send(fk, { method: "POST", path: "/api/v1/namespaces", body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "cap-terminating" } } })).status, 201);
        const blocker = ref["applyExistingConfigMapRightAfter"]["requestBody"] as Body;
        const first = structuredClone(blocker);
        first["data"] = { a: "b" };
        assert.equal((await send(fk, { ...(ref["applyExistingConfigMapRightAfter"] as Recorded), body: first })).status, 201);
        for (const key of ["deleteNamespace", "postConfigMapRightAfter", "applyNewConfigMapRightAfter", "applyExistingConfigMapRightAfter"]) {
          const rec = ref[key] as Body;
          const r = await send(fk, { method: rec["method"], path: rec["path"], query: rec["query"], contentType: rec["contentType"], body: rec["requestBody"] });
          assert.equal(r.status, rec["code"], key);
          assert.deepEqual(scrub(r.body), scrub(rec["body"]), key);
        }
        fk.cluster.finishNamespaceDeletion("cap-terminating");
        assert.equal((await send(fk, { method: "GET", path: "/api/v1/namespaces/cap-terminating" })).status, 404);
      });
    });

    describe("ssa-conflict-no-force and field-ownership.json: 409 bodies and managers step by step", () => {
      let fk: FakeKube;
      usingFake({ clock, applied: true }, (f) => {
        fk = f;
      });
      it("replays the ownership steps", async () => {
        const steps = readReference("field-ownership.json")["steps"] as Body[];
        const dep = applied("Deployment", "csi-rbdplugin-provisioner");
        const cm = applied("ConfigMap", "ceph-config");
        const other = (rec: Recorded, body: unknown): Recorded => ({ ...rec, query: { fieldManager: "other-manager" }, body });
        const depBody = (replicas?: number): Body => ({
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "csi-rbdplugin-provisioner", namespace: "default" },
          ...(replicas === undefined ? {} : { spec: { replicas } }),
        });
        const cmChanged = structuredClone(cm.request.body) as Body;
        cmChanged["metadata"]["labels"]["juju.io/manifest"] = "other";
        cmChanged["data"]["keyring"] = "other";
        const actions: Recorded[] = [
          other(dep.request, depBody(3)),
          other(dep.request, depBody(1)),
          other(dep.request, depBody()),
          other(cm.request, cmChanged),
          { method: "PATCH", path: cm.request.path, query: { fieldManager: "kubectl-edit" }, contentType: "application/merge-patch+json", body: { data: { keyring: "edited" } } },
          { ...cm.request, query: { fieldManager: "ceph-csi" } },
          cm.request,
          { method: "PATCH", path: cm.request.path, contentType: "application/merge-patch+json", body: { data: { keyring: "edited2" } } },
          cm.request,
        ];
        assert.equal(actions.length, steps.length, "one action per recorded step");
        const conflicts: unknown[] = [];
        for (const [i, want] of steps.entries()) {
          const rec = actions[i]!;
          const r = await send(fk, rec);
          const what = `step ${i}: ${want["step"] ?? ""}`;
          assert.equal(r.status, want["code"], what);
          if (r.status === 409) conflicts.push(r.body);
          if (want["body"]) assert.deepEqual(r.body, want["body"], what);
          if (want["managedFields"]) {
            const got = mf(r.body as Body).map((e) => `${e["manager"]}:${e["operation"]}`);
            assert.deepEqual(got.sort(), (want["managedFields"] as Body[]).map((e) => `${e["manager"]}:${e["operation"]}`).sort(), what);
            for (const e of want["managedFields"] as Body[]) {
              if (typeof e["fieldsV1"] !== "object") continue;
              const g = mf(r.body as Body).find((x) => x["manager"] === e["manager"] && x["operation"] === e["operation"]);
              assert.deepEqual(g?.["fieldsV1"], e["fieldsV1"], `${what}: ${e["manager"]}`);
            }
          }
          if (want["data"]) assert.deepEqual((r.body as Body)["data"], want["data"], what);
        }
        // The three conflicts are the ones errors/ssa-conflict-no-force.json recorded (it has no requests to replay).
        const noForce = readReference("errors/ssa-conflict-no-force.json");
        assert.deepEqual(conflicts, ["deploymentReplicas", "configMapLabelAndData", "ownerIsUpdateManager"].map((k) => (noForce[k] as Body)["body"]));
      });
    });
  });

  describe("delete.json and list.json", () => {
    const served = appliedFake();

    it("list.json: list shapes (items without kind for built-ins, with it for custom resources, continue, limit)", async () => {
      const ref = readReference("list.json");
      for (const [key, want] of Object.entries(ref).filter(([k]) => k !== "what")) {
        const w = want as Body;
        const rec = (w["request"] ?? w) as Body;
        const r = await send(served(), { method: "GET", path: rec["path"], query: rec["query"] });
        assert.equal(r.status, w["code"], key);
        const b = r.body as Body;
        if (w["body"]) {
          assert.deepEqual(b, w["body"], key);
          continue;
        }
        assert.deepEqual(Object.keys(b).sort(), [...(w["topLevelKeys"] as string[])].sort(), key);
        assert.deepEqual([b["kind"], b["apiVersion"]], [w["kind"], w["apiVersion"]], key);
        assert.deepEqual(scrub(b["metadata"]), w["metadata"], key);
        const names = (b["items"] as Body[]).map((i) => i["metadata"]["name"]);
        // kube-root-ca.crt is published into every namespace by a controller the fake does not run.
        assert.deepEqual(names, (w["itemNames"] as string[]).filter((n) => n !== "kube-root-ca.crt"), key);
        if (w["firstItemHasKindAndApiVersion"] !== undefined) assert.equal("kind" in b["items"][0], w["firstItemHasKindAndApiVersion"], key);
      }
    });

    it("delete.json: DELETE answers the object or a Success Status by kind; the object is gone", async () => {
      const ref = readReference("delete.json");
      for (const d of ref["deletes"] as Body[]) {
        const [kind, name] = String(d["object"]).split("/") as [string, string];
        const a = applied(kind, name);
        const r = await send(served(), { method: "DELETE", path: a.request.path });
        assert.equal(r.status, d["code"], d["object"]);
        const b = r.body as Body;
        assert.equal(b["kind"], d["responseKind"], d["object"]);
        if (d["body"]) assert.deepEqual(scrub(b), d["body"], d["object"]);
        if (d["returnedObject"]) {
          assert.equal(b["metadata"]["deletionTimestamp"] !== undefined, d["returnedObject"]["deletionTimestampSet"], d["object"]);
          assert.equal(b["metadata"]["finalizers"] ?? null, d["returnedObject"]["finalizers"], d["object"]);
        }
        assert.equal((await send(served(), { method: "GET", path: a.request.path })).status, d["getRightAfterCode"], d["object"]);
      }
    });
  });

  describe("pvc.json: claims get the pvc-protection finalizer and the default class; DELETE answers the marked claim", () => {
    const served = appliedFake();

    it("creates with and without storageClassName as recorded, then deletes", async () => {
      const ref = readReference("pvc.json");
      for (const key of ["createWithClass", "createWithoutClass"]) {
        const rec = ref[key] as Body;
        const r = await send(served(), { method: "POST", path: "/api/v1/namespaces/default/persistentvolumeclaims", body: rec["requestBody"] });
        assert.equal(r.status, rec["code"], key);
        assert.deepEqual(scrub(r.body), scrub(rec["response"]), key);
      }
      const del = await send(served(), { method: "DELETE", path: "/api/v1/namespaces/default/persistentvolumeclaims/pvc-ceph-xfs" });
      assert.equal(del.status, ref["delete"]["code"]);
      // Without a provisioner the persistentvolume-binder's annotations are not modelled (NOT_MODELLED).
      const want = structuredClone(ref["delete"]["response"]) as Body;
      delete want["metadata"]["annotations"];
      want["metadata"]["managedFields"] = mf(want).filter((e) => e["manager"] !== "kube-controller-manager");
      assert.deepEqual(scrub(del.body), scrub(want));
      assert.equal((await send(served(), { method: "GET", path: "/api/v1/namespaces/default/persistentvolumeclaims/pvc-ceph-xfs" })).status, 404);
    });
  });

  describe("dryRun=All: the answer of the real request, nothing stored", () => {
    const clock = new TestClock();
    let fk: FakeKube;
    usingFake({ clock }, (f) => {
      fk = f;
    });

    it("an apply that would create answers 201 with the stored form (seLinuxMount dropped, defaults) and stores nothing", async () => {
      const a = applied("CSIDriver", "rbd.csi.ceph.com");
      const r = await send(fk, { ...a.request, query: { ...a.request.query, dryRun: "All" } });
      assert.equal(r.status, 201);
      const want = structuredClone(a.response.body);
      delete want["metadata"]["resourceVersion"];
      assert.deepEqual(scrub(r.body), scrub(want));
      assert.equal((await send(fk, { method: "GET", path: a.request.path })).status, 404);
    });

    it("apply, POST, PUT, merge-patch and DELETE of existing objects: same answers, resourceVersion and store unchanged; immutability errors as for real", async () => {
      await applyAll(fk);
      const sc = applied("StorageClass", "ceph-xfs");
      const stored = await getObject(fk, sc);
      const rv = stored["metadata"]["resourceVersion"];
      clock.advance(2);
      const changed = structuredClone(sc.request.body) as Body;
      changed["allowVolumeExpansion"] = false;
      const dry = await send(fk, { ...sc.request, query: { ...sc.request.query, dryRun: "All" }, body: changed });
      assert.equal(dry.status, 200);
      assert.equal((dry.body as Body)["allowVolumeExpansion"], false);
      assert.equal((dry.body as Body)["metadata"]["resourceVersion"], rv);
      assert.deepEqual(await getObject(fk, sc), stored, "nothing stored");
      const forbidden = structuredClone(sc.request.body) as Body;
      forbidden["parameters"]["pool"] = "other";
      const refused = await send(fk, { ...sc.request, query: { ...sc.request.query, dryRun: "All" }, body: forbidden });
      assert.equal(refused.status, 422);
      assert.deepEqual(refused.body, readReference("errors/storageclass-parameters-apply.json")["body"]);
      const merge = await send(fk, { method: "PATCH", path: sc.request.path, query: { dryRun: "All" }, contentType: "application/merge-patch+json", body: { mountOptions: ["discard", "noatime"] } });
      assert.deepEqual([merge.status, (merge.body as Body)["mountOptions"]], [200, ["discard", "noatime"]]);
      const put = await send(fk, { method: "PUT", path: sc.request.path, query: { dryRun: "All" }, body: { ...stored, allowVolumeExpansion: false } });
      assert.deepEqual([put.status, (put.body as Body)["metadata"]["resourceVersion"]], [200, rv]);
      const cm = applied("ConfigMap", "ceph-config");
      const post = await send(fk, { method: "POST", path: "/api/v1/namespaces/default/configmaps", query: { dryRun: "All" }, body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "dry" } } });
      assert.equal(post.status, 201);
      assert.equal((post.body as Body)["metadata"]["resourceVersion"], undefined);
      assert.equal((await send(fk, { method: "GET", path: "/api/v1/namespaces/default/configmaps/dry" })).status, 404);
      const del = await send(fk, { method: "DELETE", path: cm.request.path, query: { dryRun: "All" } });
      assert.equal((del.body as Body)["status"], "Success");
      assert.equal((await send(fk, { method: "GET", path: cm.request.path })).status, 200, "still there");
      assert.deepEqual(await getObject(fk, sc), stored);
      const bad = await send(fk, { method: "DELETE", path: cm.request.path, query: { dryRun: "Some" } });
      assert.equal(bad.status, 400);
    });
  });
});

type Mutation = [[string, string], (b: Body) => void];

/** The changes mutable-fields.json describes in words, as edits of the applied body. */
const MUTATIONS: Record<string, Mutation> = {
  "StorageClass ceph-xfs: allowVolumeExpansion true -> false": [["StorageClass", "ceph-xfs"], (b) => (b["allowVolumeExpansion"] = false)],
  "StorageClass ceph-xfs: mountOptions [discard] -> [discard, noatime]": [["StorageClass", "ceph-xfs"], (b) => (b["mountOptions"] = ["discard", "noatime"])],
  "StorageClass ceph-xfs: mountOptions removed from the apply body": [["StorageClass", "ceph-xfs"], (b) => delete b["mountOptions"]],
  "StorageClass ceph-xfs: add a parameter (newParam: x)": [["StorageClass", "ceph-xfs"], (b) => (b["parameters"]["newParam"] = "x")],
  "StorageClass ceph-xfs: remove parameter imageFeatures from the apply body": [["StorageClass", "ceph-xfs"], (b) => delete b["parameters"]["imageFeatures"]],
  "StorageClass ceph-xfs: provisioner changed": [["StorageClass", "ceph-xfs"], (b) => (b["provisioner"] = "other.csi.example.com")],
  "StorageClass ceph-xfs: reclaimPolicy Delete -> Retain": [["StorageClass", "ceph-xfs"], (b) => (b["reclaimPolicy"] = "Retain")],
  "StorageClass ceph-xfs: volumeBindingMode Immediate -> WaitForFirstConsumer": [["StorageClass", "ceph-xfs"], (b) => (b["volumeBindingMode"] = "WaitForFirstConsumer")],
  "StorageClass ceph-xfs: drop the is-default-class annotation from the apply body": [["StorageClass", "ceph-xfs"], (b) => delete b["metadata"]["annotations"]],
  "CSIDriver rbd.csi.ceph.com: attachRequired true -> false": [["CSIDriver", "rbd.csi.ceph.com"], (b) => (b["spec"]["attachRequired"] = false)],
  "CSIDriver rbd.csi.ceph.com: podInfoOnMount false -> true": [["CSIDriver", "rbd.csi.ceph.com"], (b) => (b["spec"]["podInfoOnMount"] = true)],
  "CSIDriver rbd.csi.ceph.com: fsGroupPolicy File -> None": [["CSIDriver", "rbd.csi.ceph.com"], (b) => (b["spec"]["fsGroupPolicy"] = "None")],
  "CSIDriver rbd.csi.ceph.com: storageCapacity (defaulted false) -> true": [["CSIDriver", "rbd.csi.ceph.com"], (b) => (b["spec"]["storageCapacity"] = true)],
  "CSIDriver rbd.csi.ceph.com: requiresRepublish (defaulted false) -> true": [["CSIDriver", "rbd.csi.ceph.com"], (b) => (b["spec"]["requiresRepublish"] = true)],
  "CSIDriver rbd.csi.ceph.com: volumeLifecycleModes [Persistent] -> [Persistent, Ephemeral]": [["CSIDriver", "rbd.csi.ceph.com"], (b) => (b["spec"]["volumeLifecycleModes"] = ["Persistent", "Ephemeral"])],
  "VolumeSnapshotClass ceph-rbd-snapshot: driver changed": [["VolumeSnapshotClass", "ceph-rbd-snapshot"], (b) => (b["driver"] = "other.csi.example.com")],
  "VolumeSnapshotClass ceph-rbd-snapshot: parameters.clusterID changed": [["VolumeSnapshotClass", "ceph-rbd-snapshot"], (b) => (b["parameters"]["clusterID"] = "other")],
  "VolumeSnapshotClass ceph-rbd-snapshot: deletionPolicy Delete -> Retain": [["VolumeSnapshotClass", "ceph-rbd-snapshot"], (b) => (b["deletionPolicy"] = "Retain")],
  "Deployment csi-rbdplugin-provisioner: spec.selector.matchLabels gets an extra label (template labels too)": [
    ["Deployment", "csi-rbdplugin-provisioner"],
    (b) => {
      b["spec"]["selector"]["matchLabels"]["extra"] = "x";
      b["spec"]["template"]["metadata"]["labels"]["extra"] = "x";
    },
  ],
  "DaemonSet csi-rbdplugin: spec.selector.matchLabels gets an extra label (template labels too)": [
    ["DaemonSet", "csi-rbdplugin"],
    (b) => {
      b["spec"]["selector"]["matchLabels"]["extra"] = "x";
      b["spec"]["template"]["metadata"]["labels"]["extra"] = "x";
    },
  ],
  "ClusterRoleBinding rbd-csi-provisioner-role: roleRef.name changed": [["ClusterRoleBinding", "rbd-csi-provisioner-role"], (b) => (b["roleRef"]["name"] = "rbd-csi-nodeplugin")],
  "Secret csi-rbd-secret: type Opaque -> example.com/other": [["Secret", "csi-rbd-secret"], (b) => (b["type"] = "example.com/other")],
  "Secret csi-rbd-secret: same content sent as data (base64) instead of stringData": [
    ["Secret", "csi-rbd-secret"],
    (b) => {
      b["data"] = Object.fromEntries(Object.entries(b["stringData"] as Record<string, string>).map(([k, v]) => [k, Buffer.from(v).toString("base64")]));
      delete b["stringData"];
    },
  ],
};
