/** The tool registry and the one entry the socket server calls. */
import type { HookContext } from "../context.ts";
import { RunError, UsageError } from "../flags.ts";
import type { ToolResponse } from "../protocol.ts";
import { actionFail, actionGet, actionLog, actionSet } from "./action.ts";
import type { Tool } from "./common.ts";
import { configGet } from "./config.ts";
import { isLeaderTool, leaderGet, leaderSet } from "./leader.ts";
import { goalState, jujuLog, networkGet, unitGet } from "./misc.ts";
import { relationGet, relationIds, relationList, relationModelGet, relationSet } from "./relation.ts";
import { secretGet, secretIds, secretInfoGet } from "./secret.ts";
import { stateDelete, stateGet, stateSet } from "./state.ts";
import { applicationVersionSet, statusGet, statusSet } from "./status.ts";

const TOOLS: Record<string, Tool> = {
  "action-fail": actionFail,
  "action-get": actionGet,
  "action-log": actionLog,
  "action-set": actionSet,
  "application-version-set": applicationVersionSet,
  "config-get": configGet,
  "goal-state": goalState,
  "is-leader": isLeaderTool,
  "juju-log": jujuLog,
  "leader-get": leaderGet,
  "leader-set": leaderSet,
  "network-get": networkGet,
  "relation-get": relationGet,
  "relation-ids": relationIds,
  "relation-list": relationList,
  "relation-model-get": relationModelGet,
  "relation-set": relationSet,
  "secret-get": secretGet,
  "secret-ids": secretIds,
  "secret-info-get": secretInfoGet,
  "state-delete": stateDelete,
  "state-get": stateGet,
  "state-set": stateSet,
  "status-get": statusGet,
  "status-set": statusSet,
  "unit-get": unitGet,
};

/** Runs one tool call against the context; records it in the model. */
export function runTool(
  ctx: HookContext,
  tool: string,
  args: string[],
  stdin: string | undefined,
  cwd: string,
): ToolResponse {
  let res: ToolResponse;
  const impl = TOOLS[tool];
  try {
    if (!impl) throw new RunError(`fake-juju does not implement ${tool}`);
    const flagsPart = args.includes("--") ? args.slice(0, args.indexOf("--")) : args;
    if (flagsPart.includes("--help") || flagsPart.includes("-h")) {
      res = { code: 0, stdout: `Usage: ${tool} [options]\n`, stderr: "" };
    } else {
      const out = impl({ ctx, args, stdin, cwd }) ?? {};
      res = { code: 0, stdout: out.stdout ?? "", stderr: out.stderr ?? "" };
    }
  } catch (e) {
    if (e instanceof UsageError) res = { code: 2, stdout: "", stderr: `ERROR ${e.message}\n` };
    else if (e instanceof RunError) res = { code: 1, stdout: "", stderr: `ERROR ${e.message}\n` };
    else res = { code: 1, stdout: "", stderr: `ERROR fake-juju internal error: ${(e as Error).stack ?? e}\n` };
  }
  ctx.model.toolCalls.push({
    unit: ctx.unit,
    hook: ctx.dispatchPath,
    tool,
    args: [...args],
    stdin,
    exitCode: res.code,
    stderr: res.stderr,
  });
  return res;
}
