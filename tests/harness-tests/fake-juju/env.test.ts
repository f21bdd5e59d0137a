import assert from "node:assert/strict";
import { dirname } from "node:path";
import { FakeJuju } from "../../harness/fake-juju/fake-juju.ts";
import { makeTestCharm, type Tiny, tiny } from "./test-charm.ts";

function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\0")) {
    const eq = line.indexOf("=");
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

const DUMP = "env -0";

describe("fake-juju: the hook process", () => {
  let t: Tiny;
  afterEach(async () => t.close());

  it("gets Juju's environment built from scratch: no HOME, proxies present but empty", async () => {
    t = await tiny({ HOOK_INSTALL: DUMP }, { principal: { app: "kcp" } });
    const [install] = await t.env.deploy(1);
    const env = parseEnv(install!.stdout);
    assert.equal(env["HOME"], undefined);
    assert.equal(env["USER"], undefined);
    for (const k of Object.keys(env)) assert.ok(!k.startsWith("NODE_"), k);
    assert.equal(env["JUJU_DISPATCH_PATH"], "hooks/install");
    assert.equal(env["JUJU_HOOK_NAME"], "install");
    assert.equal(env["JUJU_UNIT_NAME"], "tiny/0");
    assert.equal(env["JUJU_CHARM_DIR"], t.env.charmDir);
    assert.equal(env["CHARM_DIR"], t.env.charmDir);
    assert.match(env["JUJU_CONTEXT_ID"]!, /^tiny\/0-install-[0-9a-f]{16}$/);
    assert.equal(env["JUJU_AGENT_SOCKET_NETWORK"], "unix");
    assert.ok(env["JUJU_AGENT_SOCKET_ADDRESS"]!.endsWith("agent.sock"));
    assert.equal(env["JUJU_MODEL_NAME"], "test-model");
    assert.match(env["JUJU_MODEL_UUID"]!, /^[0-9a-f-]{36}$/);
    assert.equal(env["JUJU_PRINCIPAL_UNIT"], "kcp/0");
    assert.equal(env["JUJU_MACHINE_ID"], "0");
    assert.match(env["JUJU_VERSION"]!, /^3\.\d+\.\d+$/);
    for (const k of ["JUJU_CHARM_HTTP_PROXY", "JUJU_CHARM_HTTPS_PROXY", "JUJU_CHARM_FTP_PROXY", "JUJU_CHARM_NO_PROXY", "JUJU_AVAILABILITY_ZONE", "CLOUD_API_VERSION"]) {
      assert.equal(env[k], "", k);
    }
    assert.equal(env["LANG"], "C.UTF-8");
    assert.equal(env["DEBIAN_FRONTEND"], "noninteractive");
    assert.equal(env["JUJU_RELATION"], undefined);
    const path = env["PATH"]!.split(":");
    assert.equal(path[0], t.env.toolsDir);
    assert.equal(path[1], dirname(process.execPath));
    assert.deepEqual(path.slice(2), ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]);
  });

  it("relation hooks get JUJU_RELATION*, JUJU_REMOTE_* (unit empty in -created) and -departed JUJU_DEPARTING_UNIT", async () => {
    t = await tiny({ HOOK_ALL: 'printf "%s|%s|%s|%s|%s\\n" "$JUJU_RELATION" "$JUJU_RELATION_ID" "$JUJU_REMOTE_APP" "$(printenv JUJU_REMOTE_UNIT || echo unset)" "$(printenv JUJU_DEPARTING_UNIT || echo unset)"' });
    await t.env.deploy(1);
    const { relationId, outcomes } = await t.env.relate("db", "pg", { units: { "pg/0": {} } });
    assert.deepEqual(
      outcomes.map((o) => o.stdout),
      [
        `db|db:${relationId}|pg||unset\n`,
        `db|db:${relationId}|pg|pg/0|unset\n`,
        `db|db:${relationId}|pg|pg/0|unset\n`,
      ],
    );
    const [dep, broken] = await t.env.unrelate(relationId);
    assert.equal(dep!.stdout, `db|db:${relationId}|pg|pg/0|pg/0\n`);
    assert.equal(broken!.stdout, `db|db:${relationId}|pg||unset\n`);
  });

  it("runs in the charm dir with no arguments and stdin closed; caller env is added", async () => {
    t = await tiny({ HOOK_INSTALL: 'pwd; echo "$#"; cat; echo "[$EXTRA]"' }, { env: { EXTRA: "yes" } });
    const [install] = await t.env.deploy(1);
    assert.equal(install!.stdout, `${t.env.charmDir}\n0\n[yes]\n`);
  });

  it("a missing hook succeeds, a missing action fails, a non-executable dispatch fails", async () => {
    const none = makeTestCharm({ dispatch: null });
    const env = await FakeJuju.start({ charmDir: none.dir, hookErrors: "return" });
    try {
      const outs = await env.deploy(1);
      assert.ok(outs.every((o) => o.ok && o.missing));
      const a = await env.runAction("greet");
      assert.equal(a.status, "failed");
      assert.equal(a.message, 'action not implemented on unit "tiny/0"');
    } finally {
      await env.stop();
      none.cleanup();
    }
    const bad = makeTestCharm({ executable: false });
    const env2 = await FakeJuju.start({ charmDir: bad.dir, hookErrors: "return" });
    try {
      const [install] = await env2.deploy(1);
      assert.equal(install!.ok, false);
      assert.match(install!.stderr, /permission denied/);
    } finally {
      await env2.stop();
      bad.cleanup();
    }
    t = await tiny();
  });

  it("the Node fallback client behaves like the C client", async () => {
    const script = "printf '{\"k\":\"v\"}' | state-set --file - && state-get --format=json && status-set bogus";
    const results: string[] = [];
    for (const client of ["c", "node"] as const) {
      const x = await tiny({ HOOK_INSTALL: script }, { client });
      try {
        const [install] = await x.env.deploy(1);
        results.push(JSON.stringify([install!.exitCode, install!.stdout, install!.stderr]));
      } finally {
        await x.close();
      }
    }
    assert.equal(results[0], JSON.stringify([2, '{"k":"v"}\n', 'ERROR invalid status "bogus", expected one of [maintenance blocked waiting active]\n']));
    assert.equal(results[1], results[0]);
    t = await tiny();
  });

  it("tools fail without a context", async () => {
    t = await tiny({ HOOK_INSTALL: "JUJU_CONTEXT_ID=nope is-leader; echo $?" });
    const [install] = await t.env.deploy(1);
    assert.equal(install!.stdout, "1\n");
    assert.match(install!.stderr, /^ERROR bad request: unknown context "nope"/);
  });
});
