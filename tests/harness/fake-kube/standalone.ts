/**
 * Standalone fake Kubernetes API: `npm run fake-kube -- --kubeconfig FILE [options]` (see USAGE).
 * Writes the kubeconfig, prints the URL, serves until killed (SIGINT/SIGTERM).
 */
import { parseArgs } from "node:util";
import { DEFAULT_DRIVERS, DEFAULT_REFUSAL, type ProvisionerOptions } from "./provisioner.ts";
import { FakeKube } from "./server.ts";
import { DEFAULT_KUBE_VERSION, NEWEST_MINOR, OLDEST_MINOR, parseKubeVersion } from "./versions.ts";

const USAGE = `usage: npm run fake-kube -- --kubeconfig FILE [options]

Serves an in-memory Kubernetes API on 127.0.0.1 over HTTPS with a CA of its own, and writes a
kubeconfig (certificate-authority-data + bearer token) that kubectl, client-go and lightkube use.

options:
  --kubeconfig FILE          where to write the kubeconfig (required)
  --port P                   port to listen on (default: a free one)
  --nodes N                  number of nodes (default 3)
  --kube-version V           Kubernetes version served, 1.${OLDEST_MINOR} to 1.${NEWEST_MINOR} (default ${DEFAULT_KUBE_VERSION}); 1.26
                             behaves like the captured v1.26.1 server (drops CSIDriver spec.seLinuxMount)
  --workloads MODE           "ready" (default: Deployments and DaemonSets report available replicas)
                             or "pending" (they report what a cluster without nodes shows, until
                             POST /fake-kube/workloads-ready)
                             POST /fake-kube/finish-namespace-deletion[?name=NS] finishes deleting
                             Terminating namespaces (a DELETE leaves them Terminating)
  --http                     plain http instead of HTTPS (kubectl will not send the token over it)
  --snapshot-api             serve snapshot.storage.k8s.io/v1 (VolumeSnapshotClass, VolumeSnapshot,
                             VolumeSnapshotContent), as if the external-snapshotter CRDs were installed
  --provisioner MODE         run the provisioner stand-in: "bind" (claims of classes whose
                             provisioner is a served driver get a PersistentVolume and are Bound) or
                             "refuse" (they stay Pending with a ProvisioningFailed Warning event)
  --driver NAME              one more driver to provision for (repeatable; always served:
                             ${DEFAULT_DRIVERS.join(", ")})
  --provisioner-delay MS     bind (or refuse) this long after the claim is created (default 0)
  --refusal MESSAGE          the rpc error of a refusal (default: "${DEFAULT_REFUSAL}")
  -h, --help                 this text
`;

function fail(message: string): never {
  process.stderr.write(`fake-kube: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let values: ReturnType<typeof parse>["values"];
function parse() {
  return parseArgs({
    options: {
      kubeconfig: { type: "string" },
      nodes: { type: "string" },
      "kube-version": { type: "string" },
      workloads: { type: "string" },
      port: { type: "string" },
      http: { type: "boolean" },
      "snapshot-api": { type: "boolean" },
      provisioner: { type: "string" },
      driver: { type: "string", multiple: true },
      "provisioner-delay": { type: "string" },
      refusal: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
try {
  values = parse().values;
} catch (e) {
  fail((e as Error).message);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (!values.kubeconfig) fail("--kubeconfig is required");
const nonNegative = (flag: string, v: string | undefined, dflt: number): number => {
  const n = v === undefined ? dflt : Number(v);
  if (!Number.isInteger(n) || n < 0) fail(`--${flag} takes a non-negative integer`);
  return n;
};
const nodes = nonNegative("nodes", values.nodes, 3);
const port = nonNegative("port", values.port, 0);
const delayMs = nonNegative("provisioner-delay", values["provisioner-delay"], 0);
const kubeVersion = values["kube-version"] ?? DEFAULT_KUBE_VERSION;
try {
  parseKubeVersion(kubeVersion);
} catch (e) {
  fail((e as Error).message);
}
const workloads = values.workloads ?? "ready";
if (workloads !== "ready" && workloads !== "pending") fail('--workloads takes "ready" or "pending"');
const mode = values.provisioner;
if (mode !== undefined && mode !== "bind" && mode !== "refuse") fail('--provisioner takes "bind" or "refuse"');
if (mode === undefined && (values.driver || values["provisioner-delay"] || values.refusal)) fail("--driver, --provisioner-delay and --refusal need --provisioner");
const provisioner: ProvisionerOptions | undefined =
  mode === undefined
    ? undefined
    : { drivers: values.driver ?? [], delayMs, refuse: mode === "refuse" ? (values.refusal === undefined ? true : { message: values.refusal }) : false };

const fk = await FakeKube.start({
  kubeconfigPath: values.kubeconfig,
  nodes,
  port,
  kubeVersion,
  workloads,
  tls: !values.http,
  snapshotApi: values["snapshot-api"] === true,
  ...(provisioner ? { provisioner } : {}),
});
const extras = [fk.snapshotApi ? "snapshot API" : "", provisioner ? `provisioner: ${mode} (${fk.provisioner?.drivers.join(", ")})` : ""].filter((x) => x);
process.stdout.write(`fake-kube listening on ${fk.url} (kubeconfig ${fk.kubeconfigPath}, Kubernetes ${fk.cluster.version.gitVersion}, workloads ${workloads}, ${nodes} nodes${extras.length ? `, ${extras.join(", ")}` : ""})\n`);
const shutdown = () => {
  fk.stop().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
