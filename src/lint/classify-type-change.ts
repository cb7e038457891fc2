import { formatColumnType, type ColumnType } from '../schema/column-type.js';

/**
 * How a column type change treats the values already stored:
 * - `same`: nothing changes;
 * - `widening`: every old value fits the new type unchanged;
 * - `narrowing`: the new type holds less (length, range, precision, scale, time zone, time of
 *   day): values that do not fit make the change fail, or are rounded or cut;
 * - `risky`: a conversion between kinds that works only for some values (text to integer), or
 *   one lint cannot judge (a raw type, an unknown old type).
 */
export type TypeChange =
  | { readonly kind: 'same' }
  | { readonly kind: 'widening' }
  | { readonly kind: 'narrowing' | 'risky'; readonly reason: string };

const SAME = { kind: 'same' } as const;
const WIDENING = { kind: 'widening' } as const;
const narrowing = (reason: string): TypeChange => ({ kind: 'narrowing', reason });
const risky = (reason: string): TypeChange => ({ kind: 'risky', reason });

/** Integer kinds: rank, decimal digits of the largest value, characters of the smallest as text. */
const INTEGERS: Readonly<Record<string, { rank: number; digits: number; chars: number; mantissa: number }>> = {
  smallint: { rank: 1, digits: 5, chars: 6, mantissa: 15 },
  integer: { rank: 2, digits: 10, chars: 11, mantissa: 31 },
  bigint: { rank: 3, digits: 19, chars: 20, mantissa: 63 },
};

/** Bits of mantissa of the float kinds. */
const FLOATS: Readonly<Record<string, number>> = { real: 24, double: 53 };

/** Integer digits and scale of a numeric; null precision is unbounded. */
function numericShape(t: Extract<ColumnType, { kind: 'numeric' }>) {
  if (t.precision === undefined) return null;
  const scale = t.scale ?? 0;
  return { whole: t.precision - scale, scale };
}

/** Classifies a change of a column's type from `from` (undefined: unknown) to `to`. */
export function classifyTypeChange(from: ColumnType | undefined, to: ColumnType): TypeChange {
  if (from === undefined) return risky(`its current type is unknown to lint, so it cannot tell whether every value converts to ${formatColumnType(to)}`);
  const a = formatColumnType(from);
  const b = formatColumnType(to);
  if (a.toLowerCase() === b.toLowerCase()) return SAME;
  const fromTo = `${a} to ${b}`;

  // to text of any length: everything has a text form, except that a bounded varchar may be too short
  if (to.kind === 'text' || (to.kind === 'varchar' && to.length === undefined)) {
    return from.kind === 'blob' ? risky(`${fromTo} stores the bytes' escaped text, not the bytes`) : WIDENING;
  }
  if (from.kind === 'raw' || to.kind === 'raw') return risky(`lint cannot tell whether ${fromTo} keeps every value`);
  if (to.kind === 'enum') {
    if (from.kind !== 'enum') return risky(`only values among ${b} survive (${fromTo})`);
    const removed = from.values.filter((v) => !to.values.includes(v));
    if (removed.length === 0) return WIDENING;
    return narrowing(`rows holding ${removed.map((v) => `'${v}'`).join(', ')} do not fit (${from.name} to ${to.name})`);
  }
  if (to.kind === 'varchar') {
    const length = to.length!;
    if (from.kind === 'varchar') {
      if (from.length === undefined) return narrowing(`values longer than ${length} characters do not fit (${fromTo})`);
      return from.length <= length ? WIDENING : narrowing(`values longer than ${length} characters do not fit (${fromTo})`);
    }
    if (from.kind === 'text') return narrowing(`values longer than ${length} characters do not fit (${fromTo})`);
    const integer = INTEGERS[from.kind];
    if (integer) return integer.chars <= length ? WIDENING : narrowing(`numbers longer than ${length} characters do not fit (${fromTo})`);
    if (from.kind === 'uuid') return length >= 36 ? WIDENING : narrowing(`a uuid is 36 characters (${fromTo})`);
    if (from.kind === 'boolean') return length >= 5 ? WIDENING : narrowing(`'false' is 5 characters (${fromTo})`);
    return narrowing(`the text form of some values may be longer than ${length} characters (${fromTo})`);
  }

  const fromInt = INTEGERS[from.kind];
  const toInt = INTEGERS[to.kind];
  if (fromInt && toInt) {
    return toInt.rank >= fromInt.rank ? WIDENING : narrowing(`values beyond the range of ${b} do not fit (${fromTo})`);
  }
  if (toInt) {
    if (from.kind === 'numeric' || FLOATS[from.kind] !== undefined) {
      return narrowing(`fractions are rounded away and values beyond the range of ${b} do not fit (${fromTo})`);
    }
    return risky(`only values that read as whole numbers convert (${fromTo})`);
  }

  if (to.kind === 'numeric') {
    const target = numericShape(to);
    if (fromInt) {
      if (target === null || target.whole >= fromInt.digits) return WIDENING;
      return narrowing(`${b} holds ${target.whole} integer digits, ${a} values have up to ${fromInt.digits} (${fromTo})`);
    }
    if (from.kind === 'numeric') {
      const source = numericShape(from);
      if (target === null) return WIDENING;
      if (source === null) return narrowing(`values with more digits than ${b} allows are rounded or do not fit (${fromTo})`);
      if (target.scale < source.scale) return narrowing(`values are rounded to ${target.scale} decimal places (${fromTo})`);
      if (target.whole < source.whole) return narrowing(`values with more than ${target.whole} integer digits do not fit (${fromTo})`);
      return WIDENING;
    }
    if (FLOATS[from.kind] !== undefined) {
      return target === null
        ? risky(`NaN and infinite values may not convert (${fromTo})`)
        : narrowing(`values are rounded to ${target.scale} decimal places or do not fit (${fromTo})`);
    }
    return risky(`only values that read as numbers convert (${fromTo})`);
  }

  const toFloat = FLOATS[to.kind];
  if (toFloat !== undefined) {
    const fromFloat = FLOATS[from.kind];
    if (fromFloat !== undefined) return toFloat >= fromFloat ? WIDENING : narrowing(`precision is lost (${fromTo})`);
    if (fromInt) return toFloat >= fromInt.mantissa ? WIDENING : narrowing(`large values lose precision (${fromTo})`);
    if (from.kind === 'numeric') return narrowing(`precision beyond ${to.kind === 'real' ? 6 : 15} digits is lost (${fromTo})`);
    return risky(`only values that read as numbers convert (${fromTo})`);
  }

  if (to.kind === 'timestamp' && from.kind === 'timestamp') {
    return to.withTimeZone ? WIDENING : narrowing(`the time zone offset is dropped (${fromTo})`);
  }
  if (to.kind === 'timestamp' && from.kind === 'date') return WIDENING;
  if (to.kind === 'date' && from.kind === 'timestamp') return narrowing(`the time of day is dropped (${fromTo})`);
  if (to.kind === 'time' && from.kind === 'timestamp') return narrowing(`the date is dropped (${fromTo})`);

  return risky(`only values that convert to ${b} survive (${fromTo})`);
}
