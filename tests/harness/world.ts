/**
 * A whole small world for scenario tests, the demo and the benchmark: the fake Juju hook
 * environment running the charm's real dispatch, the in-memory Kubernetes API, and a ceph-mon
 * simulator answering on ceph-client / ceph-admin — backed by a real Ceph cluster when one is
 * given, else by an in-memory backend plus a stand-in `ceph` CLI.
 *
 *   const w = await World.start({ units: 1 });
 *   await w.juju.deploy(1);
 *   await w.relateClient();          // relation + ceph-mon answers until nothing changes
 *   w.kube.cluster.all();             // what the charm applied
 *   await w.stop();
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { type CephBackend, DEFAULT_CLIENT_CAPS, realBackend, type SimulatedBackend, simulatedBackend } from "./ceph-mon-sim/index.ts";
import { type CephFilesystem, CharmWorld, type LiveObject } from "./charm-world.ts";
import { fsLs } from "./fake-ceph/memory.ts";
import { FakeJuju, type StartOptions } from "./fake-juju/fake-juju.ts";
import { FakeKube } from "./fake-kube/index.ts";

export type { CephFilesystem, LiveObject };
import type { RealCeph } from "./real-ceph/cluster.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, "../..");

/**
 * A unit's charm dir for the repository's charm: links to dispatch, metadata and the bundle,
 * so what the charm writes there (its private ceph-conf) stays out of the repository.
 */
export function linkedCharmDir(parent: string): string {
  const dir = join(parent, "charm");
  mkdirSync(dir);
  for (const name of ["dispatch", "metadata.yaml", "config.yaml", "actions.yaml", "hooks", "dist"]) {
    symlinkSync(join(REPO, name), join(dir, name));
  }
  return dir;
}
/** Recognizable keys (secret-hygiene tests): only the simulated backend lets us choose them. */
export function presetKeys(backend: CephBackend, app: string, o: WorldOptions): void {
  if (backend.kind !== "simulated") throw new Error("clientKey/adminKey need the simulated Ceph backend");
  const sim = backend as SimulatedBackend;
  if (o.clientKey !== undefined) sim.state.users.set(app, { key: o.clientKey, caps: { ...DEFAULT_CLIENT_CAPS } });
  if (o.adminKey !== undefined) {
    (sim as { adminKey: string }).adminKey = o.adminKey;
    const admin = sim.state.users.get("admin");
    if (admin) admin.key = o.adminKey;
  }
}

export const FAKE_CEPH_BIN = resolve(HERE, "fake-ceph/ceph");


export interface WorldOptions {
  app?: string;
  /** Charm directory (default: the repository, i.e. the bundle in dist/). */
  charmDir?: string;
  config?: StartOptions["config"];
  /** A real cluster; without one the ceph side is simulated. */
  ceph?: RealCeph;
  /** ceph-mon unit names (default ceph-mon/0..2); the first is the Ceph leader. */
  mons?: string[];
  /** Simulated mode: the filesystems `ceph fs ls` reports. */
  filesystems?: CephFilesystem[];
  /** Kubernetes nodes in the fake API (default 3). */
  nodes?: number;
  /** The fake API's Kubernetes version (default the fake's own, 1.33). */
  kubeVersion?: string;
  /** Another world's fake API: both applications talk to one cluster (this world does not stop it). */
  kube?: FakeKube;
  /** Serve the fake API over HTTPS with its own CA (default: plain http with insecure-skip-tls-verify). */
  kubeTls?: boolean;
  /** Extra hook environment. */
  env?: Record<string, string>;
  hookErrors?: "throw" | "return";
  /** ceph-mon's default-rbd-features. */
  rbdFeatures?: number;
  /** Simulated mode: the cephx secret ceph-mon hands out for the charm's user (default: random). */
  clientKey?: string;
  /** Simulated mode: the client.admin secret ceph-admin publishes (default: random). */
  adminKey?: string;
}

export class World extends CharmWorld {
  readonly juju: FakeJuju;
  readonly kube: FakeKube;
  readonly backend: CephBackend;
  /** Simulated mode: the stand-in CLI's state dir. */
  readonly fakeCephDir: string | undefined;
  readonly #tmp: string;
  readonly #sharedKube: boolean;

  private constructor(o: WorldOptions, juju: FakeJuju, kube: FakeKube, backend: CephBackend, tmp: string, fakeCephDir: string | undefined) {
    super(o);
    this.#sharedKube = o.kube !== undefined;
    this.juju = juju;
    this.kube = kube;
    this.backend = backend;
    this.#tmp = tmp;
    this.fakeCephDir = fakeCephDir;
  }

  static async start(o: WorldOptions = {}): Promise<World> {
    const tmp = mkdtempSync(join(tmpdir(), "ceph-csi-world-"));
    const kube =
      o.kube ??
      (await FakeKube.start({
        nodes: o.nodes ?? 3,
        kubeconfigPath: join(tmp, "kubeconfig"),
        ...(o.kubeVersion ? { kubeVersion: o.kubeVersion } : {}),
        ...(o.kubeTls ? { tls: true } : {}),
      }));
    const backend = o.ceph ? realBackend(o.ceph) : simulatedBackend({ fsid: "6c3e2b1a-a6f1-11ef-8f3e-00163e5b7c21" });
    if (o.clientKey !== undefined || o.adminKey !== undefined) presetKeys(backend, o.app ?? "ceph-csi", o);
    const env: Record<string, string> = { KUBECONFIG: kube.kubeconfigPath, CEPH_CSI_APT_GET: "/bin/true", ...o.env };
    let fakeCephDir: string | undefined;
    if (!o.ceph) {
      fakeCephDir = join(tmp, "fake-ceph");
      mkdirSync(fakeCephDir);
      writeFileSync(join(fakeCephDir, "fsid"), `${backend.fsid}\n`);
      env["CEPH_CSI_CEPH_BIN"] = FAKE_CEPH_BIN;
      env["FAKE_CEPH_DIR"] = fakeCephDir;
    }
    const juju = await FakeJuju.start({
      app: o.app ?? "ceph-csi",
      charmDir: o.charmDir ?? linkedCharmDir(tmp),
      ...(o.config ? { config: o.config } : {}),
      principal: { app: "kubernetes-control-plane", endpoint: "kubernetes" },
      env,
      hookErrors: o.hookErrors ?? "throw",
    });
    const w = new World(o, juju, kube, backend, tmp, fakeCephDir);
    w.setFilesystems(o.filesystems ?? []);
    return w;
  }

  async stop(): Promise<void> {
    await this.juju.stop();
    if (!this.#sharedKube) await this.kube.stop();
    rmSync(this.#tmp, { recursive: true, force: true });
  }

  /** Simulated mode: what `ceph fs ls` reports from now on. */
  setFilesystems(filesystems: CephFilesystem[]): void {
    if (!this.fakeCephDir) return;
    writeFileSync(join(this.fakeCephDir, "fs-ls.json"), fsLs(filesystems));
  }

  objects(kind: string): LiveObject[] {
    return this.kube.cluster.all().filter((o) => o["kind"] === kind) as unknown as LiveObject[];
  }
}
