import { sql, type Kysely } from 'kysely';
import type { BulkInsertOp, Op } from '../../ops/ops.js';
import type { Column } from '../../schema/schema.js';
import { UserError } from '../../util/errors.js';
import { bulkInsertColumns, compilePostgresOp } from './compile-postgres-op.js';
import { plainName } from './postgres-compiler.js';
import { postgresParameter } from './postgres-literal.js';
import { columnTypeFromPostgres } from './postgres-types.js';

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
  // A type change without USING: read the column's current type so the compiler can choose
  // the cast (a revision file does not carry the old type; offline SQL goes without).
  const withOldType =
    op.kind === 'alterColumn' && op.type !== undefined && op.using === undefined && op.existing === undefined
      ? { ...op, existing: await readColumn(trx, op.table, op.schema ?? null, op.column) }
      : op;
  for (const statement of compilePostgresOp(withOldType, compiler)) {
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

/** The column as it is now (name, type), or undefined when it does not exist. */
async function readColumn(trx: Kysely<any>, table: string, schema: string | null, column: string): Promise<Column | undefined> {
  const relation = schema ? sql`quote_ident(${schema}) || '.' || quote_ident(${table})` : sql`quote_ident(${table})`;
  const { rows } = await sql<{ typname: string; typmod: number; formatted: string; notnull: boolean; typtype: string }>`
    select t.typname, a.atttypmod as typmod, format_type(a.atttypid, a.atttypmod) as formatted, a.attnotnull as notnull, t.typtype::text as typtype
    from pg_attribute a join pg_type t on t.oid = a.atttypid
    where a.attrelid = to_regclass(${relation}) and a.attname = ${column} and not a.attisdropped`.execute(trx);
  const row = rows[0];
  if (!row) return undefined;
  // An enum converts to other types through its text form: the kind is what the cast needs.
  const type: Column['type'] = row.typtype === 'e' ? { kind: 'enum', name: row.typname, values: [] } : columnTypeFromPostgres(row);
  return { name: column, type, nullable: !row.notnull };
}
