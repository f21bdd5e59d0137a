/** Kubernetes label selectors: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`. */
export type Requirement =
  | { op: "eq" | "neq"; key: string; value: string }
  | { op: "in" | "notin"; key: string; values: string[] }
  | { op: "exists" | "notexists"; key: string };

/** Splits on commas that are not inside parentheses. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x !== "");
}

/** Parses a selector; throws an Error with a readable message when it is malformed. */
export function parseSelector(s: string): Requirement[] {
  return splitTop(s).map((part) => {
    let m = /^([^\s!=(),]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m) {
      const values = m[3]!.split(",").map((v) => v.trim()).filter((v) => v !== "");
      return { op: m[2] as "in" | "notin", key: m[1]!, values };
    }
    m = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/.exec(part);
    if (m) return { op: m[2] === "!=" ? "neq" : "eq", key: m[1]!, value: m[3]! };
    m = /^!\s*([^\s!=(),]+)$/.exec(part);
    if (m) return { op: "notexists", key: m[1]! };
    m = /^([^\s!=(),]+)$/.exec(part);
    if (m) return { op: "exists", key: m[1]! };
    // A key followed by something that is no operator: the API server's lexer message.
    m = /^([^\s!=(),]+)\s+([^\s!=(),]+)/.exec(part);
    if (m && m[2] !== "in" && m[2] !== "notin") throw new Error(`found '${m[2]}', expected: in, notin, =, ==, !=, gt, lt`);
    throw new Error(`unable to parse requirement: "${part}"`);
  });
}

export function matches(reqs: Requirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.hasOwn(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case "eq":
        return has && v === r.value;
      case "neq":
        return !has || v !== r.value;
      case "in":
        return has && r.values.includes(v!);
      case "notin":
        return !has || !r.values.includes(v!);
      case "exists":
        return has;
      case "notexists":
        return !has;
    }
    return false;
  });
}
