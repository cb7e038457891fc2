import { sql, type Kysely } from 'kysely';
import type { BulkInsertOp, Op } from '../../ops/ops.js';
import { UserError } from '../../util/errors.js';
import { bulkInsertColumns, compilePostgresOp } from './compile-postgres-op.js';
import { plainName } from './postgres-compiler.js';
import { postgresParameter } from './postgres-literal.js';

/** PostgreSQL's limit on bind parameters in one statement (a 16-bit count on the wire). */
const MAX_PARAMETERS = 65_535;
/** Rows per INSERT: large enough to be fast, small enough to keep statements modest. */
const MAX_ROWS_PER_INSERT = 1_000;

/**
 * Runs one op on `trx`. DDL runs the very statements `compilePostgresOp` prints, so offline
 * SQL and a live upgrade never differ; a bulk insert sends its values as parameters, in
 * batches, instead of inlining them.
 */
export async function executePostgresOp(op: Op, trx: Kysely<any>, compiler: Kysely<any>): Promise<void> {
  if (op.kind === 'bulkInsert') {
    await executeBulkInsert(op, trx);
    return;
  }
  for (const statement of compilePostgresOp(op, compiler)) {
    await sql.raw(statement).execute(trx);
  }
}

async function executeBulkInsert(op: BulkInsertOp, trx: Kysely<any>): Promise<void> {
  if (op.rows.length === 0) return;
  const columns = bulkInsertColumns(op);
  if (columns.length === 0) throw new UserError(`bulkInsert into ${op.table}: the rows have no columns`);
  const target = op.schema ? sql.id(plainName(op.schema, 'schema'), op.table) : sql.id(op.table);
  const columnList = sql.join(columns.map((c) => sql.id(c)));
  const batch = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns.length)));
  for (let start = 0; start < op.rows.length; start += batch) {
    const rows = op.rows.slice(start, start + batch).map(
      // A missing key means the column's DEFAULT, exactly as in the compiled (offline) form.
      (row) => sql`(${sql.join(columns.map((c) => (row[c] === undefined ? sql`default` : sql.val(postgresParameter(row[c])))))})`,
    );
    await sql`insert into ${target} (${columnList}) values ${sql.join(rows)}`.execute(trx);
  }
}
