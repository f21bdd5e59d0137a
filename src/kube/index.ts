/**
 * The Kubernetes seam. Import it dynamically (`await import("./kube/index.ts")`) so hooks that
 * need no API never load @kubernetes/client-node.
 */
export { type ConnectOptions, type ConnectResult, clientFor, connect, DEFAULT_KUBECONFIG, DEFAULT_TIMEOUT_MS, type KubeClient } from "./client.ts";
export { isKubeError, KubeError, toFailure, toKubeError } from "./errors.ts";
export { performGets, performRead, performWrites } from "./perform.ts";
