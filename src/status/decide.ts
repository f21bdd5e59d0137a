/**
 * The unit status, decided in one place from everything a hook found: the most important
 * problem (blocked before waiting, then priority, then the first found), else "Ready" with
 * its notes. Problems of a joinable id show together.
 */
import { CATALOG, type CatalogEntry } from "./catalog.ts";
import { message, type Note, type Problem } from "./problem.ts";

export interface UnitStatus {
  status: "active" | "blocked" | "waiting" | "maintenance";
  message: string;
}

const SEVERITY = { blocked: 2, waiting: 1 } as const;

/** The problem that becomes the status, or undefined when there is none. */
export function worstProblem(problems: readonly Problem[]): Problem | undefined {
  let worst: Problem | undefined;
  for (const p of problems) {
    if (
      worst === undefined ||
      SEVERITY[p.status] > SEVERITY[worst.status] ||
      (SEVERITY[p.status] === SEVERITY[worst.status] && p.priority > worst.priority)
    ) {
      worst = p;
    }
  }
  return worst;
}

export function decideStatus(problems: readonly Problem[], notes: readonly Note[] = []): UnitStatus {
  const worst = worstProblem(problems);
  if (worst !== undefined) {
    const entry = CATALOG[worst.id] as CatalogEntry;
    const text = entry.join
      ? [...new Set(problems.filter((p) => p.id === worst.id).map((p) => p.text))].join(", ")
      : worst.text;
    return { status: worst.status, message: text };
  }
  const suffix = [...new Set(notes.map((n) => n.text))].map((t) => ` (${t})`).join("");
  return { status: "active", message: `${message("ready").text}${suffix}` };
}
