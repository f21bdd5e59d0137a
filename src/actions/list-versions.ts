/** list-versions: the Ceph CSI releases this charm can deploy, newest first. */
import type { ActionResult } from "../juju/actions.ts";
import { listReleases } from "../manifests/releases/index.ts";

export function listVersions(): ActionResult {
  const releases = listReleases().join("\n");
  return { "rbd-versions": releases, "cephfs-versions": releases, "config-versions": "v0" };
}
