/**
 * Carrying out what the decision planned, through the client: reads, writes, gets. Each returns
 * its answer as data; an API failure stops the step and comes back as a KubeFailure.
 */
import type { Answered, DryRunAnswer, GetAnswer, KubeOp, ReadAnswer, ReadRequest, WaitAnswer, WriteAnswer } from "../converge/ops.ts";
import { isImmutableRefusal } from "../converge/plan.ts";
import { keyOf, type ObjectRef, refOf } from "../converge/refs.ts";
import type { KubeObject } from "../manifests/types.ts";
import type { KubeClient } from "./client.ts";
import { toFailure } from "./errors.ts";

/** Optional kinds the server did not serve, per client (a client lives for one hook): not asked for again in that hook. */
const unserved = new WeakMap<KubeClient, Set<string>>();

export async function performRead(client: KubeClient, req: ReadRequest): Promise<Answered<ReadAnswer>> {
  try {
    // The LISTs are asked for together (the client sends them in turn); the first failure stops the step. An optional kind the server does
    // not serve (404 on its LIST) is absent, not a failure.
    const known = unserved.get(client) ?? new Set<string>();
    unserved.set(client, known);
    const absent: string[] = [];
    const listOf = async (k: ReadRequest["kinds"][number]): Promise<KubeObject[]> => {
      if (k.optional && known.has(k.kind)) {
        absent.push(k.kind);
        return [];
      }
      try {
        return await client.list(k.apiVersion, k.kind, req.selector);
      } catch (e) {
        if (!k.optional || (e as { code?: unknown }).code !== 404) throw e;
        known.add(k.kind);
        absent.push(k.kind);
        return [];
      }
    };
    const listed = (await Promise.all(req.kinds.map(listOf))).flat();
    const seen = new Set(listed.map(keyOf));
    // An object listed in the namespace shows it exists (the API server keeps no object in a
    // namespace that does not): the namespace is read only when none is.
    const nsListed = req.namespace !== undefined && listed.some((o) => o.metadata.namespace === req.namespace);
    const [ns, ...found] = await Promise.all([
      req.namespace === undefined || nsListed ? undefined : client.get({ apiVersion: "v1", kind: "Namespace", name: req.namespace }),
      ...req.refs.filter((r) => !seen.has(keyOf(r)) && !absent.includes(r.kind)).map((r) => client.get(r)),
    ]);
    const got = found.filter((o): o is KubeObject => o !== undefined);
    const answer: ReadAnswer = { listed, got, ...(absent.length > 0 ? { absent } : {}) };
    if (req.namespace !== undefined) answer.namespaceExists = nsListed || ns !== undefined;
    return { ok: true, value: answer };
  } catch (e) {
    return { ok: false, failure: toFailure(e) };
  }
}

/**
 * Performs `ops` in order; stops at the first failure, except that an update the server refuses
 * as changing an immutable field is noted in `refused` and skipped (the decision re-creates it).
 */
export async function performWrites(client: KubeClient, ops: readonly KubeOp[], fieldManager: string): Promise<WriteAnswer> {
  const answer: WriteAnswer = { done: 0, results: {} };
  for (const [i, op] of ops.entries()) {
    try {
      switch (op.op) {
        case "apply":
          answer.results[i] = await client.apply(op.object, fieldManager);
          break;
        case "recreate":
          await client.delete(refOf(op.object));
          answer.results[i] = await client.apply(op.object, fieldManager);
          break;
        case "delete":
          await client.delete(op.ref);
          break;
        case "adopt":
          await client.jsonPatch(refOf(op.object), op.patch);
          answer.results[i] = await client.apply(op.object, fieldManager);
          break;
        case "strip-annotations":
          await client.mergePatch(op.ref, { metadata: { annotations: Object.fromEntries(op.annotations.map((a) => [a, null])) } }, fieldManager);
          break;
      }
    } catch (e) {
      const failure = toFailure(e);
      if (!isImmutableRefusal(op, failure)) {
        answer.failure = failure;
        return answer;
      }
      answer.refused = [...(answer.refused ?? []), { index: i, message: failure.message }];
    }
    answer.done = i + 1;
  }
  return answer;
}

/** Server-side dry-run applies of `objects` (all at once): what the server would store, or why it refuses. */
export async function performDryRun(client: KubeClient, objects: readonly KubeObject[], fieldManager: string): Promise<Answered<DryRunAnswer>> {
  try {
    const results = await Promise.all(
      objects.map(async (o): Promise<DryRunAnswer["results"][number]> => {
        try {
          return { object: await client.apply(o, fieldManager, { dryRun: true }) };
        } catch (e) {
          const failure = toFailure(e);
          // Only a refusal of this object is an answer about it; anything else stops the step.
          if (failure.code !== 422) throw e;
          return { failure };
        }
      }),
    );
    return { ok: true, value: { results } };
  } catch (e) {
    return { ok: false, failure: toFailure(e) };
  }
}

export async function performGets(client: KubeClient, refs: readonly ObjectRef[]): Promise<Answered<GetAnswer>> {
  try {
    return { ok: true, value: { objects: await Promise.all(refs.map((r) => client.get(r))) } };
  } catch (e) {
    return { ok: false, failure: toFailure(e) };
  }
}

/** Lists objects of one kind (one namespace) by label and/or field selector. */
export async function performList(client: KubeClient, q: { apiVersion: string; kind: string; namespace: string; labelSelector?: string; fieldSelector?: string }): Promise<Answered<KubeObject[]>> {
  try {
    return { ok: true, value: await client.list(q.apiVersion, q.kind, q.labelSelector, q.namespace, q.fieldSelector) };
  } catch (e) {
    return { ok: false, failure: toFailure(e) };
  }
}

/** The waiting's clock (replaceable in tests). */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/** Reads `refs` until each one's status.phase is `phase` or `timeoutMs` passed; every `intervalMs`. */
export async function performWait(
  client: KubeClient,
  w: { refs: readonly ObjectRef[]; phase: string; timeoutMs: number },
  clock: Clock = realClock,
  intervalMs = 500,
): Promise<Answered<WaitAnswer>> {
  const start = clock.now();
  const reachedAfterMs: (number | undefined)[] = w.refs.map(() => undefined);
  let objects: (KubeObject | undefined)[] = w.refs.map(() => undefined);
  try {
    for (;;) {
      objects = await Promise.all(w.refs.map((r) => client.get(r)));
      const elapsed = clock.now() - start;
      objects.forEach((o, i) => {
        if (reachedAfterMs[i] === undefined && (o?.["status"] as { phase?: string } | undefined)?.phase === w.phase) reachedAfterMs[i] = elapsed;
      });
      if (reachedAfterMs.every((x) => x !== undefined) || elapsed >= w.timeoutMs) return { ok: true, value: { objects, reachedAfterMs } };
      await clock.sleep(Math.min(intervalMs, Math.max(0, w.timeoutMs - elapsed)));
    }
  } catch (e) {
    return { ok: false, failure: toFailure(e) };
  }
}
