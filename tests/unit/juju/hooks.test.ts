import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const HOOKS = join(REPO, "hooks");

const EXPECTED = [
  "install",
  "start",
  "stop",
  "remove",
  "upgrade-charm",
  "config-changed",
  "update-status",
  "leader-elected",
  "leader-settings-changed",
  ...["ceph-client", "ceph-admin", "kubernetes-info", "peers"].flatMap((ep) =>
    ["created", "joined", "changed", "departed", "broken"].map((k) => `${ep}-relation-${k}`),
  ),
];

describe("hooks/ forwarders (for agents that do not use dispatch)", () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), "hooks-test-"));
    mkdirSync(join(tmp, "hooks"));
    writeFileSync(join(tmp, "dispatch"), '#!/bin/sh\necho "$JUJU_DISPATCH_PATH $#"\n');
    chmodSync(join(tmp, "dispatch"), 0o755);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("exist, executable, for every hook the charm handles", () => {
    assert.deepEqual(readdirSync(HOOKS).sort(), [...EXPECTED].sort());
    for (const h of EXPECTED) assert.ok((statSync(join(HOOKS, h)).mode & 0o111) !== 0, h);
  });

  it("set JUJU_DISPATCH_PATH=hooks/<name> when unset and exec ../dispatch without args", () => {
    for (const h of EXPECTED) {
      copyFileSync(join(HOOKS, h), join(tmp, "hooks", h));
      chmodSync(join(tmp, "hooks", h), 0o755);
      const r = spawnSync(join(tmp, "hooks", h), [], { env: { PATH: "/usr/bin:/bin" }, encoding: "utf8" });
      assert.equal(r.stdout, `hooks/${h} 0\n`, h);
      const kept = spawnSync(join(tmp, "hooks", h), [], {
        env: { PATH: "/usr/bin:/bin", JUJU_DISPATCH_PATH: "hooks/other" },
        encoding: "utf8",
      });
      assert.equal(kept.stdout, "hooks/other 0\n", h);
    }
  });
});
