import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execaRunner, HookToolError, redactArgs } from "../../../src/juju/runner.ts";

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
    oldPath = process.env["PATH"];
    process.env["PATH"] = `${dir}:${oldPath}`;
  });
  after(() => {
    process.env["PATH"] = oldPath;
    rmSync(dir, { recursive: true, force: true });
  });

  it("passes args without a shell and returns stdout untouched", async () => {
    assert.equal(await execaRunner.run("echo-args", ["a b", "$HOME", "*"]), "[a b][$HOME][*]\n");
  });

  it("feeds stdin only when given", async () => {
    assert.equal(await execaRunner.run("cat-stdin", [], { stdin: '{"a":"b"}' }), '{"a":"b"}');
    assert.equal(await execaRunner.run("no-stdin", []), "end\n");
  });

  it("turns a non-zero exit into HookToolError with Juju's stderr and redacted values", async () => {
    await assert.rejects(execaRunner.run("relation-set", ["-r", "1", "key=s3cr3t"]), (e: unknown) => {
      assert.ok(e instanceof HookToolError);
      assert.equal(e.tool, "relation-set");
      assert.equal(e.exitCode, 1);
      assert.equal(e.stderr, "ERROR cannot write relation settings\n");
      assert.deepEqual(e.args, ["-r", "1", "key=<redacted>"]);
      assert.ok(!e.message.includes("s3cr3t"));
      return true;
    });
    await assert.rejects(execaRunner.run("usage", []), { name: "HookToolError", exitCode: 2 });
  });

  it("a missing tool is a HookToolError too", async () => {
    await assert.rejects(execaRunner.run("no-such-tool-xyz", []), (e: unknown) => e instanceof HookToolError && e.exitCode === 127);
  });

  it("redacts only value-carrying tools", () => {
    assert.deepEqual(redactArgs("state-set", ["--file", "-", "k=v"]), ["--file", "-", "k=<redacted>"]);
    assert.deepEqual(redactArgs("leader-set", ["k=v"]), ["k=<redacted>"]);
    assert.deepEqual(redactArgs("action-set", ["a.b=v"]), ["a.b=<redacted>"]);
    assert.deepEqual(redactArgs("relation-get", ["k=v"]), ["k=v"]);
  });
});
