import type { ForeignKeyAction, ServerDefault } from '../schema/schema.js';
import type { ColumnType, ColumnTypeKind } from '../schema/column-type.js';
import { UserError } from '../util/errors.js';
import { isSqlExpression, type SqlExpression } from './sql-expression.js';
import type { AnyColumnRef } from './column-ref.js';
import type { AnyEnumType } from './enum-type.js';

/** The column kinds `autoincrement()` accepts. */
export type IntegerKind = 'integer' | 'bigint' | 'smallint';

/** A foreign-key action, as written in a model: `'cascade'` or `'CASCADE'`. */
export type ForeignKeyActionInput = ForeignKeyAction | Lowercase<ForeignKeyAction>;

/** Where a column points: `'users.id'`, `'app.users.id'`, a column ref, or a thunk returning one. */
export type ReferenceTarget = string | AnyColumnRef | (() => AnyColumnRef);

export interface ReferenceOptions {
  readonly onDelete?: ForeignKeyActionInput;
  readonly onUpdate?: ForeignKeyActionInput;
  /** PostgreSQL: `DEFERRABLE`, and `INITIALLY DEFERRED`. */
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
  /** The constraint's name; omitted, the naming convention names it; `null`, the database does. */
  readonly name?: string | null;
}

/** A literal server default; SQL expressions are written with `sql`. */
export type DefaultValue = string | number | boolean | SqlExpression;

/** Everything a column builder has recorded: plain data. */
export interface ColumnState {
  readonly type: ColumnType;
  /** `undefined` until said: nullable, except in the primary key. */
  readonly nullable: boolean | undefined;
  readonly primaryKey: boolean;
  readonly autoincrement: boolean;
  readonly default: ServerDefault | null;
  /** `name` undefined: named by the convention. */
  readonly unique: { readonly name: string | null | undefined } | null;
  readonly references: { readonly target: ReferenceTarget; readonly options: ReferenceOptions } | null;
  readonly comment: string | null;
  /** The enum type of an enum column (`enumType(...).column()`), for what the IR does not hold. */
  readonly enumType?: AnyEnumType;
  /** `.renamedFrom('old_name')`: the column's previous name (a hint for autogenerate). */
  readonly renamedFrom?: string;
}

/**
 * The types a column carries for the type inference of a later step (`InferDatabase`): the TS
 * value it reads as, whether it is NOT NULL, whether inserts may omit it (a default or
 * autoincrement), and its kind. Type-only: never present at run time.
 */
export interface ColumnTypes<TData, TNotNull extends boolean, THasDefault extends boolean, TKind extends ColumnTypeKind> {
  readonly data: TData;
  readonly notNull: TNotNull;
  readonly hasDefault: THasDefault;
  readonly kind: TKind;
}

/**
 * A column of a model, made by `integer()`, `varchar(255)`, `raw('tsvector')`...; every
 * modifier returns a new builder, so a builder can be shared and refined safely:
 *
 * ```ts
 * const id = integer().primaryKey().autoincrement();
 * const email = varchar(255).notNull().unique();
 * const authorId = integer().notNull().references(() => users.columns.id, { onDelete: 'cascade' });
 * ```
 */
export class ColumnBuilder<
  TData = unknown,
  TNotNull extends boolean = false,
  THasDefault extends boolean = false,
  TKind extends ColumnTypeKind = ColumnTypeKind,
