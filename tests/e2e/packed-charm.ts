/**
 * The packed charm (`npm run pack` for this machine's platform), built and unpacked once per
 * test run, and worlds that run it: each world gets its own charm directory whose files link to
 * the unpacked charm (so what the charm writes, its ceph-conf/, stays per world; the compile
 * cache is shared), `dispatch` runs the charm's own Node, and the host's apt-get and rados are
 * stand-ins the test controls.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { pack } from "../../scripts/pack.ts";
import { charmFileName, hostPlatform } from "../../scripts/platforms.ts";
import { unzip, type ZipEntry } from "../../scripts/unzip.ts";
import { World, type WorldOptions } from "../harness/world.ts";

const STAND_INS = join(dirname(fileURLToPath(import.meta.url)), "stand-ins");

export interface PackedCharm {
  /** The .charm archive. */
  file: string;
  entries: ZipEntry[];
  /** Where it is unpacked. */
  dir: string;
}

let packed: Promise<PackedCharm> | undefined;
let packedTmp: string | undefined;

/** Packs and unpacks the charm once for the whole run (removed when the process exits). */
export function packedCharm(): Promise<PackedCharm> {
  packed ??= (async () => {
    packedTmp = mkdtempSync(join(tmpdir(), "ceph-csi-packed-"));
    const file = await pack(join(packedTmp, charmFileName(hostPlatform())), hostPlatform());
    const dir = join(packedTmp, "unpacked");
    const entries = await unzip(file, dir);
    mkdirSync(join(dir, ".node-compile-cache"), { recursive: true });
    process.once("exit", () => rmSync(packedTmp as string, { recursive: true, force: true }));
    return { file, entries, dir };
  })();
  return packed;
}

/** A world running the packed charm, with the stand-ins' switches. */
export class PackedWorld {
  readonly w: World;
  /** The stand-ins' state (apt-fail). */
  readonly standInDir: string;
  readonly #tmp: string;

  private constructor(w: World, standInDir: string, tmp: string) {
    this.w = w;
    this.standInDir = standInDir;
    this.#tmp = tmp;
  }

  static async start(o: WorldOptions = {}): Promise<PackedWorld> {
    const charm = await packedCharm();
    const tmp = mkdtempSync(join(tmpdir(), "ceph-csi-packed-world-"));
    const charmDir = join(tmp, "charm");
    mkdirSync(charmDir);
    // The archive's own files (not what a hook wrote beside them), and the shared compile cache.
    const names = new Set([...charm.entries.map((e) => e.name.split("/")[0] as string), ".node-compile-cache"]);
    for (const name of names) symlinkSync(join(charm.dir, name), join(charmDir, name));
    const standInDir = join(tmp, "stand-ins");
    mkdirSync(standInDir);
    const w = await World.start({
      hookErrors: "return",
      ...o,
      charmDir,
      env: { CEPH_CSI_APT_GET: join(STAND_INS, "apt-get"), CEPH_CSI_RADOS_BIN: join(STAND_INS, "rados"), STAND_IN_DIR: standInDir, ...o.env },
    });
    return new PackedWorld(w, standInDir, tmp);
  }

  async stop(): Promise<void> {
    await this.w.stop();
    rmSync(this.#tmp, { recursive: true, force: true });
  }

  /** apt-get fails with this text from now on (undefined: it works again). */
  aptFails(text: string | undefined): void {
    const flag = join(this.standInDir, "apt-fail");
    if (text === undefined) rmSync(flag, { force: true });
    else writeFileSync(flag, `${text}\n`);
  }

  /** The pools `rados lspools` lists. */
  setPools(pools: readonly string[]): void {
    writeFileSync(join(this.#fakeCephDir(), "pools"), pools.map((p) => `${p}\n`).join(""));
  }

  /** Every ceph and rados command fails with this text (undefined: they work again). */
  cephFails(text: string | undefined): void {
    const flag = join(this.#fakeCephDir(), "fail");
    if (text === undefined) rmSync(flag, { force: true });
    else writeFileSync(flag, `${text}\n`);
  }

  /** Every ceph and rados command hangs (the charm's own timeout ends it). */
  cephHangs(on: boolean): void {
    const flag = join(this.#fakeCephDir(), "hang");
    if (on) writeFileSync(flag, "");
    else rmSync(flag, { force: true });
  }

  #fakeCephDir(): string {
    if (this.w.fakeCephDir === undefined) throw new Error("the stand-ins need the simulated Ceph backend");
    return this.w.fakeCephDir;
  }
}
