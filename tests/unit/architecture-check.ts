/**
 * The architecture rules, checked on the syntax tree (TypeScript's own parser), not on the text:
 * what the decision modules may use and import, and what the fakes may take from src/. Each
 * check takes the root of a tree so a test can run it on a copy with a violation planted.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** Modules that touch the world (the seams). */
export const SEAM_DIRS = ["src/host/", "src/kube/", "src/charm/execute/"];
export const SEAM_FILES = [
  "src/juju/runner.ts",
  "src/juju/secrets.ts",
  "src/juju/actions.ts",
  "src/juju/config.ts",
  "src/juju/goal-state.ts",
  "src/juju/leader.ts",
  "src/juju/log.ts",
  "src/juju/relations.ts",
  "src/juju/state.ts",
  "src/juju/status.ts",
  "src/juju/version.ts",
  "src/juju/index.ts",
];
/** Packages that reach processes, files or the network. */
export const SEAM_PACKAGES = ["execa", "@kubernetes/client-node", "fs", "fs/promises", "child_process", "http", "https", "http2", "os", "dgram", "dns", "undici"];
export const isSeamFile = (rel: string): boolean => SEAM_DIRS.some((d) => rel.startsWith(d)) || SEAM_FILES.includes(rel);

/**
 * Node built-ins the decision may import, by name: pure functions of their arguments (a hash,
 * an address syntax check). Anything else from `node:*` is refused.
 */
const PURE_BUILTINS: Record<string, readonly string[]> = { "node:crypto": ["createHash"], "node:net": ["isIP"] };

/** Globals that read the clock, the environment, randomness or the network, or schedule work. */
const IMPURE_GLOBALS = new Set([
  "Date",
  "process",
  "fetch",
  "setTimeout",
  "setInterval",
  "setImmediate",
  "clearTimeout",
  "clearInterval",
  "clearImmediate",
  "queueMicrotask",
  "performance",
  "globalThis",
  "global",
  "require",
  "eval",
  "Function",
  "XMLHttpRequest",
  "WebSocket",
]);

export interface ModuleFacts {
  /** Static imports and re-exports that exist at run time (type-only ones left out). */
  imports: { spec: string; names: string[]; reexport: boolean; line: number }[];
  /** `import(…)` calls: the literal specifier, or undefined when it is computed. */
  dynamicImports: { spec: string | undefined; line: number }[];
  /** Impure globals used as values (`Date.now()`, `process.env`, `Math.random()`, …). */
  impure: { name: string; line: number }[];
}

function inTypePosition(node: ts.Node): boolean {
  for (let p: ts.Node | undefined = node.parent; p !== undefined; p = p.parent) {
    if (ts.isTypeNode(p) || ts.isTypeAliasDeclaration(p) || ts.isInterfaceDeclaration(p) || ts.isTypeParameterDeclaration(p)) return true;
    if (ts.isExpressionWithTypeArguments(p) && p.parent !== undefined && ts.isHeritageClause(p.parent) && p.parent.token === ts.SyntaxKind.ImplementsKeyword) return true;
  }
  return false;
}

/** Is this identifier a name (a property, a key, a declaration), not a reference to a global? */
function isNameOnly(id: ts.Identifier): boolean {
  const p = id.parent;
  if (p === undefined) return false;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return true;
  if (ts.isQualifiedName(p) && p.right === id) return true;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodSignature(p)) && p.name === id) return true;
  if ((ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p) || ts.isEnumMember(p)) && p.name === id) return true;
  if ((ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) && (p.propertyName === id || p.name === id)) return true;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return true;
  return false;
}

/** Parsed facts by file text (the planted copies share all but one file with the tree). */
const parsed = new Map<string, ModuleFacts>();

export function moduleFacts(fileName: string, text: string): ModuleFacts {
  const key = `${fileName.split("/").pop()}\u0000${text}`;
  const known = parsed.get(key);
  if (known !== undefined) return known;
  const facts = parse(fileName, text);
  parsed.set(key, facts);
  return facts;
}

