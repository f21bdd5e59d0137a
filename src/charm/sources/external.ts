/**
 * Ceph no Juju model manages: a Juju user secret named by the `ceph-external` option (granted to
 * this application). Read on every hook, with --refresh when a new revision was announced; the
 * pools the charm will use must exist, checked with this user's own key.
 */
import { type ExternalCeph, parseExternalSecret } from "../../ceph/external-secret.ts";
import { RBD_POOLS } from "../../ceph/names.ts";
import { problem } from "../../status/problem.ts";
import type { Draft } from "../draft.ts";
import { refreshesSecret } from "../events.ts";
import type { CephAccess, SourceOutcome } from "./access.ts";
import { wantedWorkloads } from "./ceph-csi.ts";

/** The secret's content as access; with RBD wanted, its pools must exist (`requiredPools`). */
export function secretAccess(x: ExternalCeph, rbd: boolean): CephAccess {
  const rbdPools = x.rbdPool !== undefined ? { xfs: x.rbdPool, ext4: x.rbdPool } : { ...RBD_POOLS };
  return {
    monitors: x.monitors,
    auth: "cephx",
    user: x.user,
    key: x.key,
    fsid: x.fsid,
    rbdPools,
    ...(x.cephfs !== undefined ? { filesystems: x.cephfs } : {}),
    requiredPools: rbd ? [...new Set([rbdPools.xfs, rbdPools.ext4])] : [],
  };
}

/** Juju's reason; when the secret is not granted (or was revoked), also the command that grants it. */
function unreadable(error: string, uri: string, app: string): string {
  return error === "permission denied" ? `${error} (juju grant-secret ${uri} ${app})` : error;
}

export function fromExternal(d: Draft, uri: string): SourceOutcome {
  const answer = d.obs.answers.secret;
  if (answer === undefined) {
    d.need({ kind: "secret-get", uri, refresh: refreshesSecret(d.obs.event, uri) });
    return { brokerFailed: false };
  }
  if (!answer.ok) {
    d.problems.push(problem("secretUnreadable", { reason: unreadable(answer.error, uri, d.obs.event.appName) }));
    return { brokerFailed: false };
  }
  const parsed = parseExternalSecret(answer.value);
  if (!parsed.ok) {
    d.problems.push(problem("secretInvalid", { why: parsed.error }));
    return { brokerFailed: false };
  }
  return { brokerFailed: false, access: secretAccess(parsed.value, wantedWorkloads(d.obs.config).includes("rbd")) };
}
