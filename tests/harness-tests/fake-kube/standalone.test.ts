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
    for (const flag of ["--kubeconfig", "--port", "--nodes", "--kube-version", "--workloads", "--http", "--snapshot-api", "--provisioner MODE", "--driver", "--provisioner-delay", "--refusal"]) {
      assert.ok(help.stdout.includes(flag), flag);
    }
    const bad = await runScript(["--kubeconfig", "/tmp/x", "--provisioner", "maybe"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--provisioner takes "bind" or "refuse"/);
    assert.equal((await runScript([])).code, 2, "--kubeconfig is required");
    const old = await runScript(["--kubeconfig", "/tmp/x", "--kube-version", "1.20"]);
    assert.equal(old.code, 2);
    assert.match(old.stderr, /unsupported Kubernetes version "1\.20"/);
    assert.match((await runScript(["--kubeconfig", "/tmp/x", "--workloads", "soon"])).stderr, /--workloads takes "ready" or "pending"/);
  });

  it("--kube-version 1.26 --workloads pending: drops seLinuxMount, workloads wait until POST /fake-kube/workloads-ready, namespaces stay Terminating until finished", async () => {
    const s = await start(["--http", "--kube-version", "1.26", "--workloads", "pending"]);
    try {
      assert.match(s.banner, /Kubernetes v1\.26\.1, workloads pending/);
      const kc = YAML.parse(readFileSync(s.kubeconfig, "utf8"));
      const server: string = kc.clusters[0].cluster.server;
      const req = async (method: string, path: string, body?: unknown, contentType = "application/json") => {
        const res = await fetch(`${server}${path}`, {
          method,
          headers: { Authorization: `Bearer ${kc.users[0].user.token}`, ...(body === undefined ? {} : { "Content-Type": contentType }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: res.status, body: JSON.parse(await res.text()) };
      };
      assert.equal((await req("GET", "/version")).body.minor, "26");
      const drv = { apiVersion: "storage.k8s.io/v1", kind: "CSIDriver", metadata: { name: "d.example.com" }, spec: { attachRequired: true, seLinuxMount: true } };
      const created = await req("PATCH", "/apis/storage.k8s.io/v1/csidrivers/d.example.com?fieldManager=t&force=true", drv, "application/apply-patch+yaml");
      assert.equal(created.status, 201);
      assert.equal(created.body.spec.seLinuxMount, undefined, "dropped on 1.26");
      const labels = { app: "p" };
      const dep = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "p", namespace: "default" },
        spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: "c", image: "example/c:1" }] } } },
      };
      const path = "/apis/apps/v1/namespaces/default/deployments/p";
      assert.deepEqual((await req("PATCH", `${path}?fieldManager=t`, dep, "application/apply-patch+yaml")).body.status, {});
      const pending = (await req("GET", path)).body.status;
      assert.deepEqual([pending.unavailableReplicas, pending.availableReplicas, pending.conditions[0].reason], [2, undefined, "MinimumReplicasUnavailable"]);
      assert.equal((await req("POST", "/fake-kube/workloads-ready")).status, 200);
      assert.equal((await req("GET", path)).body.status.availableReplicas, 2);
      await req("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "gone" } });
      assert.equal((await req("DELETE", "/api/v1/namespaces/gone")).body.status.phase, "Terminating");
      assert.equal((await req("POST", "/api/v1/namespaces/gone/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } })).status, 403);
      assert.deepEqual((await req("POST", "/fake-kube/finish-namespace-deletion?name=gone")).body, { deleted: ["gone"] });
      assert.equal((await req("GET", "/api/v1/namespaces/gone")).status, 404);
    } finally {
      await s.stop();
    }
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
