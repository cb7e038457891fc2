import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';

/**
 * Runs `work` in one transaction the way every revision runs: the dialect prepares the
 * connection before BEGIN (SQLite switches foreign-key enforcement off), checks before COMMIT
 * (SQLite's `foreign_key_check`), and restores the connection afterwards, committed or not.
 */
export async function inRevisionTransaction<T>(dialect: Dialect, db: Kysely<any>, work: (trx: Kysely<any>) => Promise<T>): Promise<T> {
  const hooks = await dialect.prepareTransaction(db);
  try {
    return await db.transaction().execute(async (trx) => {
      const result = await work(trx);
      await hooks.beforeCommit(trx);
      return result;
    });
  } finally {
    await hooks.after();
  }
}
