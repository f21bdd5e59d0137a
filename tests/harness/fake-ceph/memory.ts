/**
 * The `ceph` CLI in memory, for tests that run the charm in-process: the few commands the charm
 * runs, answered from a plain state object the test controls, the way Ceph Pacific prints them.
 * (The shell script beside it does the same for tests that run the charm's processes.)
 */
/** A filesystem as `ceph fs ls` reports it. */
export interface FakeFilesystem {
  name: string;
  dataPools: string[];
  /** Pool ids of dataPools (default: invented). */
  dataPoolIds?: number[];
}

export interface FakeCephState {
  fsid: string;
  filesystems: FakeFilesystem[];
  /** Filesystem → its subvolume groups. */
  groups: Record<string, string[]>;
  /** Pools that exist (osd pool ls). */
  pools: string[];
  /** When set, every command fails with this stderr text. */
  fail?: string;
  /** When set, every command hangs (the caller's timeout ends it). */
  hang?: boolean;
  /** Every command line run, without the connection options. */
  calls: string[];
}

export function fakeCephState(fsid: string): FakeCephState {
  return { fsid, filesystems: [], groups: {}, pools: [], calls: [] };
}

export interface FakeCephAnswer {
  exitCode: number;
  stdout: string;
  stderr: string;
  hang?: boolean;
}

const CONNECTION_OPTIONS = new Set(["-c", "--conf", "--id", "--keyring", "-n", "--name"]);

/** `ceph fs ls --format json` for these filesystems (metadata pool `<name>_metadata`, pool ids invented when not given). */
export function fsLs(filesystems: readonly FakeFilesystem[]): string {
  let next = 10;
  return JSON.stringify(
    filesystems.map((f) => ({
      name: f.name,
      metadata_pool: `${f.name}_metadata`,
      metadata_pool_id: next++,
      data_pool_ids: f.dataPoolIds ?? f.dataPools.map(() => next++),
      data_pools: f.dataPools,
    })),
  );
}

/** Runs one command line of `tool` (as the charm passes it, connection options included). */
export function runFakeCeph(state: FakeCephState, argv: readonly string[], tool: "ceph" | "rados" = "ceph"): FakeCephAnswer {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (CONNECTION_OPTIONS.has(argv[i] as string)) i++;
    else args.push(argv[i] as string);
  }
  const line = tool === "ceph" ? args.join(" ") : `${tool} ${args.join(" ")}`;
  state.calls.push(line);
  if (state.hang) return { exitCode: 1, stdout: "", stderr: "", hang: true };
  if (state.fail !== undefined) return { exitCode: 1, stdout: "", stderr: state.fail };
  const ok = (stdout: string): FakeCephAnswer => ({ exitCode: 0, stdout, stderr: "" });
  if (line === "fsid") return ok(`${state.fsid}\n`);
  if (line === "fs ls --format json") return ok(`${fsLs(state.filesystems)}\n`);
  if (line === "osd pool ls --format json") return ok(`${JSON.stringify(state.pools)}\n`);
  if (line === "rados lspools") return ok(state.pools.map((p) => `${p}\n`).join(""));
  const [a, b, c, fs, group, ...rest] = args;
  if (a === "fs" && b === "subvolumegroup" && fs !== undefined && state.filesystems.some((f) => f.name === fs)) {
    if (c === "ls" && group === "--format" && rest[0] === "json") {
      const groups = state.groups[fs] ?? [];
      return ok(groups.length === 0 ? "" : `${JSON.stringify(groups.map((name) => ({ name })))}\n`);
    }
    if (c === "create" && group !== undefined && rest.length === 0) {
      const list = state.groups[fs] ?? [];
      if (!list.includes(group)) list.push(group);
      state.groups[fs] = list;
      return ok("");
    }
  }
  if (a === "fs" && b === "subvolumegroup" && fs !== undefined) {
    return { exitCode: 2, stdout: "", stderr: `Error ENOENT: Filesystem not found: '${fs}'\n` };
  }
  return { exitCode: 22, stdout: "", stderr: `fake ceph: unsupported command: ${line}\n` };
}
