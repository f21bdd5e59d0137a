/** juju-log. */
import type { HookToolRunner } from "./runner.ts";

export type LogLevel = "TRACE" | "DEBUG" | "INFO" | "WARNING" | "ERROR";

export async function jujuLog(r: HookToolRunner, level: LogLevel, message: string): Promise<void> {
  await r.run("juju-log", ["--log-level", level, "--", message]);
}
