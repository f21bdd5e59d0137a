/** Throw-away executables standing in for `ceph` / `apt-get` in unit tests. */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface FakeBin {
  path: string;
  /** Argument lines the fake was called with (one call per line). */
  calls(): string[];
  cleanup(): void;
}

/** A shell script; `body` sees "$@" and may use $LOG. Every call's args are appended to the log first. */
export function fakeBin(body: string): FakeBin {
  const dir = mkdtempSync(join(tmpdir(), "fake-bin-"));
  const log = join(dir, "calls.log");
  const path = join(dir, "bin");
  writeFileSync(path, `#!/bin/sh\nLOG='${log}'\necho "$*" >> "$LOG"\n${body}\n`);
  chmodSync(path, 0o755);
  writeFileSync(log, "");
  return {
    path,
    calls: () => readFileSync(log, "utf8").split("\n").filter((l) => l !== ""),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
