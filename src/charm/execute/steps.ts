/** Performing the steps the decision asked for, and turning what came back into answers. */
import { type LeftObject, leftList, leftText } from "../../actions/verify-storage.ts";
import type { CephOutcome } from "../../ceph/commands.ts";
import { CONF_DIR_NAME, type ConfPaths, confDirSpec, confPaths } from "../../ceph/conf-files.ts";
import { goalState, leaderGet, relationGet, secretGet } from "../../juju/index.ts";
import type { KubeClient } from "../../kube/client.ts";
import { keyOf, type ObjectRef, refOf } from "../../converge/refs.ts";
import { performDryRun, performGets, performList, performRead, performWait, performWrites } from "../../kube/perform.ts";
import { err, ok } from "../../result.ts";
import type { Answers, BaseObservation } from "../observation.ts";
import type { Effects, Step } from "../plan.ts";
import type { Seams } from "./seams.ts";

/** What the executor keeps between rounds of one hook. */
export interface StepContext {
  seams: Seams;
  base: BaseObservation;
  /** The conf the ceph steps use (the last one written). */
  conf?: ConfPaths;
  /** undefined: not connected yet; null: no kubeconfig. */
  kube?: KubeClient | null;
  tempDirs: string[];
  /** Temporary Kubernetes objects created and not deleted yet (deleted when the run ends). */
  temporary: ObjectRef[];
}

/**
 * Deletes what is left of the temporary objects (a few tries each: the API may have failed just
 * now) and returns the ones still there, with the last reason.
 */
export async function removeTemporary(ctx: StepContext): Promise<LeftObject[]> {
  if (ctx.temporary.length === 0) return [];
  const left: LeftObject[] = [];
  const client = await kubeClient(ctx);
  for (const ref of ctx.temporary) {
    let reason = client === undefined ? "no kubeconfig" : "";
    for (let attempt = 0; client !== undefined && attempt < 3; attempt++) {
      try {
        await client.delete(ref);
        reason = "";
        break;
      } catch (e) {
        reason = (e as Error).message ?? String(e);
        if (attempt < 2) await ctx.seams.clock.sleep(1000);
      }
    }
    if (reason !== "") left.push({ kind: ref.kind, ...(ref.namespace !== undefined ? { namespace: ref.namespace } : {}), name: ref.name, reason });
  }
  ctx.temporary = [];
  return left;
}

/**
 * The effects with the temporary objects still there said: a WARNING, and for an action a
 * failure and the `claims-left` result (the action did not leave the cluster as it found it).
 */
export function withLeftObjects(e: Effects, left: readonly LeftObject[]): Effects {
  if (left.length === 0) return e;
  const text = leftText(left);
  const out: Effects = { ...e, logs: [...e.logs, { level: "WARNING", message: text }] };
  if (e.action !== undefined) {
    const results = "results" in e.action ? e.action.results : {};
    out.action = { results: { ...results, "claims-left": leftList(left) }, failure: e.action.failure !== undefined ? `${e.action.failure}. ${text}` : text };
  }
  return out;
}

async function kubeClient(ctx: StepContext): Promise<KubeClient | undefined> {
  if (ctx.kube === undefined) ctx.kube = (await ctx.seams.kube()) ?? null;
  return ctx.kube ?? undefined;
}

async function writeConf(ctx: StepContext, step: Extract<Step, { kind: "conf" }>): Promise<NonNullable<Answers["conf"]>> {
  const dir = step.scope === "charm" ? `${ctx.base.event.charmDir}/${CONF_DIR_NAME}` : await ctx.seams.host.tempDir("ceph-csi-conf-");
  if (step.scope === "temporary") ctx.tempDirs.push(dir);
  const spec = confDirSpec(step.input, dir);
  const r = await ctx.seams.host.syncDir(spec);
  if (!r.ok) return err({ dir, code: r.error });
  return ok(confPaths(spec, step.input.user));
}

/** Runs one round's steps in order and returns the answers with theirs added. */
export async function performSteps(ctx: StepContext, steps: readonly Step[], before: Answers): Promise<Answers> {
  const ceph: Record<string, CephOutcome> = { ...before.ceph };
  const k = before.kube;
  const a: Answers = { ...before, ceph, kube: { ...k, reads: [...k.reads], writes: [...k.writes], gets: [...k.gets], lists: [...k.lists], waits: [...k.waits], dryRuns: [...k.dryRuns] } };
  const { seams } = ctx;
  let confFailed = false;
  for (const step of steps) {
    switch (step.kind) {
      case "goal-state":
        a.goalState = await goalState(seams.juju);
        break;
      case "leader-settings":
        a.leaderSettings = await leaderGet(seams.juju);
        break;
      case "apt":
        a.apt = await seams.host.aptInstall();
        break;
      case "own-bag":
        a.ownBags = { ...a.ownBags, [step.relId]: await relationGet(seams.juju, { relId: step.relId, unit: ctx.base.event.unitName }) };
        break;
      case "secret-get": {
        const r = await secretGet(seams.juju, step.uri, { refresh: step.refresh });
        a.secret = r.ok ? ok(r.content) : err(r.error);
        break;
      }
      case "conf": {
        const conf = await writeConf(ctx, step);
        a.conf = conf;
        if (conf.ok) ctx.conf = conf.value;
        else confFailed = true;
        break;
      }
      case "ceph": {
        if (confFailed || ctx.conf === undefined) break;
        ceph[step.command.key] = await seams.ceph({ tool: step.command.tool, paths: ctx.conf, asAdmin: step.asAdmin, args: step.command.args });
        break;
      }
      case "kube-read":
      case "kube-write":
      case "kube-get":
      case "kube-list":
      case "kube-wait":
      case "kube-dryrun": {
        const client = await kubeClient(ctx);
        if (client === undefined) {
          a.kube.unconfigured = true;
          break;
        }
        if (step.kind === "kube-read") a.kube.reads.push(await performRead(client, step.request));
        else if (step.kind === "kube-get") a.kube.gets.push(await performGets(client, step.refs));
        else if (step.kind === "kube-list") {
          const q = { apiVersion: step.apiVersion, kind: step.listKind, namespace: step.namespace };
          a.kube.lists.push(await performList(client, { ...q, ...(step.labelSelector ? { labelSelector: step.labelSelector } : {}), ...(step.fieldSelector ? { fieldSelector: step.fieldSelector } : {}) }));
        } else if (step.kind === "kube-wait") a.kube.waits.push(await performWait(client, step, ctx.seams.clock));
        else if (step.kind === "kube-dryrun") a.kube.dryRuns.push(await performDryRun(client, step.objects, ctx.base.event.appName));
        else {
          // Temporary objects are remembered before the write: whatever happens next, they go at the end.
          for (const op of step.ops) if (op.op === "apply" && op.temporary) ctx.temporary.push(refOf(op.object));
          const answer = await performWrites(client, step.ops, ctx.base.event.appName);
          for (const op of step.ops.slice(0, answer.done)) {
            if (op.op === "delete") ctx.temporary = ctx.temporary.filter((t) => keyOf(t) !== keyOf(op.ref));
          }
          a.kube.writes.push(answer);
        }
        break;
      }
    }
  }
  return a;
}
