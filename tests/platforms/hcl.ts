/**
 * Terraform files read with HashiCorp's own HCL parser (the Go `hcl/v2` library compiled to
 * WebAssembly, npm `@cdktf/hcl2json`), in its JSON form: blocks are keyed by type and labels and
 * hold lists of bodies (`resource.juju_application.x[0]`), nested blocks are lists of bodies
 * (`charm[0]`), literals are JSON values and any other expression is a `"${…}"` string.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "@cdktf/hcl2json";

// biome-ignore lint/suspicious/noExplicitAny: hcl2json's output is untyped JSON
export type Hcl = any;
export type Body = Record<string, Hcl>;

/** One HCL document (a file or a fenced example), parsed; a syntax error rejects with HCL's message. */
export function parseHcl(name: string, text: string): Promise<Body> {
  return parse(name, text) as Promise<Body>;
}

/** Every `.tf` file of `dir`, parsed, by file name. */
export async function parseDir(dir: string): Promise<Record<string, Body>> {
  const files = readdirSync(dir).filter((f) => f.endsWith(".tf")).sort();
  const out: Record<string, Body> = {};
  for (const f of files) out[f] = await parseHcl(f, readFileSync(join(dir, f), "utf8"));
  return out;
}

/** The ```hcl fenced blocks of a Markdown file, parsed. */
export async function parseMarkdownHcl(path: string): Promise<Body[]> {
  const text = readFileSync(path, "utf8");
  const blocks = [...text.matchAll(/```hcl\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  return Promise.all(blocks.map((b, i) => parseHcl(`${path}#${i + 1}`, b)));
}

/** A whole-value expression (`"${var.x}"`), as hcl2json writes anything that is not a literal. */
export function isExpr(v: unknown): v is string {
  return typeof v === "string" && v.startsWith("${") && v.endsWith("}");
}

/** Labelled blocks of one type across documents: `variable "x" {}` → [{ labels: ["x"], body }]. */
export function blocks(docs: readonly Body[], type: string, depth = 1): { labels: string[]; body: Body }[] {
  const out: { labels: string[]; body: Body }[] = [];
  const walk = (node: Hcl, labels: string[]) => {
    if (labels.length === depth) {
      for (const body of node as Body[]) out.push({ labels, body });
      return;
    }
    for (const [k, v] of Object.entries(node as Body)) walk(v, [...labels, k]);
  };
  for (const d of docs) if (d[type] !== undefined) walk(d[type], []);
  return out;
}

/** Unlabelled blocks (`locals`, `terraform`) across documents. */
export function bodies(docs: readonly Body[], type: string): Body[] {
  return docs.flatMap((d) => (d[type] ?? []) as Body[]);
}
