/**
 * Kysely types from the models: `InferDatabase<typeof metadata>` is a Kysely `Database`
 * interface, so `new Kysely<DB>(...)` checks table names, column names and value types of
 * every query against the models.
 *
 * ```ts
 * type DB = InferDatabase<typeof metadata, 'postgres'>;
 * const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
 * const rows = await db.selectFrom('users').select(['id', 'email']).where('active', '=', true).execute();
 * ```
 *
 * Type-only: nothing here exists at run time.
 */
import type { ColumnType as KyselyColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { ColumnTypeKind } from '../schema/column-type.js';
import type { ColumnTypes } from './column-builder.js';
import type {
  bigint,
  blob,
  boolean,
  date,
  double,
  integer,
  json,
  JsonValue,
  numeric,
  raw,
  real,
  smallint,
  text,
  time,
  timestamp,
  uuid,
  varchar,
} from './column-types.js';
import type { AnyTable } from './define-table.js';
import type { Metadata, TableCollection } from './define-metadata.js';

/** What a driver gives back for a column kind (`select`) and what it accepts on insert and update (`insert`). */
export interface KindValueTypes {
  readonly select: unknown;
  readonly insert: unknown;
}

/**
 * Value types for every column kind: a driver's profile. `'postgres'` and `'sqlite'` name the
 * built-in ones; pass your own map (e.g. `Omit<PostgresValueTypes, 'bigint'> & { bigint: { select:
 * number; insert: number } }` after `pg.types.setTypeParser(20, Number)`) when a driver is configured
 * differently.
 */
export type ValueTypeMap = { readonly [K in ColumnTypeKind]: KindValueTypes };

type DataOf<B> = B extends { readonly _types: { readonly data: infer D } } ? D : never;
type Same<S, I = S> = { readonly select: S; readonly insert: I };

/** The TS value type each column function declares (`integer()` → `number`...), before `$type`. */
export interface DeclaredColumnData {
  integer: DataOf<ReturnType<typeof integer>>;
  bigint: DataOf<ReturnType<typeof bigint>>;
  smallint: DataOf<ReturnType<typeof smallint>>;
  varchar: DataOf<ReturnType<typeof varchar>>;
  text: DataOf<ReturnType<typeof text>>;
  boolean: DataOf<ReturnType<typeof boolean>>;
  date: DataOf<ReturnType<typeof date>>;
  time: DataOf<ReturnType<typeof time>>;
  timestamp: DataOf<ReturnType<typeof timestamp>>;
  numeric: DataOf<ReturnType<typeof numeric>>;
  real: DataOf<ReturnType<typeof real>>;
  double: DataOf<ReturnType<typeof double>>;
  json: DataOf<ReturnType<typeof json>>;
  uuid: DataOf<ReturnType<typeof uuid>>;
  blob: DataOf<ReturnType<typeof blob>>;
  raw: DataOf<ReturnType<typeof raw>>;
  /** An enum column is typed by its own values (`'pending' | 'paid'`); this is the fallback. */
  enum: string;
}

/**
 * The default profile: the types the column functions declare, the same on read and write. They
 * are what node-postgres and better-sqlite3 both return where the two agree, and a union where
 * they differ (`bigint` and `numeric`: `string | number`; dates: `Date | string`). Exact on
 * neither driver for every kind: use `'postgres'` or `'sqlite'` for that.
 */
export type DeclaredValueTypes = { readonly [K in ColumnTypeKind]: Same<DeclaredColumnData[K]> };

/** A `json` value node-postgres writes correctly: JSON text, a number, a boolean or a plain object (not an array: it would be sent as a PostgreSQL array). */
export type PostgresJsonInput = string | number | boolean | { readonly [key: string]: JsonValue };

/** node-postgres (`pg`) with its default type parsers, through Kysely's `PostgresDialect`. */
export interface PostgresValueTypes {
  /** int4 → number. */
  integer: Same<number>;
  /** int8 → string: it may not fit a JS number, so pg leaves it as text; accepts number and bigint. */
  bigint: Same<string, string | number | bigint>;
  /** int2 → number. */
  smallint: Same<number>;
  varchar: Same<string>;
  text: Same<string>;
  boolean: Same<boolean>;
  /** DATE → a Date at local midnight (pg's parser); accepts Date or 'YYYY-MM-DD'. */
  date: Same<Date, Date | string>;
  /** TIME → 'HH:MM:SS' text. */
  time: Same<string>;
  /** TIMESTAMP / TIMESTAMPTZ → Date; accepts Date or ISO text. */
  timestamp: Same<Date, Date | string>;
  /** NUMERIC → string (exact); accepts number and string. */
  numeric: Same<string, string | number>;
  real: Same<number>;
  double: Same<number>;
  /** JSON / JSONB → the parsed value; writes: see `PostgresJsonInput`. */
  json: Same<JsonValue, PostgresJsonInput>;
  uuid: Same<string>;
  /** BYTEA → Buffer; accepts any Uint8Array. */
  blob: Same<Buffer, Uint8Array>;
  raw: Same<unknown>;
  /** An enum's label, as text (a column made by `enumType(...).column()` is typed by its values). */
  enum: Same<string>;
}

/** better-sqlite3 (default options) through Kysely's `SqliteDialect`: it binds only numbers, strings, bigints, buffers and null. */
export interface SqliteValueTypes {
  integer: Same<number>;
  /** → number (exact up to 2^53; `db.defaultSafeIntegers()` gives bigint: then `$type<bigint>()`); accepts bigint. */
  bigint: Same<number, number | bigint>;
  smallint: Same<number>;
  varchar: Same<string>;
  text: Same<string>;
  /** Stored as 1/0: reads a number, and a JS boolean cannot be bound. */
  boolean: Same<number>;
  /** Text: better-sqlite3 cannot bind a Date. */
  date: Same<string>;
  time: Same<string>;
  /** Text ('2024-01-02 03:04:05' from CURRENT_TIMESTAMP); better-sqlite3 cannot bind a Date. */
  timestamp: Same<string>;
  /** NUMERIC affinity → number; accepts numeric text. */
  numeric: Same<number, number | string>;
  real: Same<number>;
  double: Same<number>;
  /** JSON text both ways: `JSON.stringify` on write, `JSON.parse` (or Kysely's `ParseJSONResultsPlugin`) on read. */
  json: Same<string>;
  /** Text. */
  uuid: Same<string>;
  blob: Same<Buffer, Uint8Array>;
  raw: Same<unknown>;
  /** An enum's label, as text (a column made by `enumType(...).column()` is typed by its values). */
  enum: Same<string>;
}

/** Which value types `InferDatabase` uses: the models' declared ones (default), a dialect's driver, or your own map. */
export type TypeProfile = 'declared' | 'postgres' | 'sqlite' | ValueTypeMap;

type ProfileOf<D> = D extends 'postgres'
  ? PostgresValueTypes
  : D extends 'sqlite'
    ? SqliteValueTypes
    : D extends ValueTypeMap
      ? D
      : DeclaredValueTypes;

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type IsAny<T> = 0 extends 1 & T ? true : false;

/** [select, insert, update] before nullability and defaults. */
type BaseTypes<TData, TKind extends ColumnTypeKind, P extends ValueTypeMap> =
  IsAny<TData> extends true
    ? [any, any, any]
    : Equal<TData, DeclaredColumnData[TKind]> extends true
      ? [P[TKind]['select'], P[TKind]['insert'], P[TKind]['insert']]
      : [TData] extends [KyselyColumnType<infer S, infer I, infer U>]
        ? [S, I, U]
        : [TData, TData, TData];

type OrNull<T, TNotNull> = [TNotNull] extends [true] ? T : T | null;
type Writable<T, TNotNull, TOptional> = [T] extends [never]
  ? never
  : OrNull<T, TNotNull> | ([TOptional] extends [true] ? undefined : never);

/** One Kysely column: a plain type when select, insert and update agree, else a `ColumnType<S, I, U>`. */
type ToColumn<B extends [unknown, unknown, unknown], TNotNull, THasDefault> = ColumnOf<
  OrNull<B[0], TNotNull>,
  Writable<B[1], TNotNull, THasDefault>,
  Writable<B[2], TNotNull, false>
>;
type ColumnOf<S, I, U> = Equal<S, I> extends true ? (Equal<S, U> extends true ? S : KyselyColumnType<S, I, U>) : KyselyColumnType<S, I, U>;

/**
 * The Kysely column type of one column builder:
 * - the value type is the profile's for the column's kind, or the `$type<T>()` given (`T` on
 *   read and write; a Kysely `ColumnType<S, I, U>` / `GeneratedAlways<T>` sets each side);
 * - a nullable column reads and writes `| null` (and may be left out of an insert);
 * - a column with a server default or `autoincrement()` may be left out of an insert.
 */
export type InferColumn<B, D extends TypeProfile = 'declared'> =
  B extends { readonly _types: ColumnTypes<infer TData, infer TNotNull, infer THasDefault, infer TKind> }
    ? ToColumn<BaseTypes<TData, TKind, ProfileOf<D>>, TNotNull, THasDefault>
    : never;

/** The Kysely table interface of a table of the models: key = column name. */
export type InferTable<T extends AnyTable, D extends TypeProfile = 'declared'> = {
  -readonly [K in keyof T['columns'] & string]: InferColumn<T['columns'][K]['builder'], D>;
};

/** A table's key in the database interface: `'users'`, or `'app.users'` for a table with its own `schema`. */
export type TableKey<T extends AnyTable> = T['schema'] extends string ? `${T['schema']}.${T['name']}` : T['name'];

type TablesIn<T> = T extends readonly AnyTable[] ? T[number] : T extends TableCollection ? T[keyof T] : never;
type TablesOf<M> = M extends { readonly kind: 'metadata'; readonly tables: infer T } ? TablesIn<T> : TablesIn<M>;

/**
 * A Kysely `Database` interface from the models (a metadata, or a collection of tables):
 *
 * ```ts
 * type DB = InferDatabase<typeof metadata>;               // the types the models declare
 * type PgDB = InferDatabase<typeof metadata, 'postgres'>; // exactly what node-postgres returns
 * type LiteDB = InferDatabase<typeof metadata, 'sqlite'>; // exactly what better-sqlite3 returns
 * ```
 *
 * Keys are table names; a table with its own `schema` is keyed `'schema.table'` (Kysely's dotted
 * form). Tables that take the metadata's `schema` keep their bare name: query them through
 * `db.withSchema(schema)` or the connection's search_path.
 */
export type InferDatabase<M extends Metadata<any> | TableCollection, D extends TypeProfile = 'declared'> = {
  [T in TablesOf<M> as TableKey<T>]: InferTable<T, D>;
};

/** A row as selected (`Selectable<InferTable<T>>`). */
export type InferSelectable<T extends AnyTable, D extends TypeProfile = 'declared'> = Selectable<InferTable<T, D>>;
/** What an insert takes (`Insertable<InferTable<T>>`): optional where nullable, defaulted or autoincrement. */
export type InferInsertable<T extends AnyTable, D extends TypeProfile = 'declared'> = Insertable<InferTable<T, D>>;
/** What an update takes (`Updateable<InferTable<T>>`): every column optional. */
export type InferUpdateable<T extends AnyTable, D extends TypeProfile = 'declared'> = Updateable<InferTable<T, D>>;
