/** Relation data as the charm reads it: unit name → string bag. */
export type Bag = Readonly<Record<string, string>>;
export type UnitBags = Readonly<Record<string, Bag>>;

/** Juju deletes a key set to "": an empty value is the same as an absent one. */
export function present(bag: Bag | undefined, key: string): string | undefined {
  const v = bag?.[key];
  return v === undefined || v === "" ? undefined : v;
}

/** The non-empty values of `fields` in a bag (Juju's own address keys and anything else left out). */
export function pick<K extends string>(bag: Bag | undefined, fields: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const f of fields) {
    const v = present(bag, f);
    if (v !== undefined) out[f] = v;
  }
  return out;
}

/** The value most units agree on (ties: the one seen first in sorted unit order). */
export function majority(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}
