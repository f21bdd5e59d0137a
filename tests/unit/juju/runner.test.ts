import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { processRunner, HookToolError, redactArgs } from "../../../src/juju/runner.ts";

describe("src/juju runner", () => {
  let dir: string;
  let oldPath: string | undefined;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "runner-test-"));
    const tool = (name: string, body: string) => {
      writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(dir, name), 0o755);
    };
    tool("echo-args", 'for a in "$@"; do printf "[%s]" "$a"; done; echo');
    tool("cat-stdin", "cat");
    tool("no-stdin", "cat; echo end");
    tool("relation-set", 'echo "ERROR cannot write relation settings" >&2; exit 1');
    tool("usage", 'echo "ERROR bad usage" >&2; exit 2');
    tool("ignores-stdin", "echo done");
    tool("big-output", "head -c 300000 /dev/zero | tr '\\0' x");
    writeFileSync(join(dir, "not-executable"), "#!/bin/sh\necho never\n");
    oldPath = process.env["PATH"];
    process.env["PATH"] = `${dir}:${oldPath}`;
  });
  after(() => {
    process.env["PATH"] = oldPath;
    rmSync(dir, { recursive: true, force: true });
  });

  it("passes args without a shell and returns stdout untouched", async () => {
    assert.equal(await processRunner.run("echo-args", ["a b", "$HOME", "*"]), "[a b][$HOME][*]\n");
  });

  it("feeds stdin only when given", async () => {
    assert.equal(await processRunner.run("cat-stdin", [], { stdin: '{"a":"b"}' }), '{"a":"b"}');
    assert.equal(await processRunner.run("no-stdin", []), "end\n");
  });

  it("turns a non-zero exit into HookToolError with Juju's stderr and redacted values", async () => {
    await assert.rejects(processRunner.run("relation-set", ["-r", "1", "key=s3cr3t"]), (e: unknown) => {
      assert.ok(e instanceof HookToolError);
      assert.equal(e.tool, "relation-set");
      assert.equal(e.exitCode, 1);
      assert.equal(e.stderr, "ERROR cannot write relation settings\n");
      assert.deepEqual(e.args, ["-r", "1", "key=<redacted>"]);
      assert.ok(!e.message.includes("s3cr3t"));
      return true;
    });
    await assert.rejects(processRunner.run("usage", []), { name: "HookToolError", exitCode: 2 });
  });

  it("a missing tool is a HookToolError too", async () => {
    await assert.rejects(processRunner.run("no-such-tool-xyz", []), (e: unknown) => e instanceof HookToolError && e.exitCode === 127);
  });

  it("a tool that exits without reading its stdin still answers (no EPIPE failure)", async () => {
    assert.equal(await processRunner.run("ignores-stdin", [], { stdin: "x".repeat(1 << 20) }), "done\n");
  });

  it("returns output larger than a pipe buffer whole", async () => {
    assert.equal((await processRunner.run("big-output", [])).length, 300000);
  });

  it("a tool that cannot be executed is a HookToolError with exit code 127 and the reason", async () => {
    await assert.rejects(processRunner.run("not-executable", []), (e: unknown) => {
      assert.ok(e instanceof HookToolError);
      assert.equal(e.exitCode, 127);
      assert.match(e.stderr, /EACCES|ENOENT/);
      return true;
    });
  });

  it("redacts only value-carrying tools", () => {
    assert.deepEqual(redactArgs("state-set", ["--file", "-", "k=v"]), ["--file", "-", "k=<redacted>"]);
    assert.deepEqual(redactArgs("leader-set", ["k=v"]), ["k=<redacted>"]);
    assert.deepEqual(redactArgs("action-set", ["a.b=v"]), ["a.b=<redacted>"]);
    assert.deepEqual(redactArgs("relation-get", ["k=v"]), ["k=v"]);
  });
});
