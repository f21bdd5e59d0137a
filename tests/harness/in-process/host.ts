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
    async aptInstall() {
      const s = state();
      s.aptRuns++;
      return s.aptFailure === undefined ? ok(undefined) : err(s.aptFailure);
    },
  };
}