> {
  declare readonly _types: ColumnTypes<TData, TNotNull, THasDefault, TKind>;
  readonly state: ColumnState;

  /** Takes `state` as it is (callers pass a fresh object) and freezes it. */
  constructor(state: ColumnState) {
    this.state = Object.freeze(state);
    Object.freeze(this);
  }

  /** `NOT NULL`. */
  notNull(): ColumnBuilder<TData, true, THasDefault, TKind> {
    return this.with({ nullable: false });
  }

  /** Nullable (the default, as in SQL); after `primaryKey()` it keeps a primary-key column nullable where SQLite allows it. */
  nullable(): ColumnBuilder<TData, false, THasDefault, TKind> {
    return this.with({ nullable: true });
  }

  /** Part of the primary key (several such columns make a composite key); implies NOT NULL. */
  primaryKey(): ColumnBuilder<TData, true, THasDefault, TKind> {
    return this.with({ primaryKey: true, nullable: false });
  }

  /** Identity on PostgreSQL, `INTEGER PRIMARY KEY AUTOINCREMENT` on SQLite: integer primary keys only. */
  autoincrement(this: ColumnBuilder<TData, TNotNull, THasDefault, IntegerKind>): ColumnBuilder<TData, TNotNull, true, TKind> {
    return this.with({ autoincrement: true });
  }

  /** A server default: `.default(0)`, `.default('draft')`, `.default(sql\`CURRENT_TIMESTAMP\`)`. */
  default(value: DefaultValue): ColumnBuilder<TData, TNotNull, true, TKind> {
    if (isSqlExpression(value)) return this.with({ default: { kind: 'sql', sql: value.sql } });
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new UserError(`A column default must be a string, number, boolean or sql\`...\`, not ${JSON.stringify(value)}`);
    }
    return this.with({ default: { kind: 'literal', value } });
  }

  /** A single-column unique constraint, named by the convention unless `name` is given (`null`: unnamed). */
  unique(name?: string | null): ColumnBuilder<TData, TNotNull, THasDefault, TKind> {
    return this.with({ unique: { name } });
  }

  /**
   * A single-column foreign key. Composite keys are declared on the table (`foreignKeys`).
   * @example integer().references(() => users.columns.id, { onDelete: 'cascade' })
   * @example integer().references('app.users.id')
   */
  references(target: ReferenceTarget, options: ReferenceOptions = {}): ColumnBuilder<TData, TNotNull, THasDefault, TKind> {
    if (typeof target !== 'string' && typeof target !== 'function' && (typeof target !== 'object' || target === null)) {
      throw new UserError(`references() needs 'table.column', a column or () => table.columns.column, not ${String(target)}`);
    }
    return this.with({ references: { target, options: { ...options } } });
  }

  /** A column comment (PostgreSQL). */
  comment(text: string): ColumnBuilder<TData, TNotNull, THasDefault, TKind> {
    return this.with({ comment: text });
  }

  /**
   * The column's previous name: autogenerate renames the database's `oldName` column to this
   * one (`alterColumn(..., { newName })`, rows kept) instead of dropping it and adding a new
   * one. Inert once the database has the new name, so it may stay in the models.
   * @example text().notNull().renamedFrom('name')
   */
  renamedFrom(oldName: string): ColumnBuilder<TData, TNotNull, THasDefault, TKind> {
    if (typeof oldName !== 'string' || oldName.trim() === '') throw new UserError(`renamedFrom() needs the column's previous name, not ${JSON.stringify(oldName)}`);
    return this.with({ renamedFrom: oldName });
  }

  /** Changes only the TS value type the column reads as, e.g. `text().$type<'draft' | 'published'>()`. */
  $type<T>(): ColumnBuilder<T, TNotNull, THasDefault, TKind> {
    return this as unknown as ColumnBuilder<T, TNotNull, THasDefault, TKind>;
  }

  private with<R>(changes: Partial<ColumnState>): R {
    return new ColumnBuilder({ ...this.state, ...changes }) as R;
  }
}

/** Any column builder, whatever its type parameters. */
export type AnyColumnBuilder = ColumnBuilder<any, boolean, boolean, any>;

/** A fresh builder of a type: nullable, no default, no constraint. */
export function columnOf<TData, TKind extends ColumnTypeKind>(
  type: ColumnType & { kind: TKind },
): ColumnBuilder<TData, false, false, TKind> {
  return new ColumnBuilder({
    type: Object.freeze({ ...type }),
    nullable: undefined,
    primaryKey: false,
    autoincrement: false,
    default: null,
    unique: null,
    references: null,
    comment: null,
  });
}

/** True for a column builder (also one made by another copy of this package). */
export function isColumnBuilder(value: unknown): value is AnyColumnBuilder {
  return typeof value === 'object' && value !== null && typeof (value as { state?: { type?: unknown } }).state?.type === 'object';
}
