/**
 * Messages built from the catalog: the only way code makes a status text. `message(id, vars)`
 * fills the template (TypeScript checks that `vars` names exactly its placeholders) and
 * redacts anything that looks like a key.
 */
import { redact } from "../redact.ts";
import { CATALOG, type MessageId, type StatusName } from "./catalog.ts";

type Placeholders<T extends string> = T extends `${string}<${infer K}>${infer Rest}` ? K | Placeholders<Rest> : never;

/** The variables a message needs: one per `<placeholder>` of its template. */
export type VarsOf<Id extends MessageId> = { readonly [K in Placeholders<(typeof CATALOG)[Id]["template"]>]: string | number };

type StatusOf<Id extends MessageId> = (typeof CATALOG)[Id]["status"];

declare const fromCatalog: unique symbol;

export interface Message<S extends StatusName = StatusName> {
  readonly id: MessageId;
  readonly status: S;
  readonly priority: number;
  readonly text: string;
  /** Only message() makes one. */
  readonly [fromCatalog]: true;
}

/** Something in the way: the unit status unless something more important is found. */
export type Problem = Message<"blocked" | "waiting">;
/** An addition to "Ready": the unit works, with a remark. */
export type Note = Message<"active">;

export type ProblemId = { [K in MessageId]: StatusOf<K> extends "blocked" | "waiting" ? K : never }[MessageId];
export type NoteId = { [K in MessageId]: StatusOf<K> extends "active" ? K : never }[MessageId];

/** The longest text a variable part may add (status lines stay readable). */
const MAX_VAR = 200;

export function fill(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(/<([^<>]+)>/g, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined) return whole;
    // Redacted before it is cut: a cut through a key leaves a piece no rule recognises.
    const text = redact(String(v).replace(/[\r\n]+/g, " "));
    return text.length > MAX_VAR ? `${text.slice(0, MAX_VAR - 1)}…` : text;
  });
}

export function message<Id extends MessageId>(id: Id, ...vars: keyof VarsOf<Id> extends never ? [] : [VarsOf<Id>]): Message<StatusOf<Id>> {
  const entry: { status: StatusName; priority: number; template: string } = CATALOG[id];
  const text = redact(fill(entry.template, (vars[0] ?? {}) as Record<string, string | number>));
  return { id, status: entry.status, priority: entry.priority, text } as unknown as Message<StatusOf<Id>>;
}

/** A problem (blocked or waiting) from the catalog. */
export function problem<Id extends ProblemId>(id: Id, ...vars: keyof VarsOf<Id> extends never ? [] : [VarsOf<Id>]): Problem {
  return message(id, ...vars) as Problem;
}

export function note<Id extends NoteId>(id: Id, ...vars: keyof VarsOf<Id> extends never ? [] : [VarsOf<Id>]): Note {
  return message(id, ...vars) as Note;
}

export function isProblem(m: Message): m is Problem {
  return m.status === "blocked" || m.status === "waiting";
}
