/**
 * Standalone fake Kubernetes API: `npm run fake-kube -- --kubeconfig FILE [--nodes N] [--port P]`.
 * Writes the kubeconfig, prints the URL, serves until killed (SIGINT/SIGTERM).
 */
import { parseArgs } from "node:util";
import { FakeKube } from "./server.ts";

const { values } = parseArgs({
  options: {
    kubeconfig: { type: "string" },
    nodes: { type: "string" },
    port: { type: "string" },
  },
});
if (!values.kubeconfig) {
  process.stderr.write("usage: fake-kube --kubeconfig FILE [--nodes N] [--port P]\n");
  process.exit(2);
}
const nodes = values.nodes === undefined ? 3 : Number(values.nodes);
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(nodes) || nodes < 0 || !Number.isInteger(port) || port < 0) {
  process.stderr.write("fake-kube: --nodes and --port take non-negative integers\n");
  process.exit(2);
}
const fk = await FakeKube.start({ kubeconfigPath: values.kubeconfig, nodes, port, tls: true });
process.stdout.write(`fake-kube listening on ${fk.url} (kubeconfig ${fk.kubeconfigPath}, ${nodes} nodes)\n`);
const shutdown = () => {
  fk.stop().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
