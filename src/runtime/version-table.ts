import type { Kysely } from 'kysely';
import { UserError } from '../util/errors.js';

/**
 * The version table: `orm_version(version_num VARCHAR(32) NOT NULL PRIMARY KEY)`, one row per
 * current head, as Alembic keeps `alembic_version`.
 */
export interface VersionTableName {
  readonly table: string;
  readonly schema: string | null;
}

/** A change to the version table: rows to delete, rows to insert, rows to rename. */
export interface VersionRowChange {
  readonly deletes: readonly string[];
  readonly inserts: readonly string[];
  readonly updates: ReadonlyArray<{ readonly from: string; readonly to: string }>;
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
 * Applies one change inside the revision's transaction. Every UPDATE and DELETE must touch
 * exactly one row: anything else means another process moved the database under us.
 */
export async function applyVersionRowChange(trx: Kysely<any>, name: VersionTableName, change: VersionRowChange): Promise<void> {
  const expectOne = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }, what: string) => {
    const n = Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);
    if (n !== 1) {
      throw new UserError(`Version table ${name.table}: ${what} changed ${n} rows instead of 1`, {
        hint: 'another process may be migrating this database; check `orm current` and retry',
      });
    }
  };
  for (const rev of change.deletes) {
    const result = await table(trx, name).deleteFrom(name.table).where('version_num', '=', rev).executeTakeFirst();
    expectOne(result, `deleting ${rev}`);
  }
  for (const { from, to } of change.updates) {
    const result = await table(trx, name).updateTable(name.table).set({ version_num: to }).where('version_num', '=', from).executeTakeFirst();
    expectOne(result, `updating ${from} to ${to}`);
  }
  for (const rev of change.inserts) {
    await table(trx, name).insertInto(name.table).values({ version_num: rev }).execute();
  }
}

/** Replaces every row (stamp --purge, tests). */
export async function replaceVersionRows(trx: Kysely<any>, name: VersionTableName, heads: readonly string[]): Promise<void> {
  await table(trx, name).deleteFrom(name.table).execute();
  for (const rev of heads) await table(trx, name).insertInto(name.table).values({ version_num: rev }).execute();
}
