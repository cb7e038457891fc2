import { sql, type Kysely } from 'kysely';
import { describeOp, type AlterColumnOp, type AddColumnOp, type BulkInsertOp, type Op, type OpKind, type OpOfKind } from '../../ops/ops.js';
import type { Column } from '../../schema/schema.js';
import { UserError } from '../../util/errors.js';
import { sqliteTypeSql } from './sqlite-column-type.js';
import { isConstantDefault, sqliteLiteral } from './sqlite-literal.js';
import { buildSqliteColumn, compileOnly, sqliteCreateIndexSql, sqliteCreateTableSql } from './sqlite-table-ddl.js';

/** Most rows one INSERT carries; SQLite also caps bound parameters at 32,766. */
const ROWS_PER_INSERT = 500;
const MAX_PARAMETERS = 32_000;

/**
 * The SQL of an op SQLite does natively, literals inlined, without a database (offline SQL and
 * the native path of `executeOp`). Ops that need a table rebuild throw a `UserError`.
 */
export function compileSqliteOp(compiler: Kysely<any>, op: Op): string[] {
  assertNoSqliteSchema(op);
  const handler = COMPILERS[op.kind] as (compiler: Kysely<any>, op: Op) => string[];
  return handler(compiler, op);
}

type Compilers = { readonly [K in OpKind]: (compiler: Kysely<any>, op: OpOfKind<K>) => string[] };

const COMPILERS: Compilers = {
  createTable: (c, op) => [
    sqliteCreateTableSql(c, op.table),
    ...op.table.indexes.map((index) => sqliteCreateIndexSql(c, op.table.name, index)),
  ],
  dropTable: (c, op) => [compileOnly(c.schema.dropTable(op.table))],
  renameTable: (c, op) => [compileOnly(c.schema.alterTable(op.table).renameTo(op.newName))],
  addColumn: (c, op) => {
    if (!canAddColumnNatively(op.column)) throw needsRebuild(op, addColumnReason(op));
    return [compileOnly(c.schema.alterTable(op.table).addColumn(op.column.name, sql.raw(sqliteTypeSql(op.column.type)), (b) => buildSqliteColumn(b, op.column)))];
  },
  // SQLite refuses DROP COLUMN for key, unique, indexed or checked columns; offline, we
  // cannot know, and a refusal when the printed SQL runs says so clearly.
  dropColumn: (c, op) => [compileOnly(c.schema.alterTable(op.table).dropColumn(op.column))],
  alterColumn: (c, op) => {
    if (needsRebuildForAlter(op)) throw needsRebuild(op, 'SQLite cannot change a column\'s type, nullability or default with ALTER TABLE');
    // Comments do not exist on SQLite (capabilities.comments is false): nothing to do for them.
    if (op.newName === undefined || op.newName === op.column) return [];
    return [compileOnly(c.schema.alterTable(op.table).renameColumn(op.column, op.newName))];
  },
  createIndex: (c, op) => [sqliteCreateIndexSql(c, op.table, op.index)],
  // SQLite has no comments (capabilities.comments is false), as for column comments above.
  setTableComment: () => [],
  dropIndex: (c, op) => [compileOnly(c.schema.dropIndex(op.name))],
  createUniqueConstraint: (_c, op) => {
    throw needsRebuild(op, 'SQLite cannot add a constraint to an existing table');
  },
  createForeignKey: (_c, op) => {
    throw needsRebuild(op, 'SQLite cannot add a constraint to an existing table');
  },
  createCheckConstraint: (_c, op) => {
    throw needsRebuild(op, 'SQLite cannot add a constraint to an existing table');
  },
  createPrimaryKey: (_c, op) => {
    throw needsRebuild(op, 'SQLite cannot add a constraint to an existing table');
  },
  dropConstraint: (_c, op) => {
    throw needsRebuild(op, 'SQLite cannot drop a constraint from an existing table');
  },
  renameConstraint: (_c, op) => {
    throw needsRebuild(op, 'SQLite cannot rename a constraint or an index');
  },
  // SQLite has no enum types: an enum column is TEXT with a CHECK listing the values, so the
  // type itself is nothing to create or drop, and its values change with the columns.
  createEnum: () => [],
  dropEnum: () => [],
  addEnumValue: (_c, op) => {
    throw noEnumTypes(op);
  },
  renameEnumValue: (_c, op) => {
    throw noEnumTypes(op);
  },
  replaceEnumValues: (_c, op) => {
    throw noEnumTypes(op);
  },
  execute: (_c, op) => [op.sql],
  bulkInsert: (c, op) =>
    insertBatches(op).map((rows) => {
      if (rows[0]!.length === 0) return compileOnly(c.insertInto(op.table).defaultValues());
      const values = rows.map((row) => Object.fromEntries(row.map(([k, v]) => [k, sql.raw(sqliteLiteral(v))])));
      return compileOnly(c.insertInto(op.table).values(values));
    }),
};

