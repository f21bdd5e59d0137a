import { startCeph } from "../tests/harness/real-ceph/cluster.ts";
import { execa } from "execa";
import { writeFileSync, mkdtempSync } from "node:fs";
const ceph = await startCeph({ mds: false });
try {
  const key = JSON.parse(await ceph.admin(["auth", "get-or-create", "client.probe", "mon", "allow r", "-f", "json"]))[0]?.key ?? "";
  const dir = mkdtempSync("/tmp/probe-");
  writeFileSync(`${dir}/key`, key, { mode: 0o600 });
  const mon = ceph.publicAddress;
  const cases: [string, string[]][] = [
    ["rbd ls bad id", ["rbd", "-c", "/dev/null", "-m", mon, "--id", "client.probe", "--keyfile", `${dir}/key`, "ls", "rbd"]],
    ["ceph osd pool ls bad id", ["ceph", "-c", "/dev/null", "-m", mon, "--id", "client.probe", "--keyfile", `${dir}/key`, "osd", "pool", "ls"]],
    ["rbd ls bad id short", ["rbd", "-c", "/dev/null", "-m", mon, "--id", "client.probe", "--keyfile", `${dir}/key`, "--client_mount_timeout", "15", "--rados_mon_op_timeout", "15", "ls", "rbd"]],
    ["ceph bad id short", ["ceph", "-c", "/dev/null", "-m", mon, "--id", "client.probe", "--keyfile", `${dir}/key`, "--connect-timeout", "15", "--client_mount_timeout", "15", "--rados_mon_op_timeout", "15", "osd", "pool", "ls"]],
    ["ceph good", ["ceph", "-c", "/dev/null", "-m", mon, "--id", "probe", "--keyfile", `${dir}/key`, "--connect-timeout", "15", "osd", "pool", "ls"]],
  ];
  for (const [name, [bin, ...args]] of cases) {
    const t = Date.now();
    const r = await execa(bin as string, args, { reject: false, timeout: 90_000, encoding: "utf8" });
    console.log(name, `${Date.now() - t}ms`, "exit", r.exitCode, r.timedOut ? "TIMEDOUT" : "", JSON.stringify(String(r.stderr).slice(-300)));
  }
  await ceph.admin(["auth", "del", "client.probe"]);
  for (const [name, [bin, ...args]] of cases.slice(3)) {
    const t = Date.now();
    const r = await execa(bin as string, args, { reject: false, timeout: 90_000, encoding: "utf8" });
    console.log("deleted:", name, `${Date.now() - t}ms`, "exit", r.exitCode, r.timedOut ? "TIMEDOUT" : "", JSON.stringify(String(r.stderr).slice(-300)));
  }
} finally {
  await ceph.stop();
}
