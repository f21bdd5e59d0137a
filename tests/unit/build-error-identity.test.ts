/**
 * Errors that cross a seam are classified by name and fields, not by class identity: a second
 * copy of a module (another bundle, a test binding) has its own class, and `instanceof` fails.
 * A `?copy` import gives such a second copy here.
 */
import assert from "node:assert/strict";
import { isKubeError, KubeError, toKubeError } from "../../src/kube/errors.ts";
import { HookToolError, type HookToolRunner, isHookToolError } from "../../src/juju/runner.ts";
import { secretGet } from "../../src/juju/secrets.ts";

type RunnerModule = typeof import("../../src/juju/runner.ts");
type ErrorsModule = typeof import("../../src/kube/errors.ts");

describe("errors across module copies", () => {
  let other: RunnerModule;
  let otherKube: ErrorsModule;
  before(async () => {
    other = (await import(`../../src/juju/runner.ts?copy=${Date.now()}`)) as RunnerModule;
    otherKube = (await import(`../../src/kube/errors.ts?copy=${Date.now()}`)) as ErrorsModule;
    assert.notEqual(other.HookToolError, HookToolError, "a second copy: another class");
    assert.notEqual(otherKube.KubeError, KubeError);
  });

  it("secret-get refused by a runner of another copy: Juju's reason, not a crash", async () => {
    const e = new other.HookToolError("secret-get", ["secret:x"], 1, "ERROR permission denied\n");
    assert.ok(!(e instanceof HookToolError), "instanceof alone would miss it");
    const runner: HookToolRunner = {
      run: () => Promise.reject(e),
    };
    assert.deepEqual(await secretGet(runner, "secret:d4lbj2v7rvc4ib9slmc0"), { ok: false, error: "permission denied" });
  });

  it("secret-get still lets any other error through", async () => {
    const runner: HookToolRunner = { run: () => Promise.reject(new TypeError("bug")) };
    await assert.rejects(secretGet(runner, "secret:d4lbj2v7rvc4ib9slmc0"), TypeError);
    const lookalike = Object.assign(new Error("x"), { name: "HookToolError" });
    assert.equal(isHookToolError(lookalike), false, "a name without the fields is not one");
  });

  it("a KubeError of another copy is handed on as is; other errors are converted", () => {
    const e = new otherKube.KubeError("Waiting: refused", 503, "ServiceUnavailable");
    assert.ok(isKubeError(e));
    assert.equal(toKubeError(e), e);
    assert.equal(isKubeError(new Error("x")), false);
    assert.equal(isKubeError(Object.assign(new Error("x"), { name: "KubeError", code: "503" })), false, "fields checked");
    assert.ok(isKubeError(toKubeError(new Error("plain"))));
  });
});
