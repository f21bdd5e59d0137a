/**
 * Whole hooks and actions, fuzzed: the charm's real executor and decision run in-process against
 * the in-memory Kubernetes API (tests/harness/in-process) with random faults: the status codes
 * and bodies the API server really sends (../shared/reference/kube-apiserver/errors), network
 * failures, faults that let the first requests through (failures halfway). Judged by oracles
 * that know nothing of the charm's code: nothing desired is deleted, no key shows anywhere, the
 * status (or the action's answer) names the fault, and the next hook without faults converges.
 *
 * Cases: HOOK_PROPERTY_RUNS (default 100; .ci/run sets 300). A case runs two to three
 * hooks, milliseconds each. Reproduce a failure with FC_SEED=<seed>.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import type { MemoryFault } from "../harness/in-process/kube.ts";
import type { Sim, Snapshot } from "../harness/in-process/sim.ts";
import { given, owned, ready } from "../scenario/states.ts";
import { leakedPiece, propertyRuns, propertySeed } from "./runs.ts";

const RUNS = propertyRuns("HOOK_PROPERTY_RUNS", 100);
const SEED = propertySeed();
const OPTS = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) };
const APP = "ceph-csi";
const ERRORS = join(dirname(fileURLToPath(import.meta.url)), "../../../shared/reference/kube-apiserver/errors");

/** A status the API server sends, as recorded: code and message. */
interface ApiAnswer {
  code: number;
  message: string;
}

/**
 * The recorded answers with no meaning of their own to the charm: not 404 (absent) and not 200.
 * A 404 or an "already exists" is an answer about an object, not a failure, so it is left out.
 */
function recordedAnswers(): ApiAnswer[] {
  const out: ApiAnswer[] = [];
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== "object") return;
    const o = v as Record<string, unknown>;
    const body = (o["responseBody"] ?? o["body"] ?? o["response"]) as { message?: unknown } | undefined;
    if (typeof o["code"] === "number" && typeof body?.message === "string" && [403, 409, 422, 500].includes(o["code"]) && !/already exists/.test(body.message)) {
      out.push({ code: o["code"], message: body.message });
    }
    for (const x of Object.values(o)) walk(x);
  };
  for (const f of readdirSync(ERRORS).filter((n) => n.endsWith(".json"))) walk(JSON.parse(readFileSync(join(ERRORS, f), "utf8")));
  return out;
}

const ANSWERS = recordedAnswers();
/** Stands for the charm's cephx key in a fault's message (known once the state is built). */
const KEY = "<KEY>";
const NETWORK = ["refused", "reset", "timeout"] as const;
/** How the charm words a network failure (what a status must say). */
const NETWORK_WORDS: Record<(typeof NETWORK)[number], string> = { refused: "connection refused", reset: "connection reset", timeout: "timed out" };

const fault: fc.Arbitrary<MemoryFault> = fc
  .record({
    method: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, fc.constantFrom("GET", "PATCH", "DELETE")),
    path: fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      fc.constantFrom("/persistentvolumeclaims", "/storageclasses", "/daemonsets", "/deployments", "/configmaps", "/secrets", "/serviceaccounts", "/clusterroles", "/csidrivers", "/events"),
    ),
    after: fc.oneof(fc.constant(0), fc.nat({ max: 3 }), fc.nat({ max: 12 })),
    times: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    answer: fc.oneof(
      fc.constantFrom(...ANSWERS),
      fc.constantFrom(503, 429, 401).map((code): ApiAnswer => ({ code, message: `injected fault (${code})` })),
      // The server echoing a value it refuses: the key inside, after text of any length (a cut may fall in it).
      fc.nat({ max: 200 }).map((n): ApiAnswer => ({ code: 422, message: `Secret "csi-rbd-secret" is invalid: ${"x".repeat(n)} data[userKey]: Invalid value: "${KEY}"` })),
      fc.constantFrom(...NETWORK),
    ),
  })
  .map(({ method, path, after, times, answer }) => ({
    ...(method !== undefined ? { method } : {}),
    ...(path !== undefined ? { path } : {}),
    after,
    ...(times !== undefined ? { times } : {}),
    ...(typeof answer === "string" ? { network: answer } : { status: answer.code, message: answer.message }),
  }));