/** True when `ALTER TABLE ADD COLUMN` can add the column (see SQLite's ALTER TABLE rules). */
export function canAddColumnNatively(column: Column): boolean {
  if (column.autoincrement) return false;
  if (!isConstantDefault(column.default)) return false;
  const hasValue = !!column.default && !(column.default.kind === 'sql' && /^null$/i.test(column.default.sql.trim()));
  return column.nullable || hasValue;
}

function addColumnReason(op: AddColumnOp): string {
  if (op.column.autoincrement) return 'SQLite cannot add an autoincrement column with ALTER TABLE';
  if (!isConstantDefault(op.column.default)) return 'SQLite cannot add a column whose default is not a constant with ALTER TABLE';
  return 'SQLite cannot add a NOT NULL column without a default with ALTER TABLE';
}

/** True when an alterColumn changes more than the name (and the comment SQLite does not have). */
export function needsRebuildForAlter(op: AlterColumnOp): boolean {
  return op.type !== undefined || op.nullable !== undefined || op.default !== undefined;
}

/** The error of an enum value op on SQLite, which has no enum types. */
function noEnumTypes(op: Op): UserError {
  return new UserError(`SQLite cannot "${describeOp(op)}": it has no enum types; an enum column is TEXT with a CHECK of its values`, {
    hint: "change each column using it: op.alterColumn(table, column, { type: { kind: 'enum', name, values: [...] } }) (the table is rebuilt)",
  });
}

/** The error of an op that only a rebuild of the live table can do. */
function needsRebuild(op: Op, reason: string): UserError {
  return new UserError(
    `Cannot write offline SQL for "${describeOp(op)}": ${reason}; it needs a table rebuild, which needs the live table definition`,
    {
      hint:
        'run this migration against the database (without --sql), where the table is rebuilt automatically, ' +
        'or write the rebuild by hand with op.execute() (CREATE TABLE new, INSERT ... SELECT, DROP TABLE, ALTER TABLE RENAME)',
    },
  );
}

/** SQLite has no schemas: an op naming one other than `main` is refused. */
export function assertNoSqliteSchema(op: Op): void {
  const schema = op.kind === 'createTable' ? op.table.schema : 'schema' in op ? op.schema : null;
  if (schema && schema !== 'main') {
    throw new UserError(`SQLite has no schema ${schema} (in "${describeOp(op)}")`, {
      hint: 'leave the schema option out on SQLite',
    });
  }
}

/**
 * The rows of a bulk insert as batches of [column, value] pairs: consecutive rows with the same
 * columns share one INSERT (keeping row order); a missing column is left to its default rather
 * than set to NULL, which is why rows with other columns start a new batch.
 */
export function insertBatches(op: BulkInsertOp): Array<Array<Array<[string, unknown]>>> {
  const batches: Array<Array<Array<[string, unknown]>>> = [];
  let key: string | null = null;
  for (const row of op.rows) {
    const entries = Object.entries(row).filter(([, v]) => v !== undefined);
    const rowKey = JSON.stringify(entries.map(([k]) => k).sort());
    const current = batches[batches.length - 1];
    const limit = Math.max(1, Math.min(ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / Math.max(1, entries.length))));
    if (current && rowKey === key && entries.length > 0 && current.length < limit) current.push(entries);
    else batches.push([entries]);
    key = rowKey;
  }
  return batches;
}
