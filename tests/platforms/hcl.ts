/**
 * A small reader for the HCL of terraform/: blocks (`type "label" { … }`) and attributes whose
 * values are literals (strings, numbers, booleans, null, lists, objects) come out as data; any
 * other expression comes out as an `Expr` holding its source text. Heredocs are not supported.
 */

export class Expr {
  readonly source: string;
  constructor(source: string) {
    this.source = source;
  }
}

export type Value = string | number | boolean | null | Expr | Value[] | { [key: string]: Value };

export interface Block {
  type: string;
  labels: string[];
  body: Body;
}

export interface Body {
  attributes: Record<string, Value>;
  blocks: Block[];
}

type Token = { kind: "ident" | "string" | "number" | "punct" | "nl"; text: string; value?: string; start: number; end: number };

/** End (exclusive) of a template interpolation starting just after `${`. */
function skipInterpolation(src: string, i: number): number {
  let depth = 1;
  while (i < src.length && depth > 0) {
    const c = src[i];
    if (c === '"') i = skipString(src, i + 1);
    else {
      if (c === "{") depth++;
      else if (c === "}") depth--;
      i++;
    }
  }
  return i;
}

/** End (exclusive) of a quoted string whose opening quote is just before `i`. */
function skipString(src: string, i: number): number {
  while (i < src.length) {
    const c = src[i];
    if (c === "\\") i += 2;
    else if (c === '"') return i + 1;
    else if (c === "$" && src[i + 1] === "{") i = skipInterpolation(src, i + 2);
    else if (c === "\n") throw new Error(`unterminated string at ${i}`);
    else i++;
  }
  throw new Error("unterminated string");
}

function decodeString(raw: string): string | undefined {
  if (raw.includes("${")) return undefined;
  return raw.slice(1, -1).replace(/\\(["\\nrt])/g, (_, c: string) => ({ n: "\n", r: "\r", t: "\t" })[c] ?? c);
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    const start = i;
    if (c === "\n") {
      out.push({ kind: "nl", text: c, start, end: ++i });
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === "#" || (c === "/" && src[i + 1] === "/")) {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "/" && src[i + 1] === "*") {
      const close = src.indexOf("*/", i + 2);
      if (close < 0) throw new Error("unterminated comment");
      i = close + 2;
    } else if (c === "<" && src[i + 1] === "<") {
      throw new Error(`heredoc at ${i} is not supported`);
    } else if (c === '"') {
      i = skipString(src, i + 1);
      const text = src.slice(start, i);
      const value = decodeString(text);
      out.push({ kind: "string", text, ...(value !== undefined ? { value } : {}), start, end: i });
    } else if (/[0-9]/.test(c)) {
      while (i < src.length && /[0-9.eE]/.test(src[i] as string)) i++;
      out.push({ kind: "number", text: src.slice(start, i), start, end: i });
    } else if (/[A-Za-z_]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_-]/.test(src[i] as string)) i++;
      out.push({ kind: "ident", text: src.slice(start, i), start, end: i });
    } else {
      const two = src.slice(i, i + 2);
      const len = ["==", "!=", "<=", ">=", "&&", "||", "=>", "..."].includes(src.slice(i, i + 3)) ? 3 : ["==", "!=", "<=", ">=", "&&", "||", "=>"].includes(two) ? 2 : 1;
      i += len;
      out.push({ kind: "punct", text: src.slice(start, i), start, end: i });
    }
  }
  return out;
}

class Parser {
  #pos = 0;
  readonly src: string;
  readonly tokens: Token[];
  constructor(src: string, tokens: Token[]) {
    this.src = src;
    this.tokens = tokens;
  }

