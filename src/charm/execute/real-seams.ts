/** The seams as a unit agent provides them: hook tools on PATH, the API from the kubeconfig, the host's ceph and apt. */

import { installCephCommon } from "../../host/apt.ts";
import { runCeph } from "../../host/ceph-process.ts";
import { privateTempDir, readSmallFile, removeDir, syncDir, writeSmallFile } from "../../host/files.ts";
import type { HookToolRunner } from "../../juju/runner.ts";
import { realClock } from "../../kube/perform.ts";
import type { Seams } from "./seams.ts";

export function realSeams(juju: HookToolRunner): Seams {
  return {
    juju,
    clock: realClock,
    // Loaded only by hooks that talk to the API (keeps @kubernetes/client-node out of the others).
    kube: async () => (await import("../../kube/index.ts")).connect()?.client,
    ceph: runCeph,
    host: { syncDir, removeDir, tempDir: privateTempDir, readFile: readSmallFile, writeFile: writeSmallFile, aptInstall: () => installCephCommon() },
  };
}