/** The words of a fault a status or an answer must carry (the start of the server's message, or the network failure). */
function words(f: MemoryFault): string {
  if (f.network !== undefined) return NETWORK_WORDS[f.network];
  return (f.message ?? "").split("\n")[0]?.slice(0, 30) ?? "";
}

type Event = "config-changed" | "update-status" | "ceph-client-relation-broken" | "verify-storage" | "list-resources" | "sync-resources" | "scrub-resources";
const HOOKS: readonly Event[] = ["config-changed", "update-status", "ceph-client-relation-broken"];
const ACTIONS: readonly Event[] = ["verify-storage", "list-resources", "sync-resources", "scrub-resources"];

const PV = {
  apiVersion: "v1",
  kind: "PersistentVolume",
  metadata: { name: "pvc-keep", labels: { "juju.io/application": APP } },
  spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], csi: { driver: "rbd.csi.ceph.com", volumeHandle: "x" } },
};

/** Everything a person could read: statuses and their history, logs, hook output, action answers. */
function shown(s: Sim, extra: unknown[]): string[] {
  const unit = s.juju.unit(0);
  return [
    ...unit.statusHistory.map((h) => h.message),
    ...s.juju.state.logs.map((l) => l.message),
    ...s.juju.history.flatMap((o) => [o.stdout, o.stderr]),
    ...extra.map((x) => JSON.stringify(x)),
  ];
}

function assertNoKey(s: Sim, keys: readonly string[], extra: unknown[] = []): void {
  for (const text of shown(s, extra)) {
    const piece = leakedPiece(text, keys);
    assert.equal(piece, undefined, `a piece of a key (${piece}) shows in: ${text.slice(0, 300)}`);
  }
}

