import type { Pair } from './paired-schema.js';

/** How the objects of one kind on a table line up between the live and target sides. */
export interface Matching<T> {
  /** Same object on both sides; `changed` when its definition differs. */
  readonly matched: ReadonlyArray<{ readonly live: Pair<T>; readonly target: Pair<T>; readonly changed: boolean }>;
  /** Only in the target. */
  readonly added: ReadonlyArray<Pair<T>>;
  /** Only in the live database. */
  readonly removed: ReadonlyArray<Pair<T>>;
}

/**
 * Lines up named objects (constraints, indexes) of one table. Objects with the same canonical
 * name are the same object; then an object without a name on either side is the same as one
 * with an equal definition on the other side (an unnamed target constraint gets a name from the
 * database, and an unnamed live one cannot be dropped by name, so neither is a change). Two
 * different names are two objects: a rename shows as a drop and a create.
 */
export function matchObjects<T extends { readonly name?: string | null }>(
  live: ReadonlyArray<Pair<T>>,
  target: ReadonlyArray<Pair<T>>,
): Matching<T> {
  const matched: Array<{ live: Pair<T>; target: Pair<T>; changed: boolean }> = [];
  const liveLeft = new Set(live);
  const targetLeft: Array<Pair<T>> = [];
  const byName = new Map<string, Pair<T>>();
  for (const l of live) if (l.norm.name) byName.set(l.norm.name, l);
  for (const t of target) {
    const l = t.norm.name ? byName.get(t.norm.name) : undefined;
    if (l && liveLeft.has(l)) {
      liveLeft.delete(l);
      matched.push({ live: l, target: t, changed: !sameDefinition(l.norm, t.norm) });
    } else {
      targetLeft.push(t);
    }
  }
  const added: Array<Pair<T>> = [];
  for (const t of targetLeft) {
    let found: Pair<T> | undefined;
    for (const x of liveLeft) {
      if ((!x.norm.name || !t.norm.name) && sameDefinition(x.norm, t.norm)) {
        found = x;
        break;
      }
    }
    if (found) {
      liveLeft.delete(found);
      matched.push({ live: found, target: t, changed: false });
    } else {
      added.push(t);
    }
  }
  return { matched, added, removed: [...liveLeft] };
}

/** True when two objects are the same apart from their names. */
export function sameDefinition(a: object, b: object): boolean {
  return sameData(a, b, 'name');
}

/**
 * Deep equality of plain data: object keys in any order, an undefined value the same as a
 * missing key (and as null, which the IR uses for "none"). `skip` names a top-level key left out.
 */
export function sameData(a: unknown, b: unknown, skip?: string): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((x, i) => sameData(x, other[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const key in x) if (key !== skip && !sameData(x[key], y[key])) return false;
  for (const key in y) if (key !== skip && !(key in x) && !sameData(undefined, y[key])) return false;
  return true;
}
