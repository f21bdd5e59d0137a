/** status-set, status-get. */
import { parseToolJson } from "./json.ts";
import type { HookToolRunner } from "./runner.ts";

/** The statuses a charm may set. */
export type SettableStatus = "maintenance" | "blocked" | "waiting" | "active";
export type WorkloadStatus = SettableStatus | "error" | "unknown" | "terminated";

export interface StatusInfo {
  status: WorkloadStatus;
  message: string;
}

/** Sets the unit status, or the application status (leader only) with `application: true`. */
export async function statusSet(
  r: HookToolRunner,
  status: SettableStatus,
  message: string,
  opts: { application?: boolean } = {},
): Promise<void> {
  const args = opts.application ? ["--application"] : [];
  await r.run("status-set", [...args, "--", status, message]);
}

/** Reads the unit status, or the application status (leader only) with `application: true`. */
export async function statusGet(r: HookToolRunner, opts: { application?: boolean } = {}): Promise<StatusInfo> {
  const args = ["--include-data", "--format=json"];
  if (opts.application) args.unshift("--application");
  const v = parseToolJson("status-get", await r.run("status-get", args));
  let s: unknown = v;
  if (opts.application && v !== null && typeof v === "object") s = (v as Record<string, unknown>)["application-status"];
  if (s === null || typeof s !== "object") throw new Error("status-get did not return an object");
  const o = s as Record<string, unknown>;
  return { status: String(o["status"] ?? "unknown") as WorkloadStatus, message: String(o["message"] ?? "") };
}
