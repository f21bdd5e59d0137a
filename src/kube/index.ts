/**
 * The charm's Kubernetes side. Import it dynamically (`await import("./kube/index.ts")`) so hooks
 * that need no API never load @kubernetes/client-node.
 */
export { analyze, type Analysis, readiness } from "./analyze.ts";
export { type ConvergeOptions, converge } from "./apply.ts";
export {
  type ConnectOptions,
  type ConnectResult,
  clientFor,
  connect,
  DEFAULT_KUBECONFIG,
  DEFAULT_TIMEOUT_MS,
  type KubeClient,
  KUBECONFIG_PROBLEM,
} from "./client.ts";
export { APPLIED_HASH, immutableChanges, matches, withHash } from "./compare.ts";
export { apiProblem, KubeError, safeText, toKubeError } from "./errors.ts";
export { MANAGED_KINDS, NEVER_DELETE } from "./kinds.ts";
export { type PurgeOptions, type PurgeReport, purge } from "./prune.ts";
export { describe, type ObjectRef, refOf } from "./refs.ts";
export { type Collision, type ConvergeReport, collisionProblem, counts, missingNamespaceProblem, summary } from "./report.ts";
export { type DeleteStorageClassResult, deleteStorageClass } from "./storage-class.ts";
