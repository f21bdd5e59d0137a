/**
 * Injected faults, shared by the HTTP server and the in-memory API: which requests a fault
 * matches (method, path), how many it lets through first and how many it hits.
 */
export interface FaultMatch {
  /** Only requests with this method (or one of these). */
  method?: string | string[];
  /** Only paths containing this string, or matching this RegExp. */
  path?: string | RegExp;
  /** Let the first `after` matching requests through. */
  after?: number;
  /** Then fault this many matching requests (default: every one). */
  times?: number;
}

export interface FaultHandle {
  readonly hits: number;
  remove(): void;
}

interface Active<S> {
  spec: S;
  name: string;
  seen: number;
  hits: number;
}

export class Faults<S extends FaultMatch> {
  #active: Active<S>[] = [];
  #seq = 0;

  add(spec: S): FaultHandle {
    const f: Active<S> = { spec, name: `fault-${++this.#seq}`, seen: 0, hits: 0 };
    this.#active.push(f);
    return {
      get hits() {
        return f.hits;
      },
      remove: () => {
        this.#active = this.#active.filter((x) => x !== f);
      },
    };
  }

  clear(): void {
    this.#active = [];
  }

  /** The fault that hits this request, counted as hit; undefined when none does. */
  match(method: string, path: string): { spec: S; name: string } | undefined {
    for (const f of this.#active) {
      const m = f.spec.method;
      if (m && !(Array.isArray(m) ? m : [m]).includes(method)) continue;
      if (typeof f.spec.path === "string" && !path.includes(f.spec.path)) continue;
      if (f.spec.path instanceof RegExp && !f.spec.path.test(path)) continue;
      f.seen++;
      if (f.seen <= (f.spec.after ?? 0)) continue;
      if (f.spec.times !== undefined && f.hits >= f.spec.times) continue;
      f.hits++;
      return f;
    }
    return undefined;
  }
}
