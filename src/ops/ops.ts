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
  | SetTableCommentOp
  | ExecuteOp
  | BulkInsertOp;

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
    case 'setTableComment':
      return `${op.comment === null ? 'remove the comment of' : 'comment on'} table ${on(op.table, op.schema)}`;
    case 'execute':
      return `execute ${op.sql.length > 60 ? `${op.sql.slice(0, 57)}...` : op.sql}`;
    case 'bulkInsert':
      return `insert ${op.rows.length} row(s) into ${on(op.table, op.schema)}`;
  }
}
