/**
 * Actions: each reads the same inputs as a hook (no relation writes), then reports with
 * action-set / action-fail. API errors fail the action with a clear message; no key is ever
 * part of a result.
 */
import { type ActionResult, actionFail, actionGet, actionSet } from "../juju/index.ts";
import { desiredObjects, type HookDeps, prepare } from "../charm/reconcile.ts";
import { decideStatus, sanitizeMessage } from "../status.ts";
import { listVersions } from "./list-versions.ts";
import { analysisResult, analyzeManifests, parseFilter, type ResourceDeps, scrub, sync } from "./resources.ts";

export const ACTIONS = ["list-versions", "list-resources", "scrub-resources", "sync-resources", "delete-storage-class"] as const;

class ActionError extends Error {}

async function withCluster(deps: HookDeps) {
  const p = await prepare(deps, { writeRelations: false });
  const desired = await desiredObjects(deps, p);
  if (!desired) throw new ActionError(`Cannot compute the desired objects: ${decideStatus(p.problems).message}`);
  const kube = await deps.kube();
  const conn = kube.connect();
  if (!conn.ok) throw new ActionError(conn.problem.message);
  const rd: ResourceDeps = { kube, client: conn.client, app: deps.event.appName, namespace: desired.config.namespace };
  return { p, desired, rd };
}

async function runNamed(deps: HookDeps, name: string, params: Record<string, unknown>): Promise<ActionResult> {
  if (name === "list-versions") return listVersions();
  if (name === "delete-storage-class") {
    const { p, desired, rd } = await withCluster(deps);
    if (!p.inputs.leader) throw new ActionError("Run this action on the leader unit");
    const target = String(params["name"] ?? "");
    const managed = desired.objects.filter((o) => o.kind === "StorageClass").map((o) => o.metadata.name);
    if (!managed.includes(target)) {
      throw new ActionError(`Invalid storage class name '${target}'. Must be one of: ${managed.join(", ")}`);
    }
    try {
      const r = await rd.kube.deleteStorageClass(rd.client, target, rd.app);
      if (r.outcome !== "deleted") throw new ActionError(`Failed to delete storage class: ${r.message}`);
      return { result: `Successfully deleted StorageClass/${target}` };
    } catch (e) {
      if (e instanceof ActionError) throw e;
      throw new ActionError(`Failed to delete storage class: ${rd.kube.apiProblem(e).message}`);
    }
  }
  const filter = parseFilter(params);
  if (typeof filter === "string") throw new ActionError(filter);
  const { p, desired, rd } = await withCluster(deps);
  if (name !== "list-resources" && !p.inputs.leader) throw new ActionError("Run this action on the leader unit");
  try {
    const analyses = await analyzeManifests(rd, desired.objects, filter);
    if (name === "list-resources") return analysisResult(analyses);
    if (name === "scrub-resources") {
      const deleted = await scrub(rd, analyses, filter);
      return { ...analysisResult(await analyzeManifests(rd, desired.objects, filter)), deleted: deleted.join("\n") || "nothing" };
    }
    const applied = await sync(rd, desired.objects, analyses);
    return { ...analysisResult(await analyzeManifests(rd, desired.objects, filter)), synced: applied.join("\n") || "nothing" };
  } catch (e) {
    const verb = name === "sync-resources" ? "sync missing" : name === "scrub-resources" ? "scrub extra" : "list";
    throw new ActionError(`Failed to ${verb} resources: ${rd.kube.apiProblem(e).message}`);
  }
}

export async function runAction(deps: HookDeps): Promise<void> {
  const params = await actionGet(deps.runner);
  try {
    const result = await runNamed(deps, deps.event.name, params);
    await actionSet(deps.runner, result);
  } catch (e) {
    if (!(e instanceof ActionError)) throw e;
    await actionFail(deps.runner, sanitizeMessage(e.message, 1000));
  }
}
