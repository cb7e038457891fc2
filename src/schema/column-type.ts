import { UserError } from '../util/errors.js';

/**
 * A column's type, portable across dialects. `raw` is the escape hatch: the text is given to
 * the database exactly as written (`{ kind: 'raw', sql: 'tsvector' }`).
 */
export type ColumnType =
  | { readonly kind: 'integer' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'smallint' }
  | { readonly kind: 'varchar'; readonly length?: number }
  | { readonly kind: 'text' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'date' }
  | { readonly kind: 'time' }
  | { readonly kind: 'timestamp'; readonly withTimeZone: boolean }
  | { readonly kind: 'numeric'; readonly precision?: number; readonly scale?: number }
  | { readonly kind: 'real' }
  | { readonly kind: 'double' }
  | { readonly kind: 'json' }
  | { readonly kind: 'uuid' }
  | { readonly kind: 'blob' }
  | EnumColumnType
  | { readonly kind: 'raw'; readonly sql: string };

/**
 * A column of a named enum type (`CREATE TYPE name AS ENUM (...)` on PostgreSQL; a TEXT column
 * with `CHECK (col IN (...))` on SQLite). The type itself is `Schema.enums`; `values` are carried
 * on the column too, for SQLite (which has no types) and for typing the column in TS.
 */
export interface EnumColumnType {
  readonly kind: 'enum';
  readonly name: string;
  /** PostgreSQL schema of the type; none means the default one. */
  readonly schema?: string | null;
  readonly values: readonly string[];
}

export type ColumnTypeKind = ColumnType['kind'];

/**
 * The short spellings a user may write instead of a `ColumnType` object, e.g. `'varchar(255)'`,
 * `'numeric(10,2)'`, `'timestamptz'`. Anything else must be given as `{ raw: '...' }`.
 */
export type ColumnTypeName =
  | 'integer'
  | 'int'
  | 'bigint'
  | 'smallint'
  | 'varchar'
  | `varchar(${number})`
  | 'text'
  | 'boolean'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'numeric'
  | `numeric(${number})`
  | `numeric(${number},${number})`
  | `numeric(${number}, ${number})`
  | 'real'
  | 'double'
  | 'json'
  | 'uuid'
  | 'blob';

/** What the public API accepts wherever a column type is expected. */
export type ColumnTypeInput = ColumnTypeName | ColumnType | { readonly raw: string };

const SIMPLE: Readonly<Record<string, ColumnType>> = {
  integer: { kind: 'integer' },
  int: { kind: 'integer' },
  bigint: { kind: 'bigint' },
  smallint: { kind: 'smallint' },
  varchar: { kind: 'varchar' },
  text: { kind: 'text' },
  boolean: { kind: 'boolean' },
  date: { kind: 'date' },
  time: { kind: 'time' },
  timestamp: { kind: 'timestamp', withTimeZone: false },
  timestamptz: { kind: 'timestamp', withTimeZone: true },
  numeric: { kind: 'numeric' },
  real: { kind: 'real' },
  double: { kind: 'double' },
  json: { kind: 'json' },
  uuid: { kind: 'uuid' },
  blob: { kind: 'blob' },
};

/** Turns what a user wrote into a `ColumnType`; a clear error for anything unknown. */
export function parseColumnType(input: ColumnTypeInput, where = 'column'): ColumnType {
  if (typeof input === 'object' && input !== null) {
    if ('kind' in input) return input;
    if ('raw' in input && typeof input.raw === 'string' && input.raw.trim() !== '') {
      return { kind: 'raw', sql: input.raw.trim() };
    }
  }
  if (typeof input === 'string') {
    const text = input.trim().toLowerCase();
    const simple = SIMPLE[text];
    if (simple) return simple;
    const varchar = /^varchar\s*\(\s*(\d+)\s*\)$/.exec(text);
    if (varchar) return { kind: 'varchar', length: Number(varchar[1]) };
    const numeric = /^numeric\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(text);
    if (numeric) {
      return numeric[2] === undefined
        ? { kind: 'numeric', precision: Number(numeric[1]) }
        : { kind: 'numeric', precision: Number(numeric[1]), scale: Number(numeric[2]) };
    }
  }
  throw new UserError(`Unknown column type ${JSON.stringify(input)} for ${where}`, {
    hint:
      "use one of integer, bigint, smallint, varchar(n), text, boolean, date, time, timestamp, timestamptz, " +
      "numeric(p,s), real, double, json, uuid, blob, or { raw: 'the database type' }",
  });
}

/** The short spelling of a type (the inverse of `parseColumnType`), used in messages and rendering. */
export function formatColumnType(type: ColumnType): string {
  switch (type.kind) {
    case 'varchar':
      return type.length === undefined ? 'varchar' : `varchar(${type.length})`;
    case 'timestamp':
      return type.withTimeZone ? 'timestamptz' : 'timestamp';
    case 'numeric':
      if (type.precision === undefined) return 'numeric';
      return type.scale === undefined ? `numeric(${type.precision})` : `numeric(${type.precision},${type.scale})`;
    case 'raw':
      return type.sql;
    case 'enum':
      return `${type.schema ? `${type.schema}.` : ''}${type.name}(${type.values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`;
    default:
      return type.kind;
  }
}
