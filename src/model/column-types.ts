import { UserError } from '../util/errors.js';
import { columnOf, type ColumnBuilder } from './column-builder.js';

/**
 * The column types of the model DSL, one function per portable type, plus `raw` for any
 * database type. Columns are nullable until `.notNull()` or `.primaryKey()`:
 *
 * ```ts
 * defineTable('products', {
 *   id: bigint().primaryKey().autoincrement(),
 *   name: varchar(200).notNull(),
 *   price: numeric(10, 2).notNull().default(0),
 *   tags: raw('text[]'),
 * });
 * ```
 *
 * The TS value type each one carries (the first type parameter) is what the common drivers
 * return; narrow or change it with `.$type<T>()`.
 */

/** A JSON value, as a `json()` column holds it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `INTEGER` (32-bit). */
export const integer = (): ColumnBuilder<number, false, false, 'integer'> => columnOf({ kind: 'integer' });

/** `BIGINT` (64-bit; PostgreSQL drivers return it as a string). */
export const bigint = (): ColumnBuilder<string | number, false, false, 'bigint'> => columnOf({ kind: 'bigint' });

/** `SMALLINT` (16-bit). */
export const smallint = (): ColumnBuilder<number, false, false, 'smallint'> => columnOf({ kind: 'smallint' });

/** `VARCHAR(length)`, or `VARCHAR` without a limit. */
export function varchar(length?: number): ColumnBuilder<string, false, false, 'varchar'> {
  if (length !== undefined) positiveInteger(length, 'varchar(length)');
  return columnOf(length === undefined ? { kind: 'varchar' } : { kind: 'varchar', length });
}

/** `TEXT`. */
export const text = (): ColumnBuilder<string, false, false, 'text'> => columnOf({ kind: 'text' });

/** `BOOLEAN`. */
export const boolean = (): ColumnBuilder<boolean, false, false, 'boolean'> => columnOf({ kind: 'boolean' });

/** `DATE`. */
export const date = (): ColumnBuilder<Date | string, false, false, 'date'> => columnOf({ kind: 'date' });

/** `TIME`. */
export const time = (): ColumnBuilder<string, false, false, 'time'> => columnOf({ kind: 'time' });

/** `TIMESTAMP`; `timestamp({ withTimeZone: true })` is `timestamptz()`. */
export function timestamp(
  options: { readonly withTimeZone?: boolean } = {},
): ColumnBuilder<Date | string, false, false, 'timestamp'> {
  return columnOf({ kind: 'timestamp', withTimeZone: options.withTimeZone ?? false });
}

/** `TIMESTAMP WITH TIME ZONE`. */
export const timestamptz = (): ColumnBuilder<Date | string, false, false, 'timestamp'> => timestamp({ withTimeZone: true });

/** `NUMERIC(precision, scale)`, `NUMERIC(precision)` or `NUMERIC` (exact: drivers return strings). */
export function numeric(precision?: number, scale?: number): ColumnBuilder<string | number, false, false, 'numeric'> {
  if (precision !== undefined) positiveInteger(precision, 'numeric(precision)');
  if (scale !== undefined && (!Number.isInteger(scale) || scale < 0)) {
    throw new UserError(`numeric(precision, scale) needs a scale that is a whole number >= 0, not ${scale}`);
  }
  return columnOf({
    kind: 'numeric',
    ...(precision === undefined ? {} : { precision }),
    ...(scale === undefined ? {} : { scale }),
  });
}

/** `REAL` (single precision). */
export const real = (): ColumnBuilder<number, false, false, 'real'> => columnOf({ kind: 'real' });

/** `DOUBLE PRECISION`. */
export const double = (): ColumnBuilder<number, false, false, 'double'> => columnOf({ kind: 'double' });

/** `JSON` (`JSONB` where the dialect prefers it is the dialect's choice). */
export const json = (): ColumnBuilder<JsonValue, false, false, 'json'> => columnOf({ kind: 'json' });

/** `UUID` (text on SQLite). */
export const uuid = (): ColumnBuilder<string, false, false, 'uuid'> => columnOf({ kind: 'uuid' });

/** `BLOB` / `BYTEA`. */
export const blob = (): ColumnBuilder<Uint8Array, false, false, 'blob'> => columnOf({ kind: 'blob' });

/**
 * Any database type, given to the database exactly as written:
 * `raw('tsvector')`, `raw('text[]')`, `raw('inet').$type<string>()`.
 */
export function raw(sqlType: string): ColumnBuilder<unknown, false, false, 'raw'> {
  if (typeof sqlType !== 'string' || sqlType.trim() === '') {
    throw new UserError('raw(type) needs the database type, e.g. raw(\'tsvector\')');
  }
  return columnOf({ kind: 'raw', sql: sqlType.trim() });
}

function positiveInteger(value: number, what: string): void {
  if (!Number.isInteger(value) || value <= 0) throw new UserError(`${what} needs a whole number > 0, not ${value}`);
}
