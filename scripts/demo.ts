/**
 * `npm run demo`: packs the charm and runs the packed charm's real hooks through an operator's
 * lifecycle in the fake Juju hook environment, against the in-memory Kubernetes API and a
 * simulated ceph-mon (backed by a real single-node Ceph cluster when Ceph is installed;
 * DEMO_CEPH=sim forces the in-memory one). After each step: a `juju status`-like table and a
 * `kubectl get sc`-like table.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { missingCephBinaries, type RealCeph, startCeph } from "../tests/harness/real-ceph/cluster.ts";
import { World } from "../tests/harness/world.ts";
import { pack } from "./pack.ts";
import { charmFileName, hostPlatform } from "./platforms.ts";
import { unzip } from "./unzip.ts";

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd((widths[i] ?? 0) + 2)).join("").trimEnd()).join("\n");
}

function jujuStatus(w: World): string {
  const s = w.juju.state;
  const app = s.appStatus;
  const version = s.units.find((u) => u.name === s.leader)?.workloadVersion ?? "";
  const appRows = [
    ["App", "Version", "Status", "Message"],
    [s.app, version, app.status, app.message],
  ];
  const unitRows = [["Unit", "Workload", "Message"]];
  for (const u of s.units) unitRows.push([`${u.name}${u.name === s.leader ? "*" : ""}`, u.status.status, u.status.message]);
  return `${table(appRows)}\n\n${table(unitRows)}`;
}

function kubectlGetSc(w: World): string {
  const rows = [["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION"]];
  const scs = w.objects("StorageClass").sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  for (const sc of scs) {
    const isDefault = sc.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true";
    rows.push([
      `${sc.metadata.name}${isDefault ? " (default)" : ""}`,
      String(sc["provisioner"]),
      String(sc["reclaimPolicy"] ?? "Delete"),
      String(sc["volumeBindingMode"] ?? "Immediate"),
      String(sc["allowVolumeExpansion"] ?? false),
    ]);
  }
  return rows.length === 1 ? "No resources found" : table(rows);
}

function monitors(w: World): string {
  const cm = w.objects("ConfigMap").find((c) => c.metadata.name === "ceph-csi-config");
  if (!cm) return "(no ceph-csi-config)";
  const entries = JSON.parse((cm["data"] as Record<string, string>)["config.json"] ?? "[]") as { monitors: string[] }[];
  return entries.map((e) => e.monitors.join(", ")).join("; ");
}

async function main(): Promise<void> {
  const started = performance.now();
  const tmp = mkdtempSync(join(tmpdir(), "ceph-csi-demo-"));
  let ceph: RealCeph | undefined;
  let w: World | undefined;
  try {
    const file = await pack(join(tmp, charmFileName(hostPlatform())));
    const charmDir = join(tmp, "charm");
    await unzip(file, charmDir);
    console.log(bold(`Packed and unpacked ${file.split("/").pop()}; every hook below runs its dispatch.`));

    if (process.env["DEMO_CEPH"] !== "sim" && missingCephBinaries().length === 0) {
      try {
        ceph = await startCeph({ mds: true });
        await ceph.admin(["fs", "volume", "create", "ceph-fs"]);
        console.log(bold(`Real Ceph ${ceph.fsid} on ${ceph.monHost} (ceph-mon is simulated on top of it).`));
      } catch (e) {
        console.log(`Real Ceph did not start (${(e as Error).message}); using the in-memory ceph-mon.`);
        ceph = undefined;
      }
    } else {
      console.log(bold("Ceph is simulated in memory (install ceph-mon ceph-mgr ceph-osd ceph-mds ceph-common for a real cluster)."));
    }

    w = await World.start({ charmDir, ...(ceph ? { ceph } : { filesystems: [] }) });
    const world = w;
    const step = async (title: string, run: () => Promise<unknown>) => {
      const t = performance.now();
      await run();
      const ms = performance.now() - t;
      console.log(`\n${bold(`$ ${title}`)}   (${ms.toFixed(0)} ms)\n`);
      console.log(jujuStatus(world));
      console.log(`\n$ kubectl get sc\n${kubectlGetSc(world)}`);
    };

    await step("juju deploy ceph-csi (subordinate of kubernetes-control-plane, 2 units)", () => world.juju.deploy(2));
    await step("juju integrate ceph-csi:ceph-client ceph-mon:client && juju integrate ceph-csi:ceph-admin ceph-mon:admin", async () => {
      await world.relateClient();
      await world.relateAdmin();
    });
    await step("juju config ceph-csi cephfs-enable=true", async () => {
      world.setFilesystems([{ name: "ceph-fs", dataPools: ["ceph-fs_data"] }]);
      await world.juju.setConfig({ "cephfs-enable": true });
    });
    await step("juju config ceph-csi default-storage=ceph-ext4", () => world.juju.setConfig({ "default-storage": "ceph-ext4" }));
    await step("juju add-unit ceph-mon", async () => {
      await world.addMon("ceph-mon/3");
      if (!ceph && world.clientRel !== undefined) {
        await world.juju.changeRemoteData(world.clientRel, { unit: "ceph-mon/3", data: { "ceph-public-address": "10.20.0.14" } });
      }
    });
    console.log(`\nmonitors in ConfigMap ceph-csi-config: ${monitors(world)}`);
    await step("(5 minutes later) update-status", async () => {
      world.kube.clearRequests();
      await world.juju.updateStatus();
      console.log(`\nKubernetes writes during update-status: ${world.kube.writes().length}`);
    });
    await step("juju remove-relation ceph-csi:ceph-client ceph-mon:client && juju remove-application ceph-csi", async () => {
      await world.juju.unrelate(world.clientRel as number);
      await world.juju.removeApplication();
    });
    const left = world.kube.cluster.all().filter((o) => (o["metadata"] as { labels?: Record<string, string> }).labels?.["juju.io/application"] === "ceph-csi");
    console.log(`\nObjects left labelled for ceph-csi: ${left.length}. Pools xfs-pool/ext4-pool and client.ceph-csi stay in Ceph.`);
    console.log(bold(`\nDemo finished in ${((performance.now() - started) / 1000).toFixed(1)} s.`));
  } finally {
    await w?.stop();
    await ceph?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
