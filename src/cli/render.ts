/**
 * `render --config config.yaml --cluster cluster.yaml [--release vX.Y.Z] [--app NAME] [--snapshot-api] [--include-secrets]`
 * prints, as multi-document YAML, the objects the charm would apply. Bad input: a message
 * naming the field on stderr and exit code 2. Keys are redacted unless --include-secrets.
 * VolumeSnapshotClasses only with --snapshot-api: the charm makes them only on a cluster that
 * serves snapshot.storage.k8s.io/v1, and a cluster without it refuses them.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parse, stringify } from "yaml";
import { parseConfig } from "../config/parse.ts";
import { render } from "../manifests/render.ts";
import type { KubeObject } from "../manifests/types.ts";
import { parseClusterInput } from "./cluster-input.ts";

export const USAGE =
  "usage: render --config config.yaml --cluster cluster.yaml [--release vX.Y.Z] [--app NAME] [--snapshot-api] [--include-secrets]";
export const REDACTED = "<redacted: pass --include-secrets>";

class InputError extends Error {}

function readYaml(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(`--${what} ${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  try {
    return parse(text) ?? {};
  } catch (e) {
    throw new InputError(`--${what} ${path}: not valid YAML (${(e as Error).message.split("\n")[0]})`);
  }
}

function redactSecrets(objects: KubeObject[]): KubeObject[] {
  return objects.map((o) => {
    if (o.kind !== "Secret") return o;
    const data = { ...(o["stringData"] as Record<string, string>) };
    for (const k of Object.keys(data)) if (/key/i.test(k)) data[k] = REDACTED;
    return { ...o, stringData: data };
  });
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const processIo: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

export function main(argv: string[], io: Io = processIo): number {
  try {
    let args: ReturnType<typeof parseOptions>;
    try {
      args = parseOptions(argv);
    } catch (e) {
      throw new InputError((e as Error).message);
    }
    if (args.help) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    if (!args.config) throw new InputError("--config is required");
    if (!args.cluster) throw new InputError("--cluster is required");

    const rawConfig = readYaml(args.config, "config");
    if (typeof rawConfig !== "object" || rawConfig === null || Array.isArray(rawConfig)) {
      throw new InputError(`--config ${args.config}: must be a map of option: value`);
    }
    const configInput = { ...(rawConfig as Record<string, unknown>) };
    if (args.release !== undefined) configInput["release"] = args.release;
    const config = parseConfig(configInput);
    if (!config.ok) throw new InputError(`--config ${args.config}: ${config.error.text}`);

    const cluster = parseClusterInput(readYaml(args.cluster, "cluster"));
    if (!cluster.ok) throw new InputError(`--cluster ${args.cluster}: ${cluster.error}`);

    const result = render({
      app: args.app ?? "ceph-csi",
      config: config.value,
      cluster: cluster.value.cluster,
      kubeletDir: cluster.value.kubeletDir ?? "/var/lib/kubelet",
    });
    if (!result.ok) throw new InputError(`${result.error.status}: ${result.error.text}`);
    for (const w of result.value.notes) io.err(`warning: ${w.text}\n`);
    const served = args["snapshot-api"] ? result.value.objects : result.value.objects.filter((o) => o.kind !== "VolumeSnapshotClass");
    const objects = args["include-secrets"] ? served : redactSecrets(served);
    io.out(objects.map((o) => stringify(o, { lineWidth: 0 })).join("---\n"));
    return 0;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    io.err(`render: ${e.message}\n${USAGE}\n`);
    return 2;
  }
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      config: { type: "string" },
      cluster: { type: "string" },
      release: { type: "string" },
      app: { type: "string" },
      "include-secrets": { type: "boolean", default: false },
      "snapshot-api": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  }).values;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = main(process.argv.slice(2));
}