function parse(fileName: string, text: string): ModuleFacts {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const facts: ModuleFacts = { imports: [], dynamicImports: [], impure: [] };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const values = named?.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text) ?? [];
      const runtime =
        clause === undefined || // a side-effect import
        (!clause.isTypeOnly && (clause.name !== undefined || (clause.namedBindings !== undefined && ts.isNamespaceImport(clause.namedBindings)) || values.length > 0));
      if (runtime) {
        const names = [...(clause?.name ? ["default"] : []), ...(clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings) ? ["*"] : []), ...values];
        facts.imports.push({ spec: node.moduleSpecifier.text, names, reexport: false, line: line(node) });
      }
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      if (!node.isTypeOnly) facts.imports.push({ spec: node.moduleReference.expression.text, names: ["="], reexport: false, line: line(node) });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause;
      const values = clause !== undefined && ts.isNamedExports(clause) ? clause.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text) : ["*"];
      if (!node.isTypeOnly && values.length > 0) facts.imports.push({ spec: node.moduleSpecifier.text, names: values, reexport: true, line: line(node) });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      facts.dynamicImports.push({ spec: arg !== undefined && ts.isStringLiteralLike(arg) ? arg.text : undefined, line: line(node) });
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "Math" && node.name.text === "random") {
      facts.impure.push({ name: "Math.random", line: line(node) });
    } else if (ts.isElementAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "Math") {
      facts.impure.push({ name: "Math[…]", line: line(node) });
    } else if (ts.isIdentifier(node) && IMPURE_GLOBALS.has(node.text) && !isNameOnly(node) && !inTypePosition(node)) {
      facts.impure.push({ name: node.text, line: line(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return facts;
}

/** The file a relative specifier names (`.ts` written out, as in this code base), or undefined. */
function resolveRelative(fromFile: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const target = resolve(dirname(fromFile), spec);
  for (const candidate of [target, `${target}.ts`, join(target, "index.ts")]) if (existsSync(candidate) && candidate.endsWith(".ts")) return candidate;
  return target;
}

/** Violations of the decision's purity, for the modules reachable from `entries` (paths under root). */
export function decisionViolations(root: string, entries: readonly string[]): { violations: string[]; modules: string[] } {
  const violations: string[] = [];
  const seen = new Set<string>();
  const queue = entries.map((e) => join(root, e));
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const rel = relative(root, file);
    if (!existsSync(file)) {
      violations.push(`${rel}: imported but not found`);
      continue;
    }
    const facts = moduleFacts(file, readFileSync(file, "utf8"));
    for (const u of facts.impure) violations.push(`${rel}:${u.line}: uses ${u.name}`);
    for (const d of facts.dynamicImports) violations.push(`${rel}:${d.line}: dynamic import(${d.spec ?? "…"})`);
    for (const i of facts.imports) {
      const target = resolveRelative(file, i.spec);
      if (target !== undefined) {
        const t = relative(root, target);
        if (isSeamFile(t)) violations.push(`${rel}:${i.line}: imports the seam ${t}`);
        else queue.push(target);
        continue;
      }
      const bare = i.spec.replace(/^node:/, "");
      if (i.spec.startsWith("node:") || SEAM_PACKAGES.some((p) => bare === p || bare.startsWith(`${p}/`))) {
        const allowed = PURE_BUILTINS[i.spec];
        const ok = allowed !== undefined && !i.reexport && i.names.every((n) => allowed.includes(n));
        if (!ok) violations.push(`${rel}:${i.line}: imports ${i.names.join(", ")} from ${i.spec}`);
      }
    }
  }
  return { violations, modules: [...seen].map((f) => relative(root, f)).sort() };
}

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => join(dir, f));
}

/** Does a specifier, from `file`, name something under root/src? */
function namesSrc(root: string, file: string, spec: string): boolean {
  const src = join(root, "src");
  if (spec.startsWith(".")) {
    const target = resolve(dirname(file), spec);
    return target === src || target.startsWith(`${src}/`);
  }
  return spec === "src" || spec.startsWith("src/") || spec.startsWith(`${src}/`) || spec.startsWith(`file://${src}/`);
}

/**
 * The fakes (tests/harness, but the in-process binding) take nothing from src/ at run time: no
 * import of a value, no re-export, no `import()` of src/ (nor any computed `import()`).
 */
export function fakeViolations(root: string, binding = "tests/harness/in-process/"): { violations: string[]; files: number } {
  const violations: string[] = [];
  const files = tsFiles(join(root, "tests/harness")).filter((f) => !relative(root, f).startsWith(binding));
  for (const file of files) {
    const rel = relative(root, file);
    const facts = moduleFacts(file, readFileSync(file, "utf8"));
    for (const i of facts.imports) {
      if (namesSrc(root, file, i.spec)) violations.push(`${rel}:${i.line}: ${i.reexport ? "re-exports" : "imports"} ${i.names.join(", ") || "(for its effects)"} from ${i.spec}`);
    }
    for (const d of facts.dynamicImports) {
      if (d.spec === undefined || namesSrc(root, file, d.spec)) violations.push(`${rel}:${d.line}: import(${d.spec ?? "computed"})`);
    }
    // `require` of src/ (createRequire) is loading it too.
    for (const u of facts.impure) if (u.name === "require") violations.push(`${rel}:${u.line}: require`);
  }
  return { violations, files: files.length };
}

/** Modules other than the executor, the seams and the entry points that import a seam. */
export function seamImporters(root: string): string[] {
  const out: string[] = [];
  for (const file of tsFiles(join(root, "src"))) {
    const rel = relative(root, file);
    if (isSeamFile(rel) || rel === "src/main.ts" || rel.startsWith("src/cli/")) continue;
    for (const i of moduleFacts(file, readFileSync(file, "utf8")).imports) {
      const target = resolveRelative(file, i.spec);
      const t = target !== undefined ? relative(root, target) : i.spec.replace(/^node:/, "");
      if (isSeamFile(t) || SEAM_PACKAGES.includes(t)) out.push(`${rel} → ${t}`);
    }
  }
  return out;
}
