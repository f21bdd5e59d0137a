/**
 * A real single-node Ceph (Pacific, Debian packages) on 127.0.0.1 inside /tmp/cc-XXXXXX,
 * without systemd: 1 mon, 1 mgr, 1 memstore OSD and optionally 1 MDS. Ready in ~5 s.
 *
 *   const ceph = await startCeph({ mds: true });
 *   await ceph.admin(["osd", "pool", "ls"]);
 *   await ceph.stop();            // kills exactly its own daemons, removes the directory
 *
 * Missing ceph binaries → startCeph throws (tests fail, never skip).
 */
import { randomUUID } from "node:crypto";
import { accessSync, constants, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import { clusterConf } from "./conf.ts";
import { killDaemonsSync, stopCluster } from "./daemons.ts";
import { type MonPorts, pickMonPorts } from "./ports.ts";

export const REQUIRED_BINARIES = [
  "ceph",
  "rbd",
  "ceph-mon",
  "ceph-mgr",
  "ceph-osd",
  "ceph-mds",
  "ceph-authtool",
  "monmaptool",
] as const;

export interface StartCephOptions {
  /** Start an MDS (needed for CephFS). Default false. */
  mds?: boolean;
  /** Mon ports; default 3300/6789 when free, else a random free pair. */
  ports?: MonPorts;
  /** Whole start budget; default 120 s. */
  timeoutMs?: number;
}

export interface RealCeph {
  dir: string;
  /** The cluster's ceph.conf (admin use only: the charm never sees it). */
  conf: string;
  fsid: string;
  /** `[v2:127.0.0.1:P2,v1:127.0.0.1:P1]` */
  monHost: string;
  ports: MonPorts;
  /** The address a ceph-mon unit would publish: "127.0.0.1" on default ports, else "127.0.0.1:<v2>". */
  publicAddress: string;
  /** client.admin secret. */
  adminKey: string;
  /** Run `ceph` as client.admin with this cluster's conf; throws on failure. */
  admin(args: readonly string[], opts?: { timeoutMs?: number }): Promise<string>;
  /** Run `rbd` as client.admin; throws on failure. */
  rbd(args: readonly string[]): Promise<string>;
  stop(): Promise<void>;
}

const IP = "127.0.0.1";
const live = new Set<string>();
let exitHook = false;

function onPath(bin: string): boolean {
  for (const d of (process.env["PATH"] ?? "").split(delimiter)) {
    try {
      accessSync(join(d, bin), constants.X_OK);
      return true;
    } catch {
      // next
    }
  }
  return false;
}

export function missingCephBinaries(): string[] {
  return REQUIRED_BINARIES.filter((b) => !onPath(b));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function registerExitHook(): void {
  if (exitHook) return;
  exitHook = true;
  process.on("exit", () => {
    for (const dir of live) killDaemonsSync(dir);
  });
}

/**
 * A command's timeout: its own, cut to what is left of the start's deadline while the cluster
 * starts (at least 1 s), never after.
 */
export function commandTimeout(ownMs: number, startDeadline: number | undefined, now: number): number {
  return startDeadline === undefined ? ownMs : Math.max(1000, Math.min(ownMs, startDeadline - now));
}

export async function startCeph(options: StartCephOptions = {}): Promise<RealCeph> {
  const missing = missingCephBinaries();
  if (missing.length > 0) {
    throw new Error(
      `Ceph binaries missing: ${missing.join(", ")} (apt-get install ceph-mon ceph-mgr ceph-osd ceph-mds ceph-common)`,
    );
  }
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const ports = options.ports ?? (await pickMonPorts());
  const W = mkdtempSync("/tmp/cc-");
  if (W.length > 60) throw new Error(`cluster dir too long for admin sockets: ${W}`);
  registerExitHook();
  live.add(W);
  for (const d of ["run", "log", "crash", "mon/ceph-a", "mgr/ceph-x", "osd", "mds/ceph-a", "tmp"]) {
    mkdirSync(join(W, d), { recursive: true });
  }
  writeFileSync(join(W, ".ceph-local-cluster"), `ceph-csi test cluster ${new Date().toISOString()}\n`);
  const conf = join(W, "ceph.conf");
  const fsid = randomUUID();
  const monHost = `[v2:${IP}:${ports.v2},v1:${IP}:${ports.v1}]`;
  writeFileSync(conf, clusterConf({ dir: W, fsid, monHost, ip: IP, osdBytes: 1 << 30 }));

  // The start's deadline bounds the commands of the start only: once the cluster is up, each
  // command has its own timeout (a test file on a busy machine outlives any start deadline).
  let starting = true;
  const sh = async (bin: string, args: readonly string[], timeoutMs = 60_000): Promise<string> => {
    const timeout = commandTimeout(timeoutMs, starting ? deadline : undefined, Date.now());
    const r = await execa(bin, args, {
      reject: false,
      timeout,
      stdin: "ignore",
      env: { CEPH_CONF: conf, CEPH_ARGS: "" },
      encoding: "utf8",
    });
    if (r.failed) {
      const what = r.timedOut ? `timed out after ${timeout} ms` : `exit ${r.exitCode}: ${String(r.stderr).trim().split("\n").slice(-3).join(" | ")}`;
      throw new Error(`${bin} ${args.slice(0, 4).join(" ")} failed (${what})`);
    }
    return String(r.stdout);
  };
  const admin = (args: readonly string[], o?: { timeoutMs?: number }) => sh("ceph", ["-c", conf, ...args], o?.timeoutMs);
  const rbd = (args: readonly string[]) => sh("rbd", ["-c", conf, ...args]);
  const stop = async () => {
    live.delete(W);
    await stopCluster(W);
  };

  try {
    const monKeyring = join(W, "tmp/mon.keyring");
    const adminKeyring = join(W, "ceph.client.admin.keyring");
    const bootKeyring = join(W, "ceph.client.bootstrap-osd.keyring");
    await sh("ceph-authtool", ["--create-keyring", monKeyring, "--gen-key", "-n", "mon.", "--cap", "mon", "allow *"]);
    await sh("ceph-authtool", [
      "--create-keyring", adminKeyring, "--gen-key", "-n", "client.admin",
      "--cap", "mon", "allow *", "--cap", "osd", "allow *", "--cap", "mds", "allow *", "--cap", "mgr", "allow *",
    ]);
    await sh("ceph-authtool", [
      "--create-keyring", bootKeyring, "--gen-key", "-n", "client.bootstrap-osd",
      "--cap", "mon", "profile bootstrap-osd", "--cap", "mgr", "allow r",
    ]);
    await sh("ceph-authtool", [monKeyring, "--import-keyring", adminKeyring]);
    await sh("ceph-authtool", [monKeyring, "--import-keyring", bootKeyring]);
    await sh("monmaptool", ["--create", "--fsid", fsid, "--addv", "a", monHost, join(W, "tmp/monmap")]);
    await sh("ceph-mon", ["-c", conf, "--mkfs", "-i", "a", "--monmap", join(W, "tmp/monmap"), "--keyring", monKeyring]);
    await sh("ceph-mon", ["-c", conf, "-i", "a"]);
    for (;;) {
      try {
        await admin(["--connect-timeout", "5", "mon", "stat"], { timeoutMs: 10_000 });
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await sleep(200);
      }
    }
    await admin(["config", "set", "mgr", "mgr/devicehealth/enable_monitoring", "false", "--force"]);
    await admin([
      "auth", "get-or-create", "mgr.x", "mon", "allow profile mgr", "osd", "allow *", "mds", "allow *",
      "-o", join(W, "mgr/ceph-x/keyring"),
    ]);
    await sh("ceph-mgr", ["-c", conf, "-i", "x"]);

    const osdUuid = randomUUID();
    const secret = (await sh("ceph-authtool", ["--gen-print-key"])).trim();
    const newJson = join(W, "tmp/osd-new.json");
    writeFileSync(newJson, JSON.stringify({ cephx_secret: secret }));
    const id = (await admin(["--name", "client.bootstrap-osd", "osd", "new", osdUuid, "-i", newJson])).trim();
    const osdDir = join(W, `osd/ceph-${id}`);
    mkdirSync(osdDir, { recursive: true });
    writeFileSync(join(osdDir, "keyring"), `[osd.${id}]\n\tkey = ${secret}\n`, { mode: 0o600 });
    await sh("ceph-osd", ["-c", conf, "-i", id, "--mkfs", "--osd-uuid", osdUuid]);
    const starts = [sh("ceph-osd", ["-c", conf, "-i", id])];
    if (options.mds) {
      await admin([
        "auth", "get-or-create", "mds.a", "mon", "allow profile mds", "osd", "allow rw tag cephfs *=*",
        "mds", "allow", "mgr", "allow profile mds", "-o", join(W, "mds/ceph-a/keyring"),
      ]);
      starts.push(sh("ceph-mds", ["-c", conf, "-i", "a"]));
    }
    await Promise.all(starts);
    await waitHealthy(admin, options.mds ? 1 : 0, deadline);
    const adminKey = (await sh("ceph-authtool", ["-p", "-n", "client.admin", adminKeyring])).trim();
    starting = false;
    const defaultPorts = ports.v2 === 3300 && ports.v1 === 6789;
    return {
      dir: W,
      conf,
      fsid,
      monHost,
      ports,
      publicAddress: defaultPorts ? IP : `${IP}:${ports.v2}`,
      adminKey,
      admin,
      rbd,
      stop,
    };
  } catch (e) {
    live.delete(W);
    await stopCluster(W, process.env["CEPH_KEEP_ON_FAILURE"] === "1");
    throw e;
  }
}

interface Status {
  health?: { status?: string };
  osdmap?: { num_osds?: number; num_up_osds?: number; num_in_osds?: number; osdmap?: Status["osdmap"] };
  mgrmap?: { available?: boolean };
  pgmap?: { pgs_by_state?: { state_name: string }[] };
  fsmap?: { "up:standby"?: number; by_rank?: unknown[] };
}

/** HEALTH_OK/WARN, the OSD up+in, mgr available, PGs clean, MDS registered; then mgr modules answer. */
async function waitHealthy(
  admin: (a: readonly string[], o?: { timeoutMs?: number }) => Promise<string>,
  wantMds: number,
  deadline: number,
): Promise<void> {
  let last = "no status";
  for (;;) {
    try {
      const s = JSON.parse(await admin(["--connect-timeout", "10", "-s", "-f", "json"], { timeoutMs: 15_000 })) as Status;
      const o = s.osdmap?.osdmap ?? s.osdmap ?? {};
      const mds = (s.fsmap?.["up:standby"] ?? 0) + (s.fsmap?.by_rank?.length ?? 0);
      const clean = (s.pgmap?.pgs_by_state ?? []).every((p) => p.state_name === "active+clean");
      const h = s.health?.status;
      last = `${h} osds=${o.num_up_osds}/${o.num_in_osds} mgr=${s.mgrmap?.available} clean=${clean} mds=${mds}`;
      if (
        (h === "HEALTH_OK" || h === "HEALTH_WARN") &&
        o.num_osds === 1 &&
        o.num_up_osds === 1 &&
        o.num_in_osds === 1 &&
        s.mgrmap?.available &&
        clean &&
        mds >= wantMds
      ) {
        break;
      }
    } catch {
      // not answering yet
    }
    if (Date.now() > deadline) throw new Error(`timeout waiting for a healthy cluster: ${last}`);
    await sleep(300);
  }
  for (;;) {
    try {
      await admin(["fs", "volume", "ls"], { timeoutMs: 10_000 });
      await admin(["rbd", "task", "list"], { timeoutMs: 10_000 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await sleep(300);
    }
  }
}