describe("properties: whole hooks and actions against a failing API (independent oracles)", function () {
  this.timeout(600_000);
  let start: Snapshot;
  let keys: string[];
  let desired: string[];

  before(async () => {
    assert.ok(ANSWERS.length >= 10, `the recorded API errors are read (${ANSWERS.length})`);
    const s = await given(ready());
    s.kube.cluster.seed(PV);
    start = s.snapshot();
    keys = [s.backend.state.users.get(APP)?.key ?? "", s.backend.adminKey].filter((k) => k.length >= 8);
    assert.ok(keys.length >= 1, "the keys in play are known");
    desired = owned(s).filter((o) => o !== "PersistentVolume/pvc-keep");
    assert.ok(desired.length > 10, "the starting state is deployed");
    assert.deepEqual(s.status(), { status: "active", message: "Ready" });
  });

  it(`a hook or an action with the API failing: nothing desired deleted, no key shown, the fault named, the next clean hook converges (${RUNS} cases)`, async () => {
    let cases = 0;
    const stats = { hit: 0, failed: 0 };
    const t0 = performance.now();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...HOOKS, ...ACTIONS), fc.array(fault, { minLength: 1, maxLength: 2 }), async (event, faults) => {
        cases++;
        const s = await given(start);
        s.kube.enableProvisioner();
        const logsBefore = s.juju.state.logs.length;
        s.kube.clearRequests();
        const handles = faults.map((f) => s.kube.addFault({ ...f, ...(f.message !== undefined ? { message: f.message.replace(KEY, keys[0] as string) } : {}) }));
        const seenBefore = s.juju.unit(0).statusHistory.length;
        const action = ACTIONS.includes(event) ? await s.juju.runAction(event, event === "verify-storage" ? { timeout: 5 } : {}) : undefined;
        const outcomes = action === undefined ? (event === "ceph-client-relation-broken" ? await s.juju.unrelate(s.clientRel as number) : [await s.hook(event)]) : [action];
        const hit = s.kube.requests.filter((r) => r.fault !== undefined);
        // The words of the faults that fired (a generated fault whose request never came is not named).
        const hitWords = [...new Set(faults.filter((f, i) => (handles[i]?.hits ?? 0) > 0 && words(f) !== "").map(words))];

        // Every hook exits 0, whatever the API did.
        for (const o of outcomes) assert.equal(o.exitCode, 0, `${o.name} exited ${o.exitCode}: ${o.stderr.slice(0, 500)}`);
        // No key, not even a piece, anywhere a person reads.
        assertNoKey(s, keys, action !== undefined ? [action.results, action.message] : []);
        // Nothing desired deleted: a removal keeps the PersistentVolumes, anything else keeps every object.
        const now = owned(s);
        assert.ok(now.includes("PersistentVolume/pvc-keep"), "a PersistentVolume is never deleted");
        if (event !== "ceph-client-relation-broken") {
          const gone = desired.filter((o) => !now.includes(o));
          assert.deepEqual(gone, [], `${event} deleted desired objects`);
        }
        // An action leaves no claim behind, or fails naming each one it left.
        if (action !== undefined) {
          for (const c of s.kube.objects("PersistentVolumeClaim")) {
            const where = `${c.metadata.namespace}/${c.metadata.name}`;
            assert.ok(action.status === "failed" && action.message.includes(where), `${where} left behind by ${event}, not said: ${action.status} ${action.message.slice(0, 300)}`);
          }
        }
        stats.hit += hit.length > 0 ? 1 : 0;
        stats.failed += action?.status === "failed" || (action === undefined && s.status().status !== "active") ? 1 : 0;
        // The fault is named: in the status after a hook, in the answer of an action that failed.
        if (hit.length > 0) {
          if (action !== undefined) {
            const answer = `${action.message} ${JSON.stringify(action.results)}`;
            if (action.status === "failed") assert.ok(hitWords.some((w) => answer.includes(w)), `the action's answer names the fault (${hitWords.join(" | ")}): ${answer.slice(0, 400)}`);
          } else {
            // The statuses the event set (a later hook of the event may have finished the job), and its WARNINGs.
            const statuses = s.juju.unit(0).statusHistory.slice(seenBefore);
            const said = [...statuses.map((h) => h.message), ...s.juju.state.logs.slice(logsBefore).filter((l) => l.level === "WARNING").map((l) => l.message)].join(" ");
            assert.ok(hitWords.some((w) => said.includes(w)), `the status names the fault (${hitWords.join(" | ")}): ${statuses.map((h) => `${h.status} ${h.message}`).join(" → ")}`);
          }
        }

        // The next hook without faults converges.
        s.kube.clearFaults();
        const after = await s.hook("update-status");
        assert.equal(after.exitCode, 0);
        if (event === "ceph-client-relation-broken") {
          assert.deepEqual(owned(s), ["PersistentVolume/pvc-keep"], "the removal is finished");
          assert.equal(s.status().status, "blocked");
        } else {
          assert.deepEqual(s.status(), { status: "active", message: "Ready" }, `after ${event} with ${JSON.stringify(faults)}`);
          assert.deepEqual(
            desired.filter((o) => !owned(s).includes(o)),
            [],
            "every desired object is there",
          );
        }
        if (event === "verify-storage") {
          const again = await s.juju.runAction("verify-storage", { timeout: 5 });
          assert.equal(again.status, "completed", again.message);
          assert.deepEqual(s.kube.objects("PersistentVolumeClaim"), [], "no claim left after a clean run");
        }
        assertNoKey(s, keys);
      }),
      OPTS,
    );
    const ms = (performance.now() - t0) / Math.max(1, cases);
    process.stdout.write(`      ${cases} cases, ${ms.toFixed(1)} ms per case; a fault hit in ${stats.hit}, the hook or action failed in ${stats.failed}\n`);
    assert.ok(RUNS < 20 || stats.hit > cases / 4, "the faults hit often enough to mean something");
  });
});
