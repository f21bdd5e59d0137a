/**
 * The host seam in memory: the charm's private directories as a map, apt as a switch. Glue: it
 * takes the seam's types from the charm, nothing else (answers are plain `{ ok, value | error }`).
 */
import type { DirSpec } from "../../../src/ceph/conf-files.ts";
import type { HostSeam } from "../../../src/charm/execute/seams.ts";

const ok = <T>(value: T) => ({ ok: true as const, value });
const err = (error: string) => ({ ok: false as const, error });

export interface HostState {
  /** Directory → file name → content and mode. */
  dirs: Record<string, Record<string, { content: string; mode: number }>>;
  dirModes: Record<string, number>;
  /** undefined: apt works; a string: apt fails with that detail. */
  aptFailure?: string;
  aptRuns: number;
  /** When set, writing a directory fails with this errno code. */
  writeFailure?: string;
  nextTemp: number;
}

export function hostState(): HostState {
  return { dirs: {}, dirModes: {}, aptRuns: 0, nextTemp: 0 };
}

function split(path: string): { dir: string; name: string } {
  const i = path.lastIndexOf("/");
  return { dir: path.slice(0, i), name: path.slice(i + 1) };
}

export function hostSeam(state: () => HostState): HostSeam {
  return {
    async syncDir(spec: DirSpec) {
      const s = state();
      if (s.writeFailure !== undefined) return err(s.writeFailure);
      const files = s.dirs[spec.dir] ?? {};
      s.dirs[spec.dir] = files;
      s.dirModes[spec.dir] = spec.mode;
      let changed = false;
      for (const f of spec.files) {
        const cur = files[f.name];
        if (cur?.content !== f.content || cur.mode !== f.mode) changed = cur?.content !== f.content || changed;
        files[f.name] = { content: f.content, mode: f.mode };
      }
      for (const name of spec.absent) {
        if (files[name] === undefined) continue;
        delete files[name];
        changed = true;
      }
      return ok({ changed });
    },
    async removeDir(dir: string) {
      const s = state();
      for (const d of Object.keys(s.dirs)) if (d === dir || d.startsWith(`${dir}/`)) delete s.dirs[d];
    },
    async tempDir(prefix: string) {
      const s = state();
      return `/tmp/${prefix}${s.nextTemp++}`;
    },
    async readFile(path: string) {
      const { dir, name } = split(path);
      return state().dirs[dir]?.[name]?.content;
    },
    async writeFile(path: string, content: string | undefined) {
      const s = state();
      const { dir, name } = split(path);
      if (content === undefined) {
        if (s.dirs[dir]) delete s.dirs[dir][name];
        return;
      }
      if (s.writeFailure !== undefined) return;
      s.dirs[dir] = { ...(s.dirs[dir] ?? {}), [name]: { content, mode: 0o600 } };
    },
    async aptInstall() {
      const s = state();
      s.aptRuns++;
      return s.aptFailure === undefined ? ok(undefined) : err(s.aptFailure);
    },
  };
}
