import type { ColumnType } from '../schema/column-type.js';
import type {
  CheckConstraint,
  Column,
  ForeignKey,
  Index,
  PrimaryKey,
  ServerDefault,
  Table,
  UniqueConstraint,
} from '../schema/schema.js';

/**
 * The operation IR: one vocabulary of plain data, read by several interpreters (the dialect
 * executors and SQL compilers, later the renderer, `reverse` and lint). Table-scoped ops carry
 * an optional PostgreSQL `schema`.
 */
export type Op =
  | CreateTableOp
  | DropTableOp
  | RenameTableOp
  | AddColumnOp
  | DropColumnOp
  | AlterColumnOp
  | CreateIndexOp
  | DropIndexOp
  | CreateUniqueConstraintOp
  | CreateForeignKeyOp
  | CreateCheckConstraintOp
  | CreatePrimaryKeyOp
  | DropConstraintOp
  | RenameConstraintOp
  | SetTableCommentOp
  | ExecuteOp
  | BulkInsertOp
  | CreateEnumOp
  | DropEnumOp
  | AddEnumValueOp
  | RenameEnumValueOp
  | ReplaceEnumValuesOp;

export type OpKind = Op['kind'];

/** Picks the op of one kind out of the union. */
export type OpOfKind<K extends OpKind> = Extract<Op, { kind: K }>;

export interface CreateTableOp {
  readonly kind: 'createTable';
  readonly table: Table;
}

export interface DropTableOp {
  readonly kind: 'dropTable';
  readonly table: string;
  readonly schema?: string | null;
  /** The table as it was, when known (autogenerate): what `reverse` recreates. */
  readonly existing?: Table;
}

export interface RenameTableOp {
  readonly kind: 'renameTable';
  readonly table: string;
  readonly newName: string;
  readonly schema?: string | null;
}

export interface AddColumnOp {
  readonly kind: 'addColumn';
  readonly table: string;
  readonly schema?: string | null;
  readonly column: Column;
}

export interface DropColumnOp {
  readonly kind: 'dropColumn';
  readonly table: string;
  readonly schema?: string | null;
  readonly column: string;
  /** The column as it was, when known: what `reverse` adds back. */
  readonly existing?: Column;
}

/**
 * Changes one column. Only the fields present change: `default: null` drops the default,
 * `comment: null` drops the comment.
 */
export interface AlterColumnOp {
  readonly kind: 'alterColumn';
  readonly table: string;
  readonly schema?: string | null;
  readonly column: string;
  readonly newName?: string;
  readonly type?: ColumnType;
  readonly nullable?: boolean;
  readonly default?: ServerDefault | null;
  readonly comment?: string | null;
  /** PostgreSQL `USING` expression for a type change. */
  readonly using?: string;
  /** The column as it was, when known: what `reverse` restores. */
  readonly existing?: Column;
}

export interface CreateIndexOp {
  readonly kind: 'createIndex';
  readonly table: string;
  readonly schema?: string | null;
  readonly index: Index;
}

export interface DropIndexOp {
  readonly kind: 'dropIndex';
  readonly name: string;
  readonly table?: string | null;
  readonly schema?: string | null;
  /** The index as it was, when known: what `reverse` recreates. */
  readonly existing?: Index;
}

export interface CreateUniqueConstraintOp {
  readonly kind: 'createUniqueConstraint';
  readonly table: string;
  readonly schema?: string | null;
  readonly constraint: UniqueConstraint & { readonly name: string };
}

export interface CreateForeignKeyOp {
  readonly kind: 'createForeignKey';
  readonly table: string;
  readonly schema?: string | null;
  readonly foreignKey: ForeignKey & { readonly name: string };
}

export interface CreateCheckConstraintOp {
  readonly kind: 'createCheckConstraint';
  readonly table: string;
  readonly schema?: string | null;
  readonly check: CheckConstraint & { readonly name: string };
}

export interface CreatePrimaryKeyOp {
  readonly kind: 'createPrimaryKey';
  readonly table: string;
  readonly schema?: string | null;
  readonly primaryKey: PrimaryKey & { readonly name: string };
}

export type ConstraintType = 'primaryKey' | 'foreignKey' | 'unique' | 'check';

export interface DropConstraintOp {
  readonly kind: 'dropConstraint';
  readonly table: string;
  readonly schema?: string | null;
  readonly name: string;
  /** Optional: dialects that rebuild tables find the constraint by name. */
  readonly type?: ConstraintType;
  /** The constraint as it was, when known: what `reverse` recreates. */
  readonly existing?: PrimaryKey | ForeignKey | UniqueConstraint | CheckConstraint;
}

/**
 * Renames a constraint, or an index (`type: 'index'`), of a table. PostgreSQL: `ALTER TABLE ...
 * RENAME CONSTRAINT` / `ALTER INDEX ... RENAME TO` (the catalog only: no index is rebuilt);
 * SQLite, which has no such statement: the table is rebuilt with the new name, rows kept.
 * Autogenerate writes it when a renamed table or column changes the names its naming
 * convention gives.
 */
export interface RenameConstraintOp {
  readonly kind: 'renameConstraint';
  readonly table: string;
  readonly schema?: string | null;
  readonly name: string;
  readonly newName: string;
  /** Required for an index; for a constraint, optional (SQLite then finds it by name). */
  readonly type?: ConstraintType | 'index';
}

