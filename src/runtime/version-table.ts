import { sql, type Kysely } from 'kysely';
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
 * The statement of one row change. Online the revision ids are bound as parameters; offline
 * (`literal: true`) they are inlined, so the compiled text is a complete statement.
 */
export function versionRowQuery(db: Kysely<any>, name: VersionTableName, op: VersionRowOp, options: { literal?: boolean } = {}) {
  const value = (id: string) => (options.literal ? sql.lit(id) : id);
  switch (op.op) {
    case 'insert':
      return table(db, name).insertInto(name.table).values({ version_num: value(op.revision) });
    case 'delete':
      return table(db, name).deleteFrom(name.table).where('version_num', '=', value(op.revision));
    case 'update':
      return table(db, name).updateTable(name.table).set({ version_num: value(op.to) }).where('version_num', '=', value(op.from));
  }
}

/** `DELETE FROM` the whole version table (`orm stamp --purge`). */
export function purgeVersionTableQuery(db: Kysely<any>, name: VersionTableName) {
  return table(db, name).deleteFrom(name.table);
}

/**
 * Runs a step's row statements inside its transaction. Every UPDATE and DELETE must touch
 * exactly one row: anything else means another process moved the database under us.
 */
export async function applyVersionRowOps(trx: Kysely<any>, name: VersionTableName, ops: readonly VersionRowOp[]): Promise<void> {
  for (const op of ops) {
    const result = await versionRowQuery(trx, name, op).executeTakeFirst();
    if (op.op === 'insert') continue;
    const n = Number('numDeletedRows' in result ? result.numDeletedRows : 'numUpdatedRows' in result ? result.numUpdatedRows : -1);
    if (n !== 1) {
      const what = op.op === 'delete' ? `deleting ${op.revision}` : `updating ${op.from} to ${op.to}`;
      throw new UserError(`Version table ${name.table}: ${what} matched ${n} rows instead of 1`, {
        hint: 'another process may have migrated this database meanwhile; check `orm current` and run again',
      });
    }
  }
}
