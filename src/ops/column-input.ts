import { parseColumnType, type ColumnTypeInput } from '../schema/column-type.js';
import type {
  CheckConstraint,
  Column,
  ForeignKey,
  ForeignKeyAction,
  PrimaryKey,
  ServerDefault,
  Table,
  UniqueConstraint,
  Index,
  IndexElement,
} from '../schema/schema.js';
import { UserError } from '../util/errors.js';

/** A server default as a user writes it: a literal, or `{ sql: 'CURRENT_TIMESTAMP' }`. */
export type DefaultInput = string | number | boolean | { readonly sql: string };

/** A column as written in `op.createTable` / `op.addColumn`. */
export interface ColumnInput {
  readonly type: ColumnTypeInput;
  /** Defaults to true, except for primary-key columns. */
  readonly nullable?: boolean;
  readonly primaryKey?: boolean;
  readonly autoincrement?: boolean;
  readonly default?: DefaultInput | null;
  readonly comment?: string | null;
}

export interface ForeignKeyInput {
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

export interface IndexInput {
  readonly name: string;
  readonly columns: readonly IndexElement[];
  readonly unique?: boolean;
  readonly where?: string | null;
  readonly method?: string | null;
}

/** The table-level parts of `op.createTable`. */
export interface TableOptions {
  readonly schema?: string | null;
  readonly primaryKey?: readonly string[] | { readonly name?: string | null; readonly columns: readonly string[] };
  readonly foreignKeys?: readonly ForeignKeyInput[];
  readonly uniques?: ReadonlyArray<readonly string[] | { readonly name?: string | null; readonly columns: readonly string[] }>;
  readonly checks?: ReadonlyArray<string | { readonly name?: string | null; readonly expression: string }>;
  readonly indexes?: readonly IndexInput[];
  readonly comment?: string | null;
}

const ACTIONS: readonly ForeignKeyAction[] = ['NO ACTION', 'RESTRICT', 'CASCADE', 'SET NULL', 'SET DEFAULT'];

/** `'cascade'` or `'CASCADE'` -> `'CASCADE'`; an error for anything else. */
export function toForeignKeyAction(value: string | null | undefined, where: string): ForeignKeyAction | null {
  if (value === null || value === undefined) return null;
  const upper = value.trim().toUpperCase().replace(/\s+/g, ' ') as ForeignKeyAction;
  if (!ACTIONS.includes(upper)) {
    throw new UserError(`Unknown foreign key action ${JSON.stringify(value)} in ${where}`, {
      hint: `use one of ${ACTIONS.join(', ')}`,
    });
  }
  return upper;
}

export function toServerDefault(value: DefaultInput | null | undefined): ServerDefault | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') return { kind: 'sql', sql: value.sql };
  return { kind: 'literal', value };
}

export function toColumn(name: string, input: ColumnInput, where: string): Column {
  if (!input || typeof input !== 'object' || input.type === undefined) {
    throw new UserError(`Column ${where}.${name} has no type`, { hint: "write e.g. { type: 'integer' }" });
  }
  return {
    name,
    type: parseColumnType(input.type, `${where}.${name}`),
    nullable: input.nullable ?? !input.primaryKey,
    default: toServerDefault(input.default),
    autoincrement: input.autoincrement ?? false,
    comment: input.comment ?? null,
  };
}

export function toForeignKey(input: ForeignKeyInput, where: string): ForeignKey {
  if (input.columns.length === 0 || input.columns.length !== input.refColumns.length) {
    throw new UserError(`Foreign key ${input.name ?? ''} on ${where} needs as many columns as referenced columns`);
  }
  return {
    name: input.name ?? null,
    columns: [...input.columns],
    refTable: input.refTable,
    refSchema: input.refSchema ?? null,
    refColumns: [...input.refColumns],
    onDelete: toForeignKeyAction(input.onDelete, where),
    onUpdate: toForeignKeyAction(input.onUpdate, where),
    deferrable: input.deferrable ?? false,
    initiallyDeferred: input.initiallyDeferred ?? false,
  };
}

export function toIndex(input: IndexInput): Index {
  return {
    name: input.name,
    columns: [...input.columns],
    unique: input.unique ?? false,
    where: input.where ?? null,
    method: input.method ?? null,
  };
}

/** Builds the IR of a table from `op.createTable(name, columns, options)`. */
export function toTable(name: string, columns: Readonly<Record<string, ColumnInput>>, options: TableOptions = {}): Table {
  const cols = Object.entries(columns).map(([colName, input]) => toColumn(colName, input, name));
  if (cols.length === 0) throw new UserError(`Table ${name} has no columns`);
  const inlinePk = Object.entries(columns)
    .filter(([, input]) => input.primaryKey)
    .map(([colName]) => colName);
  let primaryKey: PrimaryKey | null = null;
  if (options.primaryKey) {
    if (inlinePk.length > 0) {
      throw new UserError(`Table ${name} declares its primary key twice`, {
        hint: 'use either primaryKey: true on columns or the primaryKey table option',
      });
    }
    primaryKey = Array.isArray(options.primaryKey)
      ? { name: null, columns: [...(options.primaryKey as readonly string[])] }
      : {
          name: (options.primaryKey as { name?: string | null }).name ?? null,
          columns: [...(options.primaryKey as { columns: readonly string[] }).columns],
        };
  } else if (inlinePk.length > 0) {
    primaryKey = { name: null, columns: inlinePk };
  }
  const uniques: UniqueConstraint[] = (options.uniques ?? []).map((u) =>
    Array.isArray(u)
      ? { name: null, columns: [...(u as readonly string[])] }
      : { name: (u as UniqueConstraint).name ?? null, columns: [...(u as UniqueConstraint).columns] },
  );
  const checks: CheckConstraint[] = (options.checks ?? []).map((c) =>
    typeof c === 'string' ? { name: null, expression: c } : { name: c.name ?? null, expression: c.expression },
  );
  const table: Table = {
    name,
    schema: options.schema ?? null,
    columns: cols,
    primaryKey,
    foreignKeys: (options.foreignKeys ?? []).map((fk) => toForeignKey(fk, name)),
    uniques,
    checks,
    indexes: (options.indexes ?? []).map(toIndex),
    comment: options.comment ?? null,
  };
  checkTableReferences(table);
  return table;
}

/** Every constraint and index of a table names columns the table has. */
function checkTableReferences(table: Table): void {
  const names = new Set(table.columns.map((c) => c.name));
  const need = (cols: readonly IndexElement[], what: string) => {
    for (const col of cols) {
      if (typeof col === 'string' && !names.has(col)) {
        throw new UserError(`${what} of table ${table.name} names column ${col}, which the table does not have`);
      }
    }
  };
  if (table.primaryKey) need(table.primaryKey.columns, 'The primary key');
  for (const fk of table.foreignKeys) need(fk.columns, `Foreign key ${fk.name ?? ''}`.trim());
  for (const u of table.uniques) need(u.columns, `Unique constraint ${u.name ?? ''}`.trim());
  for (const ix of table.indexes) need(ix.columns, `Index ${ix.name}`);
}
