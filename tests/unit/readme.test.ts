/** The README stays true: its config reference is config.yaml's, and its commands exist. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { configReference, withConfigReference } from "../../scripts/readme-config.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");

describe("README", () => {
  it("carries the config reference generated from config.yaml (run `node scripts/readme-config.ts` after changing options)", () => {
    assert.equal(withConfigReference(readme), readme);
  });

  it("lists every option of config.yaml with its default", () => {
    const options = (parse(readFileSync(join(ROOT, "config.yaml"), "utf8")) as { options: Record<string, { default?: unknown }> }).options;
    const table = configReference();
    for (const [name, spec] of Object.entries(options)) {
      assert.ok(table.includes(`| \`${name}\` |`), name);
      const row = table.split("\n").find((l) => l.startsWith(`| \`${name}\` |`)) ?? "";
      const want = spec.default === undefined ? "(none)" : typeof spec.default === "string" ? `\`${JSON.stringify(spec.default)}\`` : `\`${String(spec.default)}\``;
      assert.equal(row.split(" | ")[2], want, `${name} default`);
    }
  });

  it("shows the two set-up commands and the test command, and they are npm scripts", () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    assert.ok(readme.includes("npm ci && npm run demo"));
    assert.ok(readme.includes("npm test"));
    for (const s of ["demo", "test", "pack", "bench", "render", "fake-kube"]) {
      assert.ok(scripts[s], `npm run ${s} exists`);
      assert.ok(readme.includes(`npm run ${s}`) || (s === "test" && readme.includes("npm test")), `README mentions npm run ${s}`);
    }
  });

  it(".ci/run installs the dependencies and runs the README's test command", () => {
    const ci = readFileSync(join(ROOT, ".ci/run"), "utf8");
    assert.match(ci, /npm ci/);
    assert.match(ci, /^npm test$/m);
    assert.match(ci, /ceph-mon ceph-mgr ceph-osd ceph-mds ceph-common/);
    assert.match(ci, /command -v kubectl[\s\S]*install .*kubernetes-client/, "kubectl for the fake API's tests");
  });
});
