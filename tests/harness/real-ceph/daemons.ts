/** Stopping exactly the daemons of one cluster directory: pid files + /proc cmdline check. */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const DAEMON = /^(?:\S*\/)?ceph-(mon|mgr|osd|mds)$/;

/** Is `pid` a live ceph daemon started with `-c <dir>/ceph.conf`? (zombies have an empty cmdline) */
export function isOurDaemon(pid: number, dir: string): boolean {
  let argv: string[];
  try {
    argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter((a) => a !== "");
  } catch {
    return false;
  }
  if (argv.length === 0 || !DAEMON.test(argv[0] ?? "")) return false;
  return argv.includes(join(dir, "ceph.conf"));
}

/** Pids of this directory's daemons, mon last (so nobody waits on a vanished monitor). */
export function daemonPids(dir: string): number[] {
  const runDir = join(dir, "run");
  let files: string[];
  try {
    files = readdirSync(runDir).filter((f) => /^ceph-(mon|mgr|osd|mds)\..+\.pid$/.test(f));
  } catch {
    return [];
  }
  files.sort((a, b) => Number(a.startsWith("ceph-mon.")) - Number(b.startsWith("ceph-mon.")));
  const pids: number[] = [];
  for (const f of files) {
    const pid = Number(readFileSync(join(runDir, f), "utf8").replace(/[^0-9]/g, ""));
    if (pid > 0 && isOurDaemon(pid, dir)) pids.push(pid);
  }
  return pids;
}

/** SIGKILL this cluster's daemons (the data is thrown away anyway); synchronous, usable on exit. */
export function killDaemonsSync(dir: string): number[] {
  const pids = daemonPids(dir);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return pids;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Kill, wait until the pids are gone (or zombies), then remove the directory (unless keep). */
export async function stopCluster(dir: string, keep = false): Promise<void> {
  const pids = killDaemonsSync(dir);
  const deadline = Date.now() + 10_000;
  while (pids.some((p) => isOurDaemon(p, dir)) && Date.now() < deadline) await sleep(50);
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