/** Sets (or with `null` removes) a table's comment. Databases without comments ignore it. */
export interface SetTableCommentOp {
  readonly kind: 'setTableComment';
  readonly table: string;
  readonly schema?: string | null;
  readonly comment: string | null;
  /** The comment as it was, when known: what `reverse` restores. */
  readonly existing?: string | null;
}

export interface ExecuteOp {
  readonly kind: 'execute';
  readonly sql: string;
}

export interface BulkInsertOp {
  readonly kind: 'bulkInsert';
  readonly table: string;
  readonly schema?: string | null;
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

/**
 * Creates an enum type (PostgreSQL `CREATE TYPE ... AS ENUM`). Where the database has no types
 * (SQLite: an enum column is TEXT with a CHECK), the enum ops on the type itself do nothing and
 * value changes are made on the columns (`alterColumn` with the new enum type).
 */
export interface CreateEnumOp {
  readonly kind: 'createEnum';
  readonly name: string;
  readonly schema?: string | null;
  readonly values: readonly string[];
}

export interface DropEnumOp {
  readonly kind: 'dropEnum';
  readonly name: string;
  readonly schema?: string | null;
  /** The values it had, when known: what `reverse` creates again. */
  readonly existing?: readonly string[];
}

/**
 * Adds a value (`ALTER TYPE ... ADD VALUE IF NOT EXISTS`), placed before or after an existing
 * one (at the end when neither). PostgreSQL lets a transaction use such a value only once the
 * transaction that added it has committed: autogenerate writes these ops inside
 * `op.autocommitBlock`, first thing in the upgrade.
 */
export interface AddEnumValueOp {
  readonly kind: 'addEnumValue';
  readonly name: string;
  readonly schema?: string | null;
  readonly value: string;
  readonly before?: string;
  readonly after?: string;
  /** The values before the op, when known: `reverse` recreates the type with exactly those. */
  readonly existing?: readonly string[];
}

/** Renames one value (`ALTER TYPE ... RENAME VALUE`): rows holding it follow. */
export interface RenameEnumValueOp {
  readonly kind: 'renameEnumValue';
  readonly name: string;
  readonly schema?: string | null;
  readonly from: string;
  readonly to: string;
}

/**
 * Gives the type exactly `values`, in that order: for removing or reordering values, which
 * PostgreSQL cannot do in place. The type is recreated (a new type, every column using it
 * converted through its text form with its default kept, the old type dropped, the new one
 * renamed); rows keep their values, and a row holding a value that goes away makes it fail.
 * The columns are found when it runs, so the same statement serves online and offline.
 */
export interface ReplaceEnumValuesOp {
  readonly kind: 'replaceEnumValues';
  readonly name: string;
  readonly schema?: string | null;
  readonly values: readonly string[];
  /** The values before the op, when known: what `reverse` gives back. */
  readonly existing?: readonly string[];
}

/** A short human description of an op, for progress lines and error messages. */
export function describeOp(op: Op): string {
  const on = (table: string, schema?: string | null) => (schema ? `${schema}.${table}` : table);
  switch (op.kind) {
    case 'createTable':
      return `create table ${on(op.table.name, op.table.schema)}`;
    case 'dropTable':
      return `drop table ${on(op.table, op.schema)}`;
    case 'renameTable':
      return `rename table ${on(op.table, op.schema)} to ${op.newName}`;
    case 'addColumn':
      return `add column ${on(op.table, op.schema)}.${op.column.name}`;
    case 'dropColumn':
      return `drop column ${on(op.table, op.schema)}.${op.column}`;
    case 'alterColumn':
      return `alter column ${on(op.table, op.schema)}.${op.column}`;
    case 'createIndex':
      return `create index ${op.index.name} on ${on(op.table, op.schema)}`;
    case 'dropIndex':
      return `drop index ${op.name}`;
    case 'createUniqueConstraint':
      return `create unique constraint ${op.constraint.name} on ${on(op.table, op.schema)}`;
    case 'createForeignKey':
      return `create foreign key ${op.foreignKey.name} on ${on(op.table, op.schema)}`;
    case 'createCheckConstraint':
      return `create check constraint ${op.check.name} on ${on(op.table, op.schema)}`;
    case 'createPrimaryKey':
      return `create primary key ${op.primaryKey.name} on ${on(op.table, op.schema)}`;
    case 'dropConstraint':
      return `drop constraint ${op.name} on ${on(op.table, op.schema)}`;
    case 'renameConstraint':
      return `rename ${op.type === 'index' ? 'index' : 'constraint'} ${op.name} on ${on(op.table, op.schema)} to ${op.newName}`;
    case 'setTableComment':
      return `${op.comment === null ? 'remove the comment of' : 'comment on'} table ${on(op.table, op.schema)}`;
    case 'execute':
      return `execute ${op.sql.length > 60 ? `${op.sql.slice(0, 57)}...` : op.sql}`;
    case 'bulkInsert':
      return `insert ${op.rows.length} row(s) into ${on(op.table, op.schema)}`;
    case 'createEnum':
      return `create enum ${on(op.name, op.schema)}`;
    case 'dropEnum':
      return `drop enum ${on(op.name, op.schema)}`;
    case 'addEnumValue':
      return `add value '${op.value}' to enum ${on(op.name, op.schema)}`;
    case 'renameEnumValue':
      return `rename value '${op.from}' of enum ${on(op.name, op.schema)} to '${op.to}'`;
    case 'replaceEnumValues':
      return `set the values of enum ${on(op.name, op.schema)}`;
  }
}
