/** Config effects on upstream containers and volumes (pure helpers, each one concern). */
import type { Container, Volume } from "./k8s.ts";

export const UPSTREAM_KUBELET_DIR = "/var/lib/kubelet";
export const LIVENESS_CONTAINER = "liveness-prometheus";

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Replaces everything before the first '/' of an image ("" keeps it). */
export function rewriteImage(image: string, registry: string): string {
  if (registry === "") return image;
  const slash = image.indexOf("/");
  return `${registry}/${slash < 0 ? image : image.slice(slash + 1)}`;
}

/** A path rewriter: `from` (a whole leading path) → `to`, in bare paths and in `--flag=path` args. */
function pathRewriter(from: string, to: string): (s: string) => string {
  const re = new RegExp(`(^|=)${escapeRe(from)}(?=/|$)`);
  return (s) => s.replace(re, (_m, lead: string) => lead + to);
}

function mapPaths(c: Container, f: (s: string) => string): Container {
  return {
    ...c,
    args: c.args.map(f),
    ...(c.volumeMounts ? { volumeMounts: c.volumeMounts.map((m) => ({ ...m, mountPath: f(m.mountPath) })) } : {}),
  };
}

function mapHostPaths(volumes: Volume[], f: (s: string) => string): Volume[] {
  return volumes.map((v) => (v.hostPath ? { ...v, hostPath: { ...v.hostPath, path: f(v.hostPath.path) } } : v));
}

/** The kubelet root dir in args, mountPaths and hostPaths. */
export function kubeletDirPatch(containers: Container[], volumes: Volume[], kubeletDir: string): [Container[], Volume[]] {
  if (kubeletDir === UPSTREAM_KUBELET_DIR) return [containers, volumes];
  const f = pathRewriter(UPSTREAM_KUBELET_DIR, kubeletDir);
  return [containers.map((c) => mapPaths(c, f)), mapHostPaths(volumes, f)];
}

/** The CSI driver name in `--drivername=` and in the per-driver plugin dirs (socket, registration path, mountinfo). */
export function driverNamePatch(containers: Container[], volumes: Volume[], from: string, to: string): [Container[], Volume[]] {
  if (from === to) return [containers, volumes];
  const re = new RegExp(`/plugins/${escapeRe(from)}(?=/|$)`, "g");
  const f = (s: string): string => (s === `--drivername=${from}` ? `--drivername=${to}` : s.replace(re, `/plugins/${to}`));
  return [containers.map((c) => mapPaths(c, f)), mapHostPaths(volumes, f)];
}

/**
 * Metrics port of the liveness sidecar: -1 removes the container; otherwise `--metricsport=`
 * and its declared port change. No other container is touched (never duplicated).
 */
export function metricsPatch(containers: Container[], port: number): Container[] {
  if (port === -1) return containers.filter((c) => c.name !== LIVENESS_CONTAINER);
  return containers.map((c) => {
    if (c.name !== LIVENESS_CONTAINER) return c;
    const out: Container = { ...c, args: c.args.map((a) => (a.startsWith("--metricsport=") ? `--metricsport=${port}` : a)) };
    if (c.ports) out.ports = c.ports.map((p) => (p.name === "http-metrics" ? { ...p, containerPort: port } : p));
    return out;
  });
}
