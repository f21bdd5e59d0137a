/**
 * Name formatters: option values such as "{app}-{name}" with a fixed set of placeholders
 * per option (like the Python charm's str.format, minus its surprises).
 */
export type Placeholder = "app" | "namespace" | "name" | "pool" | "pool-id";

const TOKEN = /\{([^{}]*)\}|[{}]/g;

/** The first problem with a formatter, or undefined when it only uses `allowed` placeholders. */
export function formatterProblem(template: string, allowed: readonly Placeholder[]): string | undefined {
  for (const m of template.matchAll(TOKEN)) {
    if (m[1] === undefined) return `unbalanced '${m[0]}'`;
    if (!(allowed as readonly string[]).includes(m[1])) {
      return `unknown placeholder {${m[1]}} (allowed: ${allowed.map((p) => `{${p}}`).join(", ")})`;
    }
  }
  return undefined;
}

/** Fills the placeholders; unknown ones are left as they are (validate first with formatterProblem). */
export function format(template: string, values: Partial<Record<Placeholder, string>>): string {
  return template.replace(TOKEN, (whole, key: string | undefined) => {
    if (key === undefined) return whole;
    const v = values[key as Placeholder];
    return v === undefined ? whole : v;
  });
}
