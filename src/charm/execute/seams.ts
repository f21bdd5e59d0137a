/**
 * The four seams: the only ways the charm touches the world. The executor gets them as one
 * object, so tests can run the real executor and decision with the seams faked in memory.
 */
import type { CephOutcome } from "../../ceph/commands.ts";
import type { DirSpec } from "../../ceph/conf-files.ts";
import type { CephRun } from "../../host/ceph-process.ts";
import type { HookToolRunner } from "../../juju/runner.ts";
import type { KubeClient } from "../../kube/client.ts";
import type { Clock } from "../../kube/perform.ts";
import type { Result } from "../../result.ts";

export interface HostSeam {
  /** Make a private directory hold exactly the spec's files; the error is an errno code. */
  syncDir(spec: DirSpec): Promise<Result<{ changed: boolean }, string>>;
  removeDir(dir: string): Promise<void>;
  /** A new private temporary directory. */
  tempDir(prefix: string): Promise<string>;
  /** A small private file's content; undefined when it is missing or unreadable. */
  readFile(path: string): Promise<string | undefined>;
  /** Writes a small private (0600) file, or removes it (undefined); failures are ignored. */
  writeFile(path: string, content: string | undefined): Promise<void>;
  /** Install ceph-common; the error is a one-line detail. */
  aptInstall(): Promise<Result<void, string>>;
}

export interface Seams {
  juju: HookToolRunner;
  /** Time, for the steps that wait (verify-storage). */
  clock: Clock;
  /** A Kubernetes client, loaded and configured only when a hook needs the API; undefined without kubeconfig. */
  kube(): Promise<KubeClient | undefined>;
  /** Run the ceph CLI. */
  ceph(run: CephRun): Promise<CephOutcome>;
  host: HostSeam;
}
