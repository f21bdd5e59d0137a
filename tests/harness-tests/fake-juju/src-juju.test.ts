import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Tiny, tiny } from "./test-charm.ts";

const probe = join(dirname(fileURLToPath(import.meta.url)), "probe.ts");

describe("src/juju wrappers through the fake tools", () => {
  let t: Tiny;
  afterEach(async () => t.close());

  it("every wrapper's arguments are accepted and its output parsed", async () => {
    t = await tiny({ HOOK_DB_RELATION_CHANGED: `node ${probe}` });
    await t.env.deploy(2);
    const { relationId } = await t.env.relate("db", "pg", { app: { a: "b" }, units: { "pg/0": { host: "h0" } } });
    const [o] = await t.env.changeRemoteData(relationId, { unit: "pg/0", data: { host: "h1" } });
    assert.equal(o!.stderr, "");
    assert.equal(o!.exitCode, 0);
    const got = JSON.parse(o!.stdout) as Record<string, unknown>;
    assert.deepEqual(got, {
      event: { name: "db-relation-changed", relation: { endpoint: "db", id: relationId }, remoteUnit: "pg/0" },
      ids: [relationId],
      list: ["pg/0"],
      remoteApp: "pg",
      remote: { host: "h1" },
      remoteAppBag: { a: "b" },
      own: { mine: "x y" },
      config: { debug: false, name: "tiny", ratio: 0.5, replicas: 3 },
      status: { status: "maintenance", message: "-probing" },
      leader: true,
      leaderData: {},
      state: { k: "v" },
      goal: ["tiny/0", "tiny/1"],
      error: null,
    });
    assert.equal(t.env.unit(0).workloadVersion, "1.0");
    assert.equal(t.env.relation(relationId).localAppData["secret"], "s3cr3t");
    const nonLeader = t.env.history.find((h) => h.unit === "tiny/1" && h.name === "db-relation-changed" && h.stdout !== "")!;
    const err = (JSON.parse(nonLeader.stdout) as { error: { exitCode: number; stderr: string; message: string } }).error;
    assert.equal(err.exitCode, 1);
    assert.equal(err.stderr, "ERROR cannot write relation settings\n");
    assert.ok(!err.message.includes("s3cr3t"));
  });
});