  #peek(): Token | undefined {
    return this.tokens[this.#pos];
  }
  #next(): Token {
    const t = this.tokens[this.#pos++];
    if (!t) throw new Error("unexpected end of file");
    return t;
  }
  #skipNewlines(): void {
    while (this.#peek()?.kind === "nl") this.#pos++;
  }
  #expect(text: string): void {
    const t = this.#next();
    if (t.text !== text) throw new Error(`expected '${text}' at ${t.start}, found '${t.text}'`);
  }

  body(closing?: string): Body {
    const body: Body = { attributes: {}, blocks: [] };
    for (;;) {
      this.#skipNewlines();
      const t = this.#peek();
      if (!t) {
        if (closing) throw new Error(`missing '${closing}'`);
        return body;
      }
      if (closing && t.text === closing) {
        this.#pos++;
        return body;
      }
      const name = this.#next();
      if (name.kind !== "ident") throw new Error(`expected a name at ${name.start}, found '${name.text}'`);
      if (this.#peek()?.text === "=") {
        this.#pos++;
        body.attributes[name.text] = this.value(["nl", closing ?? ""]);
        continue;
      }
      const labels: string[] = [];
      while (this.#peek()?.kind === "string" || this.#peek()?.kind === "ident") {
        const label = this.#next();
        labels.push(label.value ?? label.text);
      }
      this.#expect("{");
      body.blocks.push({ type: name.text, labels, body: this.body("}") });
    }
  }

  /** A value; a literal when the whole expression is one, else an Expr up to a terminator at depth 0. */
  value(terminators: string[]): Value {
    const start = this.#pos;
    const literal = this.#literal();
    if (literal !== undefined) {
      const t = this.#peek();
      if (!t || t.kind === "nl" || t.text === "," || terminators.includes(t.text)) return literal.value;
    }
    this.#pos = start;
    return this.#expr(terminators);
  }

  #literal(): { value: Value } | undefined {
    const t = this.#peek();
    if (!t) return undefined;
    if (t.kind === "string" && t.value !== undefined) {
      this.#pos++;
      return { value: t.value };
    }
    if (t.kind === "number") {
      this.#pos++;
      return { value: Number(t.text) };
    }
    if (t.kind === "ident" && ["true", "false", "null"].includes(t.text)) {
      this.#pos++;
      return { value: t.text === "null" ? null : t.text === "true" };
    }
    if (t.text === "-" && this.tokens[this.#pos + 1]?.kind === "number") {
      this.#pos += 2;
      return { value: -Number(this.tokens[this.#pos - 1]?.text) };
    }
    if (t.text === "[") return this.#list();
    if (t.text === "{") return this.#object();
    return undefined;
  }

  #list(): { value: Value[] } | undefined {
    this.#pos++;
    const items: Value[] = [];
    for (;;) {
      this.#skipNewlines();
      if (this.#peek()?.text === "]") {
        this.#pos++;
        return { value: items };
      }
      const item = this.#literal();
      if (!item) return undefined; // e.g. a for expression
      items.push(item.value);
      this.#skipNewlines();
      if (this.#peek()?.text === ",") this.#pos++;
      else if (this.#peek()?.text !== "]") return undefined;
    }
  }

  #object(): { value: { [key: string]: Value } } | undefined {
    this.#pos++;
    const obj: { [key: string]: Value } = {};
    for (;;) {
      this.#skipNewlines();
      const k = this.#peek();
      if (k?.text === "}") {
        this.#pos++;
        return { value: obj };
      }
      if (!k || (k.kind !== "ident" && !(k.kind === "string" && k.value !== undefined))) return undefined;
      this.#pos++;
      const eq = this.#next();
      if (eq.text !== "=" && eq.text !== ":") return undefined;
      const v = this.#literal();
      if (!v) return undefined;
      obj[k.value ?? k.text] = v.value;
      if (this.#peek()?.text === ",") {
        this.#pos++;
        continue;
      }
      const after = this.#peek();
      if (after?.kind !== "nl" && after?.text !== "}") return undefined;
    }
  }

  #expr(terminators: string[]): Expr {
    const first = this.#peek();
    if (!first) throw new Error("expected an expression");
    let depth = 0;
    let end = first.start;
    for (;;) {
      const t = this.#peek();
      if (!t) break;
      if (depth === 0 && (t.kind === "nl" || terminators.includes(t.text))) break;
      if (["(", "[", "{"].includes(t.text)) depth++;
      if ([")", "]", "}"].includes(t.text)) depth--;
      end = t.end;
      this.#pos++;
    }
    return new Expr(this.src.slice(first.start, end));
  }
}

export function parseHcl(src: string): Body {
  const p = new Parser(src, tokenize(src));
  return p.body();
}

/** The blocks of `type` (and first label `label`, if given) across bodies. */
export function blocks(bodies: Body[], type: string, label?: string): Block[] {
  return bodies.flatMap((b) => b.blocks).filter((b) => b.type === type && (label === undefined || b.labels[0] === label));
}
