import assert from "node:assert/strict";
import sinon from "sinon";
import {
  actionFail,
  actionGet,
  actionLog,
  actionSet,
  applicationVersionSet,
  configGet,
  flattenResults,
  goalState,
  type HookToolRunner,
  isLeader,
  jujuLog,
  leaderGet,
  leaderSet,
  relationGet,
  relationIds,
  relationList,
  relationRemoteApp,
  relationSet,
  stateDelete,
  stateGet,
  stateSet,
  statusGet,
  statusSet,
} from "../../../src/juju/index.ts";

function stub(stdout = "") {
  const run = sinon.stub<Parameters<HookToolRunner["run"]>, ReturnType<HookToolRunner["run"]>>().resolves(stdout);
  return { runner: { run } satisfies HookToolRunner, run };
}

describe("src/juju wrappers", () => {
  it("relationIds asks for json and returns the ids in Juju's order", async () => {
    const { runner, run } = stub('["ceph-client:10","ceph-client:2"]\n');
    assert.deepEqual(await relationIds(runner, "ceph-client"), [10, 2]);
    assert.deepEqual(run.firstCall.args, ["relation-ids", ["ceph-client", "--format=json"]]);
  });

  it("relationList / relationRemoteApp", async () => {
    const a = stub('["ceph-mon/0"]\n');
    assert.deepEqual(await relationList(a.runner, 3), ["ceph-mon/0"]);
    assert.deepEqual(a.run.firstCall.args, ["relation-list", ["-r", "3", "--format=json"]]);
    const b = stub('"ceph-mon"\n');
    assert.equal(await relationRemoteApp(b.runner, 3), "ceph-mon");
    assert.deepEqual(b.run.firstCall.args, ["relation-list", ["-r", "3", "--app", "--format=json"]]);
  });

  it("relationGet: all keys, one key, a unit, the remote app, a named app", async () => {
    const all = stub('{"auth":"cephx","key":"k"}\n');
    assert.deepEqual(await relationGet(all.runner, { relId: 1 }), { auth: "cephx", key: "k" });
    assert.deepEqual(all.run.firstCall.args, ["relation-get", ["-r", "1", "--format=json", "-"]]);

    const one = stub('"cephx"\n');
    assert.deepEqual(await relationGet(one.runner, { relId: 1, key: "auth", unit: "ceph-mon/0" }), { auth: "cephx" });
    assert.deepEqual(one.run.firstCall.args, ["relation-get", ["-r", "1", "--format=json", "auth", "ceph-mon/0"]]);

    const missing = stub("null\n");
    assert.deepEqual(await relationGet(missing.runner, { relId: 1, key: "nope" }), {});

    const app = stub("{}\n");
    await relationGet(app.runner, { relId: 1, app: true });
    assert.deepEqual(app.run.firstCall.args, ["relation-get", ["-r", "1", "--format=json", "--app", "-"]]);
    await relationGet(app.runner, { relId: 1, app: "ceph-csi" });
    assert.deepEqual(app.run.secondCall.args, ["relation-get", ["-r", "1", "--format=json", "--app", "-", "ceph-csi"]]);
  });

  it("relationSet sends JSON on stdin, never values on argv; null deletes", async () => {
    const { runner, run } = stub();
    await relationSet(runner, { relId: 4, app: true, data: { key: "s3cr3t", gone: null } });
    const [tool, args, opts] = run.firstCall.args;
    assert.equal(tool, "relation-set");
    assert.deepEqual(args, ["-r", "4", "--app", "--file", "-"]);
    assert.ok(!args.join(" ").includes("s3cr3t"));
    assert.deepEqual(JSON.parse(opts!.stdin!), { key: "s3cr3t", gone: "" });
  });

  it("configGet returns the typed object", async () => {
    const { runner, run } = stub('{"namespace":"","provisioner-replicas":3,"cephfs-enable":false}\n');
    assert.deepEqual(await configGet(runner), { namespace: "", "provisioner-replicas": 3, "cephfs-enable": false });
    assert.deepEqual(run.firstCall.args, ["config-get", ["--format=json"]]);
  });

  it("statusSet puts -- before the status so any message is safe", async () => {
    const { runner, run } = stub();
    await statusSet(runner, "blocked", "-weird message");
    await statusSet(runner, "active", "Ready", { application: true });
    assert.deepEqual(run.firstCall.args, ["status-set", ["--", "blocked", "-weird message"]]);
    assert.deepEqual(run.secondCall.args, ["status-set", ["--application", "--", "active", "Ready"]]);
  });

  it("statusGet reads unit and application status", async () => {
    const u = stub('{"message":"m","status":"waiting","status-data":{}}\n');
    assert.deepEqual(await statusGet(u.runner), { status: "waiting", message: "m" });
    assert.deepEqual(u.run.firstCall.args, ["status-get", ["--include-data", "--format=json"]]);
    const a = stub('{"application-status":{"message":"x","status":"active","status-data":{},"units":{}}}\n');
    assert.deepEqual(await statusGet(a.runner, { application: true }), { status: "active", message: "x" });
    assert.deepEqual(a.run.firstCall.args, ["status-get", ["--application", "--include-data", "--format=json"]]);
  });

  it("isLeader / leaderGet / leaderSet", async () => {
    assert.equal(await isLeader(stub("true\n").runner), true);
    assert.equal(await isLeader(stub("false\n").runner), false);
    await assert.rejects(isLeader(stub('"yes"\n').runner), /boolean/);
    assert.deepEqual(await leaderGet(stub("null\n").runner), {});
    const s = stub();
    await leaderSet(s.runner, { a: "1", b: null });
    assert.deepEqual(s.run.firstCall.args, ["leader-set", ["a=1", "b="]]);
  });

  it("stateGet treats null as {}; stateSet uses stdin; stateDelete", async () => {
    assert.deepEqual(await stateGet(stub("null\n").runner), {});
    assert.deepEqual(await stateGet(stub('{"a":"b"}\n').runner), { a: "b" });
    const s = stub();
    await stateSet(s.runner, { hash: "x" });
    assert.deepEqual(s.run.firstCall.args, ["state-set", ["--file", "-"], { stdin: '{"hash":"x"}' }]);
    await stateSet(s.runner, {});
    assert.equal(s.run.callCount, 1);
    await stateDelete(s.runner, "hash");
    assert.deepEqual(s.run.secondCall.args, ["state-delete", ["hash"]]);
  });

  it("action wrappers", async () => {
    assert.deepEqual(await actionGet(stub('{"name":"ceph-xfs"}\n').runner), { name: "ceph-xfs" });
    const s = stub();
    await actionSet(s.runner, { result: "ok", rbd: { versions: "v3.16.0", count: 2, on: true } });
    assert.deepEqual(s.run.firstCall.args, [
      "action-set",
      ["result=ok", "rbd.versions=v3.16.0", "rbd.count=2", "rbd.on=true"],
    ]);
    await actionFail(s.runner, "nope");
    await actionLog(s.runner, "-progress");
    assert.deepEqual(s.run.secondCall.args, ["action-fail", ["--", "nope"]]);
    assert.deepEqual(s.run.thirdCall.args, ["action-log", ["--", "-progress"]]);
    assert.deepEqual(flattenResults({}), []);
  });

  it("jujuLog, applicationVersionSet, goalState", async () => {
    const s = stub();
    await jujuLog(s.runner, "WARNING", "-careful");
    await applicationVersionSet(s.runner, "v3.16.0");
    assert.deepEqual(s.run.firstCall.args, ["juju-log", ["--log-level", "WARNING", "--", "-careful"]]);
    assert.deepEqual(s.run.secondCall.args, ["application-version-set", ["--", "v3.16.0"]]);
    const g = stub('{"units":{"ceph-csi/0":{"status":"active","since":"x"}},"relations":{}}\n');
    assert.deepEqual(await goalState(g.runner), { units: { "ceph-csi/0": { status: "active", since: "x" } }, relations: {} });
  });

  it("rejects output that is not JSON", async () => {
    await assert.rejects(configGet(stub("namespace: x\n").runner), /not JSON/);
  });
});
