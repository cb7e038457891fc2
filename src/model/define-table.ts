import { UserError } from '../util/errors.js';
import { isColumnBuilder, type AnyColumnBuilder, type ForeignKeyActionInput } from './column-builder.js';
import type { AnyColumnRef, ColumnRef, TableIdentity } from './column-ref.js';
import type { IndexBuilder } from './index-builder.js';
import type { SqlExpression } from './sql-expression.js';

/** The columns of a table: key = column name. */
export type ColumnMap = Readonly<Record<string, AnyColumnBuilder>>;

/** The column refs of a table (`users.columns`, or `t` in the options callback). */
export type ColumnRefs<TColumns extends ColumnMap> = { readonly [K in keyof TColumns & string]: ColumnRef<TColumns[K], K> };

/** A column named in table options: a ref (`t.email`) or the column's name (`'email'`). */
export type ColumnSpec<TColumns extends ColumnMap = ColumnMap> = AnyColumnRef | (keyof TColumns & string);

/** What a table-level foreign key points at. */
export type ForeignKeyTarget =
  | { readonly table: string | AnyTable; readonly columns: readonly string[]; readonly schema?: string }
  | (() => AnyColumnRef | readonly AnyColumnRef[]);

export interface TableForeignKey<TColumns extends ColumnMap = ColumnMap> {
  /** Omitted: named by the naming convention; `null`: the database names it. */
  readonly name?: string | null;
  readonly columns: readonly ColumnSpec<TColumns>[];
  /** `() => [orgs.columns.id, orgs.columns.region]`, or `{ table: 'orgs', columns: ['id', 'region'] }`. */
  readonly references: ForeignKeyTarget;
  readonly onDelete?: ForeignKeyActionInput;
  readonly onUpdate?: ForeignKeyActionInput;
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
}

export interface TableOptions<TColumns extends ColumnMap = ColumnMap, TSchema extends string | undefined = string | undefined> {
  /** PostgreSQL schema; omitted, the metadata's `schema` (or the connection's default). */
  readonly schema?: TSchema;
  readonly comment?: string;
  /** A composite primary key (instead of `.primaryKey()` on columns). */
  readonly primaryKey?:
    | readonly ColumnSpec<TColumns>[]
    | { readonly name?: string | null; readonly columns: readonly ColumnSpec<TColumns>[] };
  readonly uniques?: ReadonlyArray<{ readonly name?: string | null; readonly columns: readonly ColumnSpec<TColumns>[] }>;
  readonly indexes?: readonly IndexBuilder[];
  readonly foreignKeys?: ReadonlyArray<TableForeignKey<TColumns>>;
  readonly checks?: ReadonlyArray<{ readonly name?: string | null; readonly expression: string | SqlExpression }>;
  /**
   * The table's previous name (same schema): autogenerate renames the database's table instead
   * of dropping it and creating this one (rows kept). Inert once the database has the new name.
   */
  readonly renamedFrom?: string;
}

/**
 * A table of the models, as `defineTable` returns it: plain, immutable data. `toTable(table)`
 * gives its schema IR; `toSchema(metadata)` gives the IR of all tables, validated together.
 */
export interface TableDefinition<
  TName extends string = string,
  TColumns extends ColumnMap = ColumnMap,
  TSchema extends string | undefined = string | undefined,
> extends TableIdentity {
  readonly kind: 'table';
  readonly name: TName;
  readonly schema: TSchema extends string ? TSchema : null;
  readonly columns: ColumnRefs<TColumns>;
  /** The options as given (with the callback already called); untyped, so any table fits `AnyTable`. */
  readonly options: TableOptions;
}

/** A table of any shape. */
export type AnyTable = TableDefinition<string, ColumnMap, string | undefined>;

/** True for what `defineTable` returns. */
export function isTable(value: unknown): value is AnyTable {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'table';
}

/**
 * Defines a table: its name, its columns (key = column name), and options given as an object
 * or as a callback receiving the table's columns, so keys and indexes name them type-safely:
 *
 * ```ts
 * export const users = defineTable('users', {
 *   id: integer().primaryKey().autoincrement(),
 *   email: varchar(255).notNull(),
 *   active: boolean().notNull().default(true),
 * }, (t) => ({
 *   comment: 'People who can sign in',
 *   indexes: [index().on(t.email).unique().where('active')],
 *   checks: [{ expression: "email like '%@%'" }],
 * }));
 * ```
 */
export function defineTable<
  const TName extends string,
  TColumns extends ColumnMap,
  const TSchema extends string | undefined = undefined,
>(
  name: TName,
  columns: TColumns,
  options?: TableOptions<TColumns, TSchema> | ((t: ColumnRefs<TColumns>) => TableOptions<TColumns, TSchema>),
): TableDefinition<TName, TColumns, TSchema> {
  if (typeof name !== 'string' || name.trim() === '') throw new UserError('defineTable(name, columns) needs a table name');
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) {
    throw new UserError(`Table ${name}: columns must be an object, e.g. { id: integer().primaryKey() }`);
  }
  // Refs are made before the options exist (the callback receives them), so they read the
  // table's schema through this holder, filled once just below.
  const identity: { name: string; schema: string | null } = { name, schema: null };
  const refs: Record<string, AnyColumnRef> = {};
  for (const [key, builder] of Object.entries(columns)) {
    if (!isColumnBuilder(builder)) {
      throw new UserError(`Table ${name}: column ${key} is not a column (${String(builder)})`, {
        hint: 'write e.g. integer(), varchar(255).notNull(), raw(\'tsvector\')',
      });
    }
    // defineProperty, not assignment: a column may be called `__proto__`.
    const ref = Object.freeze({ kind: 'column-ref' as const, name: key, builder, table: identity });
    Object.defineProperty(refs, key, { value: ref, enumerable: true });
  }
  Object.freeze(refs);
  const resolved = (typeof options === 'function' ? options(refs as ColumnRefs<TColumns>) : options) ?? {};
  if (typeof resolved !== 'object') throw new UserError(`Table ${name}: options must be an object`);
  const schema = resolved.schema ?? null;
  if (schema !== null && (typeof schema !== 'string' || schema === '')) {
    throw new UserError(`Table ${name}: schema must be a non-empty string`);
  }
  identity.schema = schema;
  Object.freeze(identity);
  return Object.freeze({
    kind: 'table',
    name,
    schema: schema as TSchema extends string ? TSchema : null,
    columns: refs as ColumnRefs<TColumns>,
    options: Object.freeze({ ...resolved }) as TableOptions,
  });
}
