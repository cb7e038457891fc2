import type { ColumnType } from './column-type.js';

/**
 * The schema IR: readonly plain data describing tables as the database holds them (or as the
 * models want them). Things refer to each other by name, never by object reference.
 */

/** A server default: a literal value, or an SQL expression given to the database verbatim. */
export type ServerDefault =
  | { readonly kind: 'literal'; readonly value: string | number | boolean }
  | { readonly kind: 'sql'; readonly sql: string };

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly default?: ServerDefault | null;
  /** Identity / serial on PostgreSQL, `INTEGER PRIMARY KEY AUTOINCREMENT` on SQLite. */
  readonly autoincrement?: boolean;
  readonly comment?: string | null;
  /**
   * Target side only (the models): the column's previous name. When the database has that
   * column and not this one, autogenerate renames it instead of dropping one and adding the
   * other. Not part of the column's definition: never compared, inert once renamed.
   */
  readonly renamedFrom?: string;
}

export interface PrimaryKey {
  readonly name?: string | null;
  readonly columns: readonly string[];
}

export type ForeignKeyAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

export interface ForeignKey {
  readonly name?: string | null;
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refSchema?: string | null;
  readonly refColumns: readonly string[];
  readonly onDelete?: ForeignKeyAction | null;
  readonly onUpdate?: ForeignKeyAction | null;
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
}

export interface UniqueConstraint {
  readonly name?: string | null;
  readonly columns: readonly string[];
}

export interface CheckConstraint {
  readonly name?: string | null;
  /** The boolean SQL expression, without the `CHECK ( )` around it. */
  readonly expression: string;
}

/** One element of an index: a column name, or an SQL expression. */
export type IndexElement = string | { readonly expression: string };

export interface Index {
  readonly name: string;
  readonly columns: readonly IndexElement[];
  readonly unique: boolean;
  /** Partial index predicate, without `WHERE`. */
  readonly where?: string | null;
  /** Index method on PostgreSQL (`btree`, `gin`, ...). */
  readonly method?: string | null;
}

export interface Table {
  readonly name: string;
  readonly schema?: string | null;
  readonly columns: readonly Column[];
  readonly primaryKey?: PrimaryKey | null;
  readonly foreignKeys: readonly ForeignKey[];
  readonly uniques: readonly UniqueConstraint[];
  readonly checks: readonly CheckConstraint[];
  readonly indexes: readonly Index[];
  readonly comment?: string | null;
  /** Target side only (the models): the table's previous name, as `Column.renamedFrom`. */
  readonly renamedFrom?: string;
}

/**
 * A named enum type, shared by the columns whose type is `{ kind: 'enum', name, schema }`.
 * Only PostgreSQL has them; elsewhere each such column carries its values itself.
 */
export interface EnumType {
  readonly name: string;
  /** PostgreSQL schema; none means the default one. */
  readonly schema?: string | null;
  /** The labels, in their sort order. */
  readonly values: readonly string[];
  /**
   * Target side only (the models): values renamed, new label -> old label. Without it, a value
   * that disappears while another appears is a removal and an addition.
   */
  readonly renamedFrom?: Readonly<Record<string, string>>;
}

export interface Schema {
  readonly tables: readonly Table[];
  /** Enum types (PostgreSQL). Absent or empty: none. */
  readonly enums?: readonly EnumType[];
}

/** A table's qualified name for messages: `schema.table` or `table`. */
export function qualifiedName(name: string, schema?: string | null): string {
  return schema ? `${schema}.${name}` : name;
}
