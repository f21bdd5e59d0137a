/**
 * Which Kubernetes version the fake serves, and what that changes: fields a version drops because
 * their feature gate is off (e.g. CSIDriver `spec.seLinuxMount` before 1.27), and `/version`.
 */
import { isObject, type JsonObject } from "./json.ts";
import type { KindInfo } from "./kinds.ts";

/** Oldest and newest minor versions modelled (1.26 from a captured v1.26.1 server; newer ones alike). */
export const OLDEST_MINOR = 26;
export const NEWEST_MINOR = 34;
/** What a cluster serves unless told otherwise (what the fake answered before versions existed). */
export const DEFAULT_KUBE_VERSION = "1.33";

export interface KubeVersion {
  major: number;
  minor: number;
  /** `v1.26.1`, as `/version` states it. */
  gitVersion: string;
}

/** Parses "1.26", "v1.26" or "1.26.1"; throws on versions outside the modelled range. */
export function parseKubeVersion(text: string): KubeVersion {
  const m = /^v?1\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  const minor = m ? Number(m[1]) : Number.NaN;
  if (!m || minor < OLDEST_MINOR || minor > NEWEST_MINOR) {
    throw new Error(`unsupported Kubernetes version "${text}" (1.${OLDEST_MINOR} to 1.${NEWEST_MINOR})`);
  }
  return { major: 1, minor, gitVersion: `v1.${minor}.${m[2] ?? (minor === 26 ? "1" : "0")}` };
}

/**
 * Drops fields whose feature gate is off in this version, as the API server's strategies do on
 * create and update (the request still succeeds). Answers the dropped paths.
 */
export function dropDisabledFields(k: KindInfo, o: JsonObject, v: KubeVersion): string[] {
  const dropped: string[] = [];
  // SELinuxMountReadWriteOncePod is off before 1.27: CSIDriver spec.seLinuxMount is not stored.
  if (k.group === "storage.k8s.io" && k.kind === "CSIDriver" && v.minor < 27) {
    const spec = o["spec"];
    if (isObject(spec) && spec["seLinuxMount"] !== undefined) {
      delete spec["seLinuxMount"];
      dropped.push("spec.seLinuxMount");
    }
  }
  return dropped;
}

/** Whether CSIDriver spec.seLinuxMount exists (and is defaulted to false) in this version. */
export function hasSeLinuxMount(v: KubeVersion): boolean {
  return v.minor >= 27;
}
