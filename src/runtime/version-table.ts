import type { Kysely } from 'kysely';
import type { VersionRowOp } from '../revisions/version-change.js';
import { UserError } from '../util/errors.js';

/**
 * The version table: `orm_version(version_num VARCHAR(32) NOT NULL PRIMARY KEY)`, one row per
 * current head, as Alembic keeps `alembic_version`.
 */
export interface VersionTableName {
  readonly table: string;
  readonly schema: string | null;
}

function table(db: Kysely<any>, name: VersionTableName) {
  return name.schema ? db.withSchema(name.schema) : db;
}

/** The SQL creating the version table (also used by offline mode). */
export function createVersionTableQuery(db: Kysely<any>, name: VersionTableName) {
  return table(db, name)
    .schema.createTable(name.table)
    .ifNotExists()
    .addColumn('version_num', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${name.table}_pkc`, ['version_num']);
}

export async function ensureVersionTable(db: Kysely<any>, name: VersionTableName): Promise<void> {
  await createVersionTableQuery(db, name).execute();
}

/** The current heads (sorted); call only when the table exists (`Dialect.hasTable`). */
export async function readVersionRows(db: Kysely<any>, name: VersionTableName): Promise<string[]> {
  const rows = await table(db, name).selectFrom(name.table).select('version_num').orderBy('version_num').execute();
  return rows.map((r) => String(r.version_num));
}

/**
 * Runs a step's row statements inside its transaction. Every UPDATE and DELETE must touch
 * exactly one row: anything else means another process moved the database under us.
 */
export async function applyVersionRowOps(trx: Kysely<any>, name: VersionTableName, ops: readonly VersionRowOp[]): Promise<void> {
  for (const op of ops) {
    if (op.op === 'insert') {
      await table(trx, name).insertInto(name.table).values({ version_num: op.revision }).execute();
      continue;
    }
    const result =
      op.op === 'delete'
        ? await table(trx, name).deleteFrom(name.table).where('version_num', '=', op.revision).executeTakeFirst()
        : await table(trx, name).updateTable(name.table).set({ version_num: op.to }).where('version_num', '=', op.from).executeTakeFirst();
    const n = Number('numDeletedRows' in result ? result.numDeletedRows : result.numUpdatedRows);
    if (n !== 1) {
      const what = op.op === 'delete' ? `deleting ${op.revision}` : `updating ${op.from} to ${op.to}`;
      throw new UserError(`Version table ${name.table}: ${what} matched ${n} rows instead of 1`, {
        hint: 'another process may have migrated this database meanwhile; check `orm current` and run again',
      });
    }
  }
}
