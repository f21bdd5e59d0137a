/**
 * terraform/: the module's variables, defaults and endpoint maps agree with config.yaml,
 * metadata.yaml and charmcraft.yaml; it is `terraform fmt` clean; and its validation rules
 * accept the charm's own defaults and refuse what the charm would block on. Terraform needs no
 * provider for the last two, so nothing is downloaded (no `terraform init`).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { charmPlatforms } from "../../scripts/platforms.ts";
import { REPO } from "./craft-part.ts";
import { type Body, blocks, Expr, parseHcl, type Value } from "./hcl.ts";

const TF_DIR = join(REPO, "terraform");
const tfFiles = readdirSync(TF_DIR).filter((f) => f.endsWith(".tf"));
const bodies: Body[] = tfFiles.map((f) => parseHcl(readFileSync(join(TF_DIR, f), "utf8")));
const metadata = parse(readFileSync(join(REPO, "metadata.yaml"), "utf8")) as {
  name: string;
  requires?: Record<string, unknown>;
  provides?: Record<string, unknown>;
};
const options = (parse(readFileSync(join(REPO, "config.yaml"), "utf8")) as { options: Record<string, { type: string; default: unknown }> }).options;

const terraform = spawnSync("sh", ["-c", "command -v terraform"], { encoding: "utf8" }).stdout.trim();

function variable(name: string): Body {
  const b = blocks(bodies, "variable", name)[0];
  assert.ok(b, `variable ${name}`);
  return b.body;
}
function output(name: string): Value | undefined {
  return blocks(bodies, "output", name)[0]?.body.attributes["value"];
}
function locals(): Record<string, Value> {
  return Object.assign({}, ...blocks(bodies, "locals").map((b) => b.body.attributes));
}
/** Terraform-friendly endpoint names, as Canonical's modules key them. */
const endpointMap = (eps: Record<string, unknown> | undefined) => Object.fromEntries(Object.keys(eps ?? {}).map((e) => [e.replaceAll("-", "_"), e]));

describe("terraform module", function () {
  this.timeout(120_000);

  it("has the variables of Canonical's charm modules, with the charm's name and bases", () => {
    const names = blocks(bodies, "variable").map((b) => b.labels[0]);
    assert.deepEqual(names.sort(), ["app_name", "base", "channel", "config", "constraints", "model", "revision"]);
    assert.equal(variable("app_name").attributes["default"], metadata.name);
    assert.equal(variable("revision").attributes["default"], null);
    assert.equal(variable("constraints").attributes["default"], null);
    assert.ok(!("default" in variable("model").attributes), "model is required");
    const bases = [...new Set(charmPlatforms().map((p) => p.base))].sort();
    assert.deepEqual(locals()["bases"], bases, "local.bases are charmcraft.yaml's bases");
    assert.ok(bases.includes(variable("base").attributes["default"] as string));
  });

  it("config defaults to none (the charm's own defaults apply) and knows every option of config.yaml by type", () => {
    assert.deepEqual(variable("config").attributes["default"], {});
    const byType: Record<string, string[]> = {};
    for (const [name, o] of Object.entries(options)) byType[o.type] = [...(byType[o.type] ?? []), name];
    for (const list of Object.values(byType)) list.sort();
    assert.deepEqual(locals()["config_options"], byType);
  });

  it("deploys the charm by its metadata name with every variable", () => {
    const app = blocks(bodies, "resource", "juju_application")[0];
    assert.ok(app, "a juju_application resource");
    const charm = app.body.blocks.find((b) => b.type === "charm");
    assert.equal(charm?.body.attributes["name"], metadata.name);
    const used = JSON.stringify(app.body, (_, v) => (v instanceof Expr ? v.source : v));
    for (const b of blocks(bodies, "variable")) assert.ok(used.includes(`var.${b.labels[0]}`), `var.${b.labels[0]} is used`);
    assert.ok(!("units" in app.body.attributes), "a subordinate has no units of its own");
  });

  it("outputs the application name and its endpoints as metadata.yaml declares them (peers left out)", () => {
    assert.ok(output("app_name") instanceof Expr);
    assert.deepEqual(output("requires"), endpointMap(metadata.requires));
    assert.deepEqual(output("provides"), endpointMap(metadata.provides));
  });

  it("is formatted (terraform fmt -check -recursive terraform)", () => {
    if (!terraform) {
      console.log("      terraform is not installed: fmt -check not run");
      return;
    }
    const r = spawnSync(terraform, ["fmt", "-check", "-recursive", "terraform"], { cwd: REPO, encoding: "utf8" });
    assert.equal(r.status, 0, `terraform fmt would change: ${r.stdout}${r.stderr}`);
  });

  it("its validations accept config.yaml's defaults and refuse unknown options, bad values and other bases (terraform console)", () => {
    if (!terraform) {
      console.log("      terraform is not installed: validations not evaluated");
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), "ceph-csi-tf-"));
    try {
      // Variables and locals only: no provider, so terraform needs no init.
      for (const f of ["variables.tf", "locals.tf"]) copyFileSync(join(TF_DIR, f), join(dir, f));
      const evaluate = (vars: Record<string, unknown>) => {
        const args = ["console", "-var", "model=00000000-0000-0000-0000-000000000000"];
        for (const [k, v] of Object.entries(vars)) args.push("-var", `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
        // terraform console reports a failed validation on stderr but still exits 0.
        return spawnSync(terraform, [...args, "-no-color"], { cwd: dir, input: "var.config\n", encoding: "utf8" });
      };
      const defaults = Object.fromEntries(Object.entries(options).map(([k, o]) => [k, String(o.default)]));
      const ok = evaluate({ config: defaults, base: "ubuntu@22.04" });
      assert.equal(ok.status, 0, ok.stderr);
      assert.doesNotMatch(ok.stderr, /Error/, ok.stderr);
      assert.match(ok.stdout, /"provisioner-replicas" = "3"/);
      for (const [vars, message] of [
        [{ config: { "no-such-option": "1" } }, /config names an option ceph-csi does not have/],
        [{ config: { "cephfs-enable": "yes" } }, /Boolean options of ceph-csi take "true" or "false"/],
        [{ config: { "provisioner-replicas": "3.5" } }, /Integer options of ceph-csi take a decimal integer/],
        [{ base: "ubuntu@20.04" }, /base must be one of ubuntu@22\.04, ubuntu@24\.04/],
      ] as const) {
        const r = evaluate(vars);
        assert.match(r.stderr, /Error: Invalid value for variable/, `accepted ${JSON.stringify(vars)}: ${r.stdout}`);
        assert.match(r.stderr, message);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
