/**
 * terraform/: parsed with HashiCorp's HCL parser (tests/platforms/hcl.ts), every resource,
 * attribute and block agrees with the Juju provider's schema (tests/platforms/juju-provider-schema.ts),
 * the app being a subordinate; its inputs, bases and endpoint maps agree with config.yaml,
 * metadata.yaml and charmcraft.yaml; the examples in terraform/README.md and README.md pass the
 * same checks. With `terraform` installed it is `fmt` clean and its validations accept the
 * charm's defaults and refuse what the charm would block on (no provider, no `terraform init`);
 * without it those two are pending.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { charmPlatforms } from "../../scripts/platforms.ts";
import { REPO } from "./craft-part.ts";
import { type Body, blocks, bodies, isExpr, parseDir, parseMarkdownHcl } from "./hcl.ts";
import { providerSchemaProblems } from "./juju-provider-schema.ts";

const TF_DIR = join(REPO, "terraform");
const APP = "juju_application.ceph_csi";
const metadata = parse(readFileSync(join(REPO, "metadata.yaml"), "utf8")) as {
  name: string;
  subordinate?: boolean;
  requires?: Record<string, unknown>;
  provides?: Record<string, unknown>;
};
const options = (parse(readFileSync(join(REPO, "config.yaml"), "utf8")) as { options: Record<string, { type: string; default?: unknown }> }).options;

const terraform = spawnSync("sh", ["-c", "command -v terraform"], { encoding: "utf8" }).stdout.trim();

/** Marks the running test pending, its reason in the title (mocha's summary lists pending titles). */
function pendingWithout(ctx: Mocha.Context, tool: string, what: string): void {
  if (ctx.test) ctx.test.title += ` (pending: ${tool} is not installed, ${what} not checked)`;
  ctx.skip();
}

/** Terraform-friendly endpoint names, as Canonical's modules key them. */
const endpointMap = (eps: Record<string, unknown> | undefined) => Object.fromEntries(Object.keys(eps ?? {}).map((e) => [e.replaceAll("-", "_"), e]));

