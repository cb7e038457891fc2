import { sql, type Kysely } from 'kysely';
import { UserError } from '../../util/errors.js';
import type { TransactionHooks } from '../dialect.js';
import { sqliteErrorMessage } from './sqlite-connect.js';

interface ViolationRow {
  readonly table: string;
  readonly rowid: number | null;
  readonly parent: string;
  readonly fkid: number;
}

/** How many violations a message lists before summing up the rest. */
const SHOWN = 10;

/** Reads `PRAGMA foreign_keys` (1 or 0). */
async function foreignKeysOn(db: Kysely<any>): Promise<boolean> {
  const result = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(db);
  return result.rows[0]?.foreign_keys === 1;
}

/**
 * Switches foreign-key enforcement off around a revision's transaction. A table rebuild drops
 * and recreates a table; with enforcement on, that DROP would run the ON DELETE actions of
 * every child row (CASCADE would delete them). SQLite ignores `PRAGMA foreign_keys` inside a
 * transaction, so it is set here, on the connection, before BEGIN. Every key is then checked
 * before COMMIT (when enforcement was on), and the setting restored afterwards.
 */
export async function prepareSqliteTransaction(db: Kysely<any>): Promise<TransactionHooks> {
  const wasOn = await foreignKeysOn(db);
  if (wasOn) {
    await sql`PRAGMA foreign_keys = OFF`.execute(db);
    if (await foreignKeysOn(db)) {
      throw new UserError('Cannot switch SQLite foreign-key enforcement off: a transaction is already open on this connection', {
        hint: 'commit or roll back the open transaction before running migrations',
      });
    }
  }
  return {
    async beforeCommit(trx: Kysely<any>): Promise<void> {
      if (wasOn) await checkForeignKeys(trx);
    },
    async after(): Promise<void> {
      if (wasOn) await sql`PRAGMA foreign_keys = ON`.execute(db);
    },
  };
}

/** Runs `PRAGMA foreign_key_check` and throws a `UserError` naming the rows that break a key. */
export async function checkForeignKeys(trx: Kysely<any>): Promise<void> {
  let rows: ViolationRow[];
  try {
    rows = (await sql<ViolationRow>`SELECT "table", rowid, parent, fkid FROM pragma_foreign_key_check`.execute(trx)).rows;
  } catch (err) {
    // SQLite cannot check a key whose parent columns are no longer a primary key or unique.
    const message = sqliteErrorMessage(err);
    if (!/foreign key mismatch/i.test(message)) throw err;
    throw new UserError(`Foreign key check failed: ${message}`, {
      cause: err,
      hint: "a foreign key must reference its parent's primary key or a unique constraint: keep the one the child uses, or change the child's foreign key first",
    });
  }
  if (rows.length === 0) return;
  const lines = rows
    .slice(0, SHOWN)
    .map((r) => `  ${r.table} row ${r.rowid ?? '(no rowid)'} references a missing row of ${r.parent}`);
  if (rows.length > SHOWN) lines.push(`  ... and ${rows.length - SHOWN} more`);
  throw new UserError(`Foreign key check failed: ${rows.length} row(s) reference missing parent rows\n${lines.join('\n')}`, {
    hint: 'delete or fix those rows (or the parent rows they need) in the revision before the change that broke them',
  });
}
