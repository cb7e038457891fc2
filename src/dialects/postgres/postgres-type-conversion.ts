import { sql, type RawBuilder } from 'kysely';
import type { ColumnType, ColumnTypeKind } from '../../schema/column-type.js';
import { postgresTypeSql } from './postgres-types.js';

/** Types PostgreSQL converts between with a direct cast (within a family). */
const FAMILIES: ReadonlyArray<ReadonlySet<ColumnTypeKind>> = [
  new Set(['smallint', 'integer', 'bigint', 'numeric', 'real', 'double', 'boolean']),
  new Set(['date', 'timestamp']),
  new Set(['varchar', 'text']),
];

const TEXTUAL: ReadonlySet<ColumnTypeKind> = new Set(['varchar', 'text']);

function sameFamily(a: ColumnTypeKind, b: ColumnTypeKind): boolean {
  if (a === b) return true;
  // boolean casts to and from integer only, not to the other numeric types
  if (a === 'boolean' || b === 'boolean') return (a === 'boolean' ? b : a) === 'integer';
  return FAMILIES.some((family) => family.has(a) && family.has(b));
}

/**
 * The `USING` expression of a type change when the revision gave none and the old type is
 * known. `ALTER ... TYPE` alone only applies assignment casts, so `varchar -> date` fails even on
 * an empty table. An explicit cast covers what PostgreSQL can convert: within a family
 * (numbers, dates, strings), and from or to a string type (every type has text input and
 * output). Between other types (uuid -> integer) there is no cast, so the value goes through
 * its text form: that converts what can be converted and fails loudly on the rest.
 */
export function defaultUsing(column: string, from: ColumnType | undefined, to: ColumnType): RawBuilder<unknown> | null {
  // Any type converts to an enum through its text form (only the labels it has are accepted).
  if (to.kind === 'enum') return sql`${sql.id(column)}::text::${sql.raw(postgresTypeSql(to))}`;
  if (!from || from.kind === 'raw' || to.kind === 'raw') return null;
  const target = sql.raw(postgresTypeSql(to));
  if (sameFamily(from.kind, to.kind) || TEXTUAL.has(from.kind) || TEXTUAL.has(to.kind)) {
    return sql`${sql.id(column)}::${target}`;
  }
  return sql`${sql.id(column)}::text::${target}`;
}
