/**
 * What the charm asks of the Kubernetes API and what it answers, as data: the decision plans
 * these, the Kubernetes seam (src/kube) carries them out.
 */
import type { KubeObject } from "../manifests/types.ts";
import type { ObjectRef } from "./refs.ts";

/** Read the application's objects: one LIST per kind by label, then a GET for each ref not listed. */
export interface ReadRequest {
  /** Label selector of the LISTs. */
  selector: string;
  /** `optional`: an add-on's kind (a CRD); when the server does not serve it, it is reported absent. */
  kinds: readonly { apiVersion: string; kind: string; optional?: boolean }[];
  /** Objects to GET when the LISTs did not return them. */
  refs: readonly ObjectRef[];
  /** Namespace whose existence to check (GET), if any. */
  namespace?: string;
}

export interface ReadAnswer {
  listed: KubeObject[];
  /** Optional kinds the server does not serve. */
  absent?: string[];
  /** The objects found by GET (refs missing from `listed` that exist). */
  got: KubeObject[];
  /** Whether `namespace` exists (when asked). */
  namespaceExists?: boolean;
}

/**
 * One write. Every apply is server-side apply with force, as the application's field manager.
 * `temporary`: an object the charm makes only for a moment (verify-storage's claims): the
 * executor deletes it at the end whatever happens.
 */
export type KubeOp =
  | { op: "apply"; object: KubeObject; verb: "created" | "updated"; temporary?: boolean }
  | { op: "recreate"; object: KubeObject; why: string }
  | { op: "delete"; ref: ObjectRef; verb: "deleted" | "pruned" }
  | { op: "strip-annotations"; ref: ObjectRef; annotations: string[] }
  /** Take over the previous charm's field managers (see takeover.ts), then apply. */
  | { op: "adopt"; object: KubeObject; patch: JsonPatchOp[]; managers: string[] };

/** One operation of a JSON patch (RFC 6902) as the charm sends them. */
export interface JsonPatchOp {
  op: "replace" | "add" | "remove" | "test";
  path: string;
  value?: unknown;
}

/** A failed request, in words safe to show (no body, no token). */
/** "field is immutable" (FieldValueInvalid) or "updates to X are forbidden" (FieldValueForbidden), as the API server words them. */
export const IMMUTABLE_TEXT = /field is immutable|updates to [\w.]+ are forbidden/i;

export interface KubeFailure {
  message: string;
  /** HTTP status when the server answered. */
  code?: number;
  /** Kubernetes Status reason (NotFound, Invalid, ...). */
  reason?: string;
  /** The server refused to change a field that may not change (422, "field is immutable" / "updates to X are forbidden"). */
  immutable?: boolean;
}

export interface WriteAnswer {
  /** How many ops completed, in order. */
  done: number;
  /** The objects the server returned for completed applies, by op index. */
  results: Record<number, KubeObject>;
  /** The op at index `done` failed (nothing after it was tried). */
  failure?: KubeFailure;
  /**
   * Updates the server refused as changing an immutable field (op index, the server's words):
   * skipped, the ops after them were still tried (the decision re-creates these objects next).
   */
  refused?: { index: number; message: string }[];
}

/** What a server-side dry-run apply answered, per object asked (in order): what the server would store, or its refusal. */
export interface DryRunAnswer {
  results: ({ object: KubeObject } | { failure: KubeFailure })[];
}

/** What waiting for a phase saw: the last form of each object, and when it reached the phase. */
export interface WaitAnswer {
  objects: (KubeObject | undefined)[];
  /** Milliseconds from the start of the wait to the phase, per object (undefined: not reached). */
  reachedAfterMs: (number | undefined)[];
}

/** GET of a few objects (undefined: not found). */
export interface GetAnswer {
  objects: (KubeObject | undefined)[];
}

/** What came of an API step: an answer or the failure that stopped it. */
export type Answered<T> = { ok: true; value: T } | { ok: false; failure: KubeFailure };