describe("terraform module", function () {
  this.timeout(120_000);
  let docs: Body[];
  const variable = (name: string): Body => {
    const b = blocks(docs, "variable").find((x) => x.labels[0] === name);
    assert.ok(b, `variable ${name}`);
    return b.body;
  };
  const locals = (): Body => Object.assign({}, ...bodies(docs, "locals"));
  const app = (): Body => {
    const a = blocks(docs, "resource", 2).find((x) => x.labels.join(".") === APP);
    assert.ok(a, `resource ${APP}`);
    return a.body;
  };

  before(async () => {
    docs = Object.values(await parseDir(TF_DIR));
  });

  it("has the inputs of Canonical's charm modules for provider >= 1.0 (model_uuid, no constraints), with the charm's name and bases", () => {
    const names = blocks(docs, "variable").map((b) => b.labels[0]);
    assert.deepEqual(names.sort(), ["app_name", "base", "channel", "config", "model_uuid", "revision"]);
    assert.equal(variable("app_name")["default"], metadata.name);
    assert.equal(variable("revision")["default"], null);
    assert.ok(!("default" in variable("model_uuid")), "model_uuid is required");
    const bases = [...new Set(charmPlatforms().map((p) => p.base))].sort();
    assert.deepEqual(locals()["bases"], bases, "local.bases are charmcraft.yaml's bases");
    assert.ok(bases.includes(variable("base")["default"]));
    for (const b of blocks(docs, "variable")) assert.ok(typeof b.body["description"] === "string" && b.body["description"] !== "", `variable ${b.labels[0]} has a description`);
  });

  it("config defaults to none (the charm's own defaults apply) and knows every option of config.yaml by type", () => {
    assert.deepEqual(variable("config")["default"], {});
    const byType: Record<string, string[]> = {};
    for (const [name, o] of Object.entries(options)) byType[o.type] = [...(byType[o.type] ?? []), name];
    for (const list of Object.values(byType)) list.sort();
    assert.deepEqual(locals()["config_options"], byType);
  });

  it("deploys the charm by its metadata name with every variable, as the subordinate metadata.yaml declares (no units, machines or constraints)", () => {
    assert.equal(metadata.subordinate, true);
    const body = app();
    assert.equal(body["charm"]?.[0]?.["name"], metadata.name);
    const used = JSON.stringify(body);
    for (const b of blocks(docs, "variable")) assert.ok(used.includes(`var.${b.labels[0]}`), `var.${b.labels[0]} is used`);
    for (const k of ["units", "machines", "constraints"]) assert.ok(!(k in body), `a subordinate sets no ${k}`);
    assert.equal(body["model_uuid"], ["$", "{var.model_uuid}"].join(""), "model_uuid = var.model_uuid");
  });

  it("every resource, attribute and block agrees with the Juju provider's schema (the app as a subordinate)", () => {
    assert.deepEqual(providerSchemaProblems(docs, [APP]), []);
  });

  it("requires the juju/juju provider from 1.0.0 on (model_uuid) and below 3", () => {
    const providers = bodies(docs, "terraform").flatMap((t) => (t["required_providers"] ?? []) as Body[]);
    const juju = providers.map((p) => p["juju"]).find((x) => x !== undefined);
    assert.equal(juju?.["source"], "juju/juju");
    assert.match(juju?.["version"] ?? "", /^>= ?1\.\d+\.\d+, ?< ?3\.0\.0$/);
  });

  it("outputs the application name and its endpoints as metadata.yaml declares them (peers left out), each with a description", () => {
    const outputs: Record<string, Body> = Object.fromEntries(blocks(docs, "output").map((b) => [b.labels[0], b.body]));
    assert.deepEqual(Object.keys(outputs).sort(), ["app_name", "provides", "requires"]);
    for (const [name, o] of Object.entries(outputs)) assert.ok(typeof o["description"] === "string" && o["description"].length > 10, `output ${name} has a description`);
    assert.ok(isExpr(outputs["app_name"]?.["value"]));
    assert.deepEqual(outputs["requires"]?.["value"], endpointMap(metadata.requires));
    assert.deepEqual(outputs["provides"]?.["value"], endpointMap(metadata.provides));
  });

  for (const readme of ["terraform/README.md", "README.md"]) {
    it(`${readme}: its HCL parses and agrees with the provider's schema; module "ceph_csi" gets every required input and only known ones`, async () => {
      const examples = await parseMarkdownHcl(join(REPO, readme));
      assert.ok(examples.length > 0, "an hcl example");
      assert.deepEqual(providerSchemaProblems(examples), []);
      const inputs = blocks(docs, "variable").map((b) => b.labels[0]);
      const required = blocks(docs, "variable").filter((b) => !("default" in b.body)).map((b) => b.labels[0]);
      const modules = blocks(examples, "module").filter((m) => m.labels[0] === "ceph_csi");
      assert.equal(modules.length, 1, "one module ceph_csi");
      const { source, ...given } = modules[0]?.body ?? {};
      assert.ok(typeof source === "string");
      assert.deepEqual(Object.keys(given).filter((k) => !inputs.includes(k)), [], "unknown inputs");
      for (const r of required) assert.ok(r !== undefined && r in given, `input ${r}`);
      const outputsUsed = [...JSON.stringify(examples).matchAll(/module\.ceph_csi\.(\w+)(?:\.(\w+))?/g)];
      const requires = endpointMap(metadata.requires);
      for (const m of outputsUsed) {
        assert.ok(["app_name", "requires", "provides"].includes(m[1] as string), `output ${m[1]}`);
        if (m[1] === "requires") assert.ok((m[2] as string) in requires, `requires.${m[2]}`);
      }
    });
  }

  it("sees a planted mistake fail the checks (a temp copy of terraform/)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ceph-csi-tf-plant-"));
    try {
      cpSync(TF_DIR, dir, { recursive: true });
      const main = readFileSync(join(dir, "main.tf"), "utf8");
      const planted: [string, (s: string) => string, RegExp][] = [
        ["constraints on the subordinate", (s) => s.replace("  config = var.config\n", '  config      = var.config\n  constraints = "arch=amd64"\n'), /subordinate application must be deployed without constraints/],
        ["the 0.x model argument", (s) => s.replace("model_uuid = var.model_uuid", "model      = var.model_uuid"), /Unsupported argument "model" \(removed in provider 1\.0\.0; use model_uuid\)[\s\S]*Missing required argument "model_uuid"/],
        ["placement", (s) => s.replace("  config = var.config\n", '  config    = var.config\n  placement = "0"\n'), /Unsupported argument "placement"/],
        ["units = 0", (s) => s.replace("  config = var.config\n", "  config = var.config\n  units  = 0\n"), /units must be left out/],
        ["charm.series", (s) => s.replace("    base     = var.base\n", '    base     = var.base\n    series   = "jammy"\n'), /charm\[0\]: Unsupported argument "series"/],
        ["a misspelt attribute", (s) => s.replace("  config = var.config\n", "  configs = var.config\n"), /Unsupported argument "configs"/],
        ["a computed attribute", (s) => s.replace("  config = var.config\n", '  config     = var.config\n  model_type = "iaas"\n'), /"model_type" is computed/],
        ["a second charm block", (s) => s.replace("  config = var.config\n", '  config = var.config\n  charm {\n    name = "x"\n  }\n'), /block charm must appear exactly 1 time\(s\), got 2/],
        ["a literal model name", (s) => s.replace("model_uuid = var.model_uuid", 'model_uuid = "k8s"'), /model_uuid must be a valid UUID, got: k8s/],
        ["a series as base", (s) => s.replace("base     = var.base", 'base     = "jammy"'), /base must conform to name@channel/],
      ];
      for (const [what, change, expected] of planted) {
        const text = change(main);
        assert.notEqual(text, main, `${what}: planted`);
        writeFileSync(join(dir, "main.tf"), text);
        const problems = providerSchemaProblems(Object.values(await parseDir(dir)), [APP]);
        assert.match(problems.join("\n"), expected, `${what}: ${problems.join("; ") || "no problem found"}`);
      }
      writeFileSync(join(dir, "main.tf"), main.replace("config = var.config", "config = "));
      await assert.rejects(parseDir(dir), /Invalid expression|Missing expression|expression/i, "HCL's parser refuses a syntax error");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is formatted (terraform fmt -check -recursive terraform)", function () {
    if (!terraform) return pendingWithout(this, "terraform", "fmt -check");
    const r = spawnSync(terraform, ["fmt", "-check", "-recursive", "terraform"], { cwd: REPO, encoding: "utf8" });
    assert.equal(r.status, 0, `terraform fmt would change: ${r.stdout}${r.stderr}`);
  });

  it("its validations accept config.yaml's defaults and refuse unknown options, bad values, other bases and a model name (terraform console)", function () {
    if (!terraform) return pendingWithout(this, "terraform", "the input validations");
    const dir = mkdtempSync(join(tmpdir(), "ceph-csi-tf-"));
    try {
      // Variables and locals only: no provider, so terraform needs no init.
      for (const f of ["variables.tf", "locals.tf"]) copyFileSync(join(TF_DIR, f), join(dir, f));
      const evaluate = (vars: Record<string, unknown>) => {
        const args = ["console"];
        for (const [k, v] of Object.entries({ model_uuid: "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", ...vars })) args.push("-var", `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
        // terraform console reports a failed validation on stderr but still exits 0.
        return spawnSync(terraform, [...args, "-no-color"], { cwd: dir, input: "var.config\n", encoding: "utf8" });
      };
      const defaults = Object.fromEntries(Object.entries(options).filter(([, o]) => o.default !== undefined).map(([k, o]) => [k, String(o.default)]));
      for (const base of ["ubuntu@22.04", "ubuntu@24.04", "ubuntu@26.04"]) {
        const ok = evaluate({ config: defaults, base });
        assert.equal(ok.status, 0, ok.stderr);
        assert.doesNotMatch(ok.stderr, /Error/, ok.stderr);
        assert.match(ok.stdout, /"provisioner-replicas" = "3"/);
      }
      for (const [vars, message] of [
        [{ config: { "no-such-option": "1" } }, /config names an option ceph-csi does not have/],
        [{ config: { "cephfs-enable": "yes" } }, /Boolean options of ceph-csi take "true" or "false"/],
        [{ config: { "provisioner-replicas": "3.5" } }, /Integer options of ceph-csi take a decimal integer/],
        [{ base: "ubuntu@20.04" }, /base must be one of ubuntu@22\.04, ubuntu@24\.04, ubuntu@26\.04/],
        [{ model_uuid: "k8s" }, /model_uuid must be a model UUID/],
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
