/** The hook process environment, built from scratch like Juju's (contract §2): no HOME, no USER. */
import { dirname } from "node:path";
import type { ModelState, RelationState } from "./model.ts";

export interface EnvSpec {
  model: ModelState;
  unit: string;
  principal: string;
  machineId: string;
  charmDir: string;
  contextId: string;
  socketPath: string;
  toolsDir: string;
  jujuVersion: string;
  hookName: string;
  dispatchPath: string;
  relation?: RelationState | undefined;
  remoteUnit?: string | undefined;
  departingUnit?: string | undefined;
  action?: { name: string; id: string } | undefined;
  /** Secret hooks: the secret's URI and the consumer's label ("" when none). */
  secret?: { uri: string; label: string } | undefined;
  extra: Record<string, string>;
}

export function hookEnv(s: EnvSpec): Record<string, string> {
  const env: Record<string, string> = {
    CHARM_DIR: s.charmDir,
    JUJU_CHARM_DIR: s.charmDir,
    JUJU_CONTEXT_ID: s.contextId,
    JUJU_HOOK_NAME: s.hookName,
    JUJU_DISPATCH_PATH: s.dispatchPath,
    JUJU_AGENT_SOCKET_ADDRESS: s.socketPath,
    JUJU_AGENT_SOCKET_NETWORK: "unix",
    JUJU_UNIT_NAME: s.unit,
    JUJU_MODEL_UUID: s.model.modelUuid,
    JUJU_MODEL_NAME: s.model.modelName,
    JUJU_API_ADDRESSES: "10.0.0.1:17070",
    JUJU_MACHINE_ID: s.machineId,
    JUJU_PRINCIPAL_UNIT: s.principal,
    JUJU_AVAILABILITY_ZONE: "",
    JUJU_VERSION: s.jujuVersion,
    CLOUD_API_VERSION: "",
    JUJU_CHARM_HTTP_PROXY: "",
    JUJU_CHARM_HTTPS_PROXY: "",
    JUJU_CHARM_FTP_PROXY: "",
    JUJU_CHARM_NO_PROXY: "",
    JUJU_SLA: "unsupported",
    PATH: [s.toolsDir, dirname(process.execPath), "/usr/sbin", "/usr/bin", "/sbin", "/bin"].join(":"),
    APT_LISTCHANGES_FRONTEND: "none",
    DEBIAN_FRONTEND: "noninteractive",
    LANG: "C.UTF-8",
    TERM: "tmux-256color",
  };
  if (s.relation) {
    env["JUJU_RELATION"] = s.relation.endpoint;
    env["JUJU_RELATION_ID"] = `${s.relation.endpoint}:${s.relation.id}`;
    env["JUJU_REMOTE_APP"] = s.relation.remoteApp;
    env["JUJU_REMOTE_UNIT"] = s.remoteUnit ?? "";
    if (s.departingUnit !== undefined) env["JUJU_DEPARTING_UNIT"] = s.departingUnit;
  }
  if (s.action) {
    env["JUJU_ACTION_NAME"] = s.action.name;
    env["JUJU_ACTION_UUID"] = s.action.id;
    env["JUJU_ACTION_TAG"] = `action-${s.action.id}`;
  }
  if (s.secret) {
    // secret-changed carries no JUJU_SECRET_REVISION (Juju sets it only when > 0, for -remove/-expired)
    env["JUJU_SECRET_ID"] = s.secret.uri;
    env["JUJU_SECRET_LABEL"] = s.secret.label;
  }
  return { ...env, ...s.extra };
}
