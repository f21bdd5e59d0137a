/** `npm run fake-kube`: the standalone server, its flags, and stock clients against it. */
import assert from "node:assert/strict";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import YAML from "yaml";
import { Kubectl } from "./kubectl-support.ts";
import { httpsGet } from "./support.ts";

const SCRIPT = "tests/harness/fake-kube/standalone.ts";

interface Running {
  child: ChildProcess;
  kubeconfig: string;
  banner: string;
  stop(): Promise<void>;
}

async function start(args: string[]): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), "fake-kube-sa-"));
  const kubeconfig = join(dir, "kubeconfig");
  const child = spawn(process.execPath, [SCRIPT, "--kubeconfig", kubeconfig, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const banner = await new Promise<string>((resolve, reject) => {
    let err = "";
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.stdout.on("data", (d: Buffer) => {
      if (d.toString().includes("listening")) resolve(d.toString());
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  return {
    child,
    kubeconfig,
    banner,
    stop: async () => {
      const exited = new Promise((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function runScript(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, ...args], (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as Error & { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("fake-kube standalone", function () {
  this.timeout(60_000);

  it("--help names every flag; bad flags exit 2 with the usage", async () => {
    const help = await runScript(["--help"]);
    assert.equal(help.code, 0);
    for (const flag of ["--kubeconfig", "--port", "--nodes", "--http", "--snapshot-api", "--provisioner MODE", "--driver", "--provisioner-delay", "--refusal"]) {
      assert.ok(help.stdout.includes(flag), flag);
    }
    const bad = await runScript(["--kubeconfig", "/tmp/x", "--provisioner", "maybe"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--provisioner takes "bind" or "refuse"/);
    assert.equal((await runScript([])).code, 2, "--kubeconfig is required");
  });

  it("serves HTTPS by default with the CA in the kubeconfig, until killed", async () => {
    const s = await start(["--nodes", "2"]);
    try {
      assert.ok(existsSync(s.kubeconfig));
      const kc = YAML.parse(readFileSync(s.kubeconfig, "utf8"));
      const cluster = kc.clusters[0].cluster;
      assert.match(cluster.server, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(cluster["insecure-skip-tls-verify"], undefined);
      const ca = Buffer.from(cluster["certificate-authority-data"], "base64").toString();
      assert.equal((await httpsGet(`${cluster.server}/api/v1/nodes`, ca, kc.users[0].user.token)).items.length, 2);
    } finally {
      await s.stop();
    }
  });

  it("--snapshot-api --provisioner refuse: kubectl sees the snapshot classes and a Pending claim's ProvisioningFailed event", async () => {
    const s = await start(["--snapshot-api", "--provisioner", "refuse", "--refusal", "rpc error: code = Internal desc = no pool"]);
    const kubectl = new Kubectl(s.kubeconfig);
    try {
      assert.match(s.banner, /snapshot API, provisioner: refuse/);
      const objects = [
        "apiVersion: snapshot.storage.k8s.io/v1\nkind: VolumeSnapshotClass\nmetadata: {name: rbd-snap}\ndriver: rbd.csi.ceph.com\ndeletionPolicy: Delete\n",
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: rbd}\nprovisioner: rbd.csi.ceph.com\n",
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: probe, namespace: default}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}, storageClassName: rbd}\n",
      ].join("---\n");
      await kubectl.ok(["apply", "--server-side", "-f", "-"], objects);
      assert.match(await kubectl.ok(["get", "volumesnapshotclass"]), /^rbd-snap\s+rbd\.csi\.ceph\.com\s+Delete\s/m);
      assert.equal(await kubectl.ok(["get", "pvc", "probe", "-o", "jsonpath={.status.phase}"]), "Pending");
      const events = await kubectl.ok(["get", "events", "-n", "default", "--field-selector", "involvedObject.name=probe,involvedObject.kind=PersistentVolumeClaim,type=Warning"]);
      assert.match(events, /Warning\s+ProvisioningFailed\s+persistentvolumeclaim\/probe\s+failed to provision volume with StorageClass "rbd": rpc error: code = Internal desc = no pool/);
    } finally {
      kubectl.cleanup();
      await s.stop();
    }
  });

  it("--provisioner bind --driver --provisioner-delay: a claim of another driver's class is Bound after the delay", async () => {
    const s = await start(["--provisioner", "bind", "--driver", "example.csi", "--provisioner-delay", "200"]);
    const kubectl = new Kubectl(s.kubeconfig);
    try {
      const objects = [
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: ex}\nprovisioner: example.csi\n",
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: default}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 2Gi}}, storageClassName: ex}\n",
      ].join("---\n");
      await kubectl.ok(["apply", "--server-side", "-f", "-"], objects);
      let phase = "";
      for (let i = 0; i < 50 && phase !== "Bound"; i++) {
        phase = await kubectl.ok(["get", "pvc", "data", "-o", "jsonpath={.status.phase}"]);
        if (phase !== "Bound") await sleep(100);
      }
      assert.equal(phase, "Bound");
      assert.match(await kubectl.ok(["get", "pv"]), /2Gi\s+RWO\s+Delete\s+Bound\s+default\/data\s+ex\s/);
    } finally {
      kubectl.cleanup();
      await s.stop();
    }
  });
});
