/** Live objects for the pure planner tests: what the API server would hold after applying a desired object. */
import { answerPrint } from "../../../src/converge/answered.ts";
import { withHash } from "../../../src/converge/compare.ts";
import { type LiveState, liveState } from "../../../src/converge/live.ts";
import { normalized } from "../../../src/converge/normalize.ts";
import { keyOf } from "../../../src/converge/refs.ts";
import type { KubeObject } from "../../../src/manifests/types.ts";
import { APP, NS } from "../kube/fixtures.ts";

/**
 * `d` as applied by the charm and read back: the hash annotation, server metadata, Secret
 * stringData stored as base64 data, and a few server defaults.
 */
export function served(d: KubeObject, namespace = NS): KubeObject {
  const c = structuredClone(withHash(normalized(d, namespace)));
  c.metadata = {
    ...c.metadata,
    uid: `uid-${c.kind}-${c.metadata.name}`,
    resourceVersion: "7",
    creationTimestamp: "2026-01-01T00:00:00Z",
    managedFields: [{ manager: APP, operation: "Apply" }],
  };
  if (c.kind === "Secret") {
    const sd = (c["stringData"] ?? {}) as Record<string, string>;
    delete c["stringData"];
    c["data"] = Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, Buffer.from(v).toString("base64")]));
    c["type"] ??= "Opaque";
  }
  if (c.kind === "StorageClass") c["volumeBindingMode"] ??= "Immediate";
  if (c.kind === "CSIDriver") c["spec"] = { requiresRepublish: false, storageCapacity: false, volumeLifecycleModes: ["Persistent"], ...(c["spec"] as object) };
  if (c.kind === "Deployment" || c.kind === "DaemonSet") {
    c.metadata["generation"] = 1;
    c["status"] = { observedGeneration: 1 };
  }
  return c;
}

/** Another manager's change to a live object (kubectl edit). */
export function edited(live: KubeObject, change: (o: KubeObject) => void): KubeObject {
  const c = structuredClone(live);
  change(c);
  return c;
}

/**
 * A live state as one read gives it: `owned` are the objects the label LISTs returned (labelled
 * for the application), `others` the desired names found by GET (another owner, or none).
 */
export function live(owned: readonly KubeObject[], others: readonly KubeObject[] = [], namespaceExists = true): LiveState {
  return liveState({ listed: [...owned], got: [...others], namespaceExists });
}

/** The live state after the charm applied `desired` (nothing else there). */
export function appliedState(desired: readonly KubeObject[], namespace = NS): LiveState {
  return live(desired.filter((d) => d.kind !== "Namespace").map((d) => served(d, namespace)));
}

/**
 * The fingerprints the charm keeps after applying `desired` and reading the server's answers
 * (`served`): what converge/answered.ts compares live objects with.
 */
export function recorded(desired: readonly KubeObject[], namespace = NS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of desired) {
    if (d.kind === "Namespace") continue;
    const sent = withHash(normalized(d, namespace));
    out[keyOf(sent)] = answerPrint(sent, served(d, namespace));
  }
  return out;
}
