import { sql, type Kysely } from 'kysely';
import type { DropColumnOp, Op, OpKind, OpOfKind } from '../../ops/ops.js';
import type { Table } from '../../schema/schema.js';
import { applyOpToTable } from './apply-op-to-table.js';
import { assertNoSqliteSchema, canAddColumnNatively, compileSqliteOp, insertBatches, needsRebuildForAlter } from './sqlite-compile-op.js';
import { readSqliteTables } from './sqlite-introspector.js';
import { bindableSqliteValue } from './sqlite-literal.js';
import { rebuildSqliteTable, type RebuildOp } from './sqlite-table-rebuild.js';
import { sameName, splitSqliteStatements } from './sqlite-tokenize.js';

type Executors = { readonly [K in OpKind]: (compiler: Kysely<any>, trx: Kysely<any>, op: OpOfKind<K>) => Promise<void> };

/** Runs compiled statements one by one (better-sqlite3 prepares one statement at a time). */
async function runAll(trx: Kysely<any>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(trx);
}

const native = async (compiler: Kysely<any>, trx: Kysely<any>, op: Op) => runAll(trx, compileSqliteOp(compiler, op));
const rebuild = (compiler: Kysely<any>, trx: Kysely<any>, op: RebuildOp) => rebuildSqliteTable(compiler, trx, op);

/**
 * SQLite refuses DROP COLUMN for a column in a key, a unique constraint, an index, a foreign
 * key or a table CHECK. That is exactly when dropping it also drops something else from the
 * table's definition, and then the rebuild does it (dropping those too, as PostgreSQL does).
 * Anything else goes to SQLite natively; a view or trigger using the column makes SQLite
 * refuse, and that refusal stands (a rebuild would leave the view or trigger broken).
 */
async function dropColumnNeedsRebuild(trx: Kysely<any>, op: DropColumnOp): Promise<boolean> {
  const [live] = await readSqliteTables(trx, op.table);
  if (!live || !live.table.columns.some((c) => sameName(c.name, op.column))) return false;
  const before = live.table;
  const after = applyOpToTable(before, op);
  const count = (t: Table) => [t.primaryKey ? 1 : 0, t.uniques.length, t.foreignKeys.length, t.checks.length, t.indexes.length].join();
  return count(after) !== count(before);
}

const EXECUTORS: Executors = {
  createTable: native,
  dropTable: native,
  renameTable: native,
  createIndex: native,
  dropIndex: native,
  setTableComment: native,
  addColumn: (c, trx, op) => (canAddColumnNatively(op.column) ? native(c, trx, op) : rebuild(c, trx, op)),
  dropColumn: async (c, trx, op) => ((await dropColumnNeedsRebuild(trx, op)) ? rebuild(c, trx, op) : native(c, trx, op)),
  alterColumn: async (c, trx, op) => {
    const renamed = op.newName !== undefined && op.newName !== op.column;
    // RENAME COLUMN first, natively: SQLite then rewrites the indexes, triggers, views and
    // child foreign keys that use the column, which a rebuild alone would not.
    if (renamed) await native(c, trx, { kind: 'alterColumn', table: op.table, schema: op.schema ?? null, column: op.column, newName: op.newName });
    if (needsRebuildForAlter(op)) {
      const { newName: _newName, ...changes } = op;
      await rebuild(c, trx, { ...changes, column: renamed ? op.newName! : op.column });
    }
  },
  createUniqueConstraint: rebuild,
  createForeignKey: rebuild,
  createCheckConstraint: rebuild,
  createPrimaryKey: rebuild,
  dropConstraint: rebuild,
  renameConstraint: rebuild,
  createEnum: native,
  dropEnum: native,
  addEnumValue: native,
  renameEnumValue: native,
  replaceEnumValues: native,
  execute: async (_c, trx, op) => runAll(trx, splitSqliteStatements(op.sql)),
  bulkInsert: async (_c, trx, op) => {
    for (const rows of insertBatches(op)) {
      if (rows[0]!.length === 0) {
        await trx.insertInto(op.table).defaultValues().execute();
      } else {
        const values = rows.map((row) => Object.fromEntries(row.map(([k, v]) => [k, bindableSqliteValue(v)])));
        await trx.insertInto(op.table).values(values).execute();
      }
    }
  },
};

/**
 * Runs one op inside the revision's transaction: natively where SQLite can, otherwise by an
 * automatic table rebuild. SQLite's own error messages are left as they are.
 */
export async function executeSqliteOp(compiler: Kysely<any>, op: Op, trx: Kysely<any>): Promise<void> {
  assertNoSqliteSchema(op);
  const executor = EXECUTORS[op.kind] as (compiler: Kysely<any>, trx: Kysely<any>, op: Op) => Promise<void>;
  await executor(compiler, trx, op);
}
