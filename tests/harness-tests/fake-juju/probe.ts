// Runs inside a hook of the tiny charm: calls the charm's src/juju wrappers against the fake
// tools and prints what they return, one JSON line.
import * as juju from "../../../src/juju/index.ts";

const r = juju.processRunner;
const ev = juju.parseEvent(process.env);
const rel = ev.relation!.id;
await juju.statusSet(r, "maintenance", "-probing");
await juju.relationSet(r, { relId: rel, data: { mine: "x y", gone: null } });
await juju.stateSet(r, { k: "v" });
await juju.stateDelete(r, "nothing");
await juju.applicationVersionSet(r, "1.0");
await juju.jujuLog(r, "DEBUG", "probe ran");
const out = {
  event: { name: ev.name, relation: ev.relation, remoteUnit: ev.remoteUnit ?? null },
  ids: await juju.relationIds(r, "db"),
  list: await juju.relationList(r, rel),
  remoteApp: await juju.relationRemoteApp(r, rel),
  remote: await juju.relationGet(r, { relId: rel, key: "host" }),
  remoteAppBag: await juju.relationGet(r, { relId: rel, app: true }),
  own: await juju.relationGet(r, { relId: rel, unit: ev.unitName, key: "mine" }),
  config: await juju.configGet(r),
  status: await juju.statusGet(r),
  leader: await juju.isLeader(r),
  leaderData: await juju.leaderGet(r),
  state: await juju.stateGet(r),
  goal: Object.keys((await juju.goalState(r)).units),
};
let error: unknown = null;
try {
  await juju.relationSet(r, { relId: rel, app: true, data: { secret: "s3cr3t" } });
} catch (e) {
  error = e instanceof juju.HookToolError ? { exitCode: e.exitCode, stderr: e.stderr, message: e.message } : String(e);
}
console.log(JSON.stringify({ ...out, error }));
