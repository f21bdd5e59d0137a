/**
 * converge(): make the cluster hold exactly the desired objects for this application.
 *
 *  1. Namespace: exists, or is created when allowed, else blocked "Missing namespace '<ns>'".
 *  2. Read live state (one LIST per kind by app label + GETs for desired objects not found).
 *  3. For each desired object, in the given order:
 *     - absent → server-side apply (created);
 *     - labelled for another application, or not labelled at all → not touched, a collision;
 *     - ours, an immutable field differs (StorageClass, CSIDriver) → delete and apply (recreated);
 *     - ours and matching (see compare.ts) → no request (unchanged);
 *     - ours and different → server-side apply with force (updated).
 *  4. Prune: objects labelled for this application and no longer desired are deleted, in reverse
 *     kind order; never PersistentVolumes, PersistentVolumeClaims or Namespaces.
 * An API failure stops the run and becomes waiting "Waiting for Kubernetes API: <reason>"; the
 * next hook starts over. Call it only with a complete desired set: what is not desired is deleted.
 *
 * Unlabelled objects: an object with the desired name but no `juju.io/application` label was made
 * by someone else (by hand, another tool); the charm does not take it over and reports a collision,
 * as the Python charm does. Objects of the Python charm carry the same labels and are taken over.
 */
import { type KubeObject, LABEL_APP } from "../manifests/types.ts";
import type { KubeClient } from "./client.ts";
import { immutableChanges, matches, strayDefaultAnnotations, withHash } from "./compare.ts";
import { apiProblem, KubeError } from "./errors.ts";
import { isNamespaced, normalized } from "./kinds.ts";
import { ownerOf, readLive } from "./live.ts";
import { deleteAll, pruneCandidates } from "./prune.ts";
import { describe, keyOf, refOf } from "./refs.ts";
import { collisionProblem, type ConvergeReport, emptyReport, missingNamespaceProblem } from "./report.ts";

export interface ConvergeOptions {
  app: string;
  /** Server-side apply field manager (default: the application name). */
  fieldManager?: string;
  createNamespace: boolean;
  /** The namespace of the namespaced objects ("" is taken as "default", like the config option). */
  namespace: string;
  log?: (msg: string) => void;
}


function isImmutableRejection(e: unknown): boolean {
  return e instanceof KubeError && e.code === 422 && /immutable|Forbidden/i.test(e.message);
}

async function ensureNamespace(
  client: KubeClient,
  desired: readonly KubeObject[],
  opts: ConvergeOptions,
  fm: string,
  report: ConvergeReport,
): Promise<boolean> {
  const name = opts.namespace || "default";
  const ref = { apiVersion: "v1", kind: "Namespace", name };
  const live = await client.get(ref);
  if (live) return true;
  if (!opts.createNamespace) {
    report.problem = missingNamespaceProblem(name);
    return false;
  }
  const own = desired.find((d) => d.kind === "Namespace" && d.metadata.name === name);
  const ns: KubeObject = own ?? { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { [LABEL_APP]: opts.app } } };
  await client.apply(withHash(normalized(ns, name)), fm);
  opts.log?.(`created ${describe(ns)}`);
  report.created.push(describe(ns));
  return true;
}

export async function converge(client: KubeClient, desired: readonly KubeObject[], opts: ConvergeOptions): Promise<ConvergeReport> {
  const log = opts.log ?? (() => {});
  const fm = opts.fieldManager ?? opts.app;
  const report = emptyReport();
  if (desired.length === 0) {
    // The config manifest is always rendered: an empty set means the caller had nothing to go on.
    // Pruning against it would delete everything; use purge() for that.
    log("converge: empty desired set, nothing applied or pruned");
    return report;
  }
  try {
    const namespaced = desired.some((d) => isNamespaced(d.kind) && d.kind !== "Namespace");
    if (namespaced && !(await ensureNamespace(client, desired, opts, fm, report))) return report;

    const objects = desired.filter((d) => d.kind !== "Namespace").map((d) => normalized(d, opts.namespace));
    const live = await readLive(client, objects, opts.app);

    for (const d of objects) {
      const name = describe(d);
      const want = withHash(d);
      const current = live.byKey.get(keyOf(d));
      if (!current) {
        await client.apply(want, fm);
        log(`created ${name}`);
        report.created.push(name);
        continue;
      }
      const owner = ownerOf(current, opts.app);
      if (owner !== "self") {
        const other = current.metadata.labels?.[LABEL_APP] ?? "";
        log(`collision: ${name} exists ${other ? `for application '${other}'` : "without juju.io/application label"}; not touched`);
        report.collisions.push({ object: name, owner: other });
        continue;
      }
      const immutable = immutableChanges(want, current);
      if (immutable.length > 0) {
        await recreate(client, want, fm, `immutable fields changed (${immutable.join(", ")})`, log);
        report.recreated.push(name);
        continue;
      }
      const stray = strayDefaultAnnotations(want, current);
      if (matches(want, current) && stray.length === 0) {
        report.unchanged.push(name);
        report.current[name] = current;
        continue;
      }
      let result: KubeObject;
      try {
        result = await client.apply(want, fm);
      } catch (e) {
        if (!isImmutableRejection(e) || (d.kind !== "StorageClass" && d.kind !== "CSIDriver")) throw e;
        await recreate(client, want, fm, "the API server rejected the update of an immutable field", log);
        report.recreated.push(name);
        continue;
      }
      const left = strayDefaultAnnotations(want, result);
      if (left.length > 0) {
        // Co-owned by an older field manager (e.g. the Python charm's): remove explicitly.
        await client.mergePatch(refOf(d), { metadata: { annotations: Object.fromEntries(left.map((a) => [a, null])) } }, fm);
      }
      log(`updated ${name}`);
      report.updated.push(name);
    }

    await deleteAll(client, pruneCandidates(live.owned, objects), (m) => log(`prune: ${m}`), report.deleted);
    if (report.collisions.length > 0) report.problem = collisionProblem(report.collisions.length);
  } catch (e) {
    report.problem = apiProblem(e);
    log(`converge stopped: ${report.problem.message}`);
  }
  return report;
}

async function recreate(client: KubeClient, want: KubeObject, fm: string, why: string, log: (m: string) => void): Promise<void> {
  log(`re-creating ${describe(want)}: ${why}; existing volumes are not affected`);
  await client.delete(refOf(want));
  await client.apply(want, fm);
}
