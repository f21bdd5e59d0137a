/**
 * Running the real kubectl against the fake API. A missing kubectl fails the test (it is a test
 * dependency: .ci/run installs Debian's kubernetes-client when kubectl is not on PATH).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class Kubectl {
  readonly home = mkdtempSync(join(tmpdir(), "fake-kube-kubectl-"));
  readonly kubeconfig: string;

  constructor(kubeconfig: string) {
    this.kubeconfig = kubeconfig;
  }

  /** Runs `kubectl --kubeconfig F ARGS` (stdin optional) with its own HOME and discovery cache. */
  run(args: string[], stdin?: string): Promise<KubectlResult> {
    return new Promise((resolve, reject) => {
      const env = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: this.home, KUBECACHEDIR: join(this.home, "cache") };
      const child = execFile("kubectl", ["--kubeconfig", this.kubeconfig, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
        const e = err as (Error & { code?: number | string }) | null;
        if (e && e.code === "ENOENT") {
          reject(new Error("kubectl is not on PATH: install it (Debian: apt-get install kubernetes-client); .ci/run does"));
          return;
        }
        resolve({ code: e ? Number(e.code ?? 1) : 0, stdout, stderr });
      });
      if (stdin !== undefined) child.stdin?.end(stdin);
      else child.stdin?.end();
    });
  }

  /** Runs and expects success; answers stdout. */
  async ok(args: string[], stdin?: string): Promise<string> {
    const r = await this.run(args, stdin);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed (${r.code}): ${r.stderr}`);
    return r.stdout;
  }

  cleanup(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}
