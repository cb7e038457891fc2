import type { ControlledTransaction, Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';
import type { Op } from '../ops/ops.js';

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

/**
 * A revision's transaction that a block can step out of (`op.autocommitBlock`, a revision with
 * `export const transaction = false`): `db()` and `runOp()` use the open transaction, or the
 * bare connection while outside one.
 */
export interface SuspendableTransaction {
  /** The open transaction's Kysely, or the connection's while outside a transaction. */
  db(): Kysely<any>;
  /** Runs one op in the transaction, or on its own outside one (see `runOpOutsideTransaction`). */
  runOp(op: Op): Promise<void>;
  /** Commits, runs `work` outside any transaction, opens a new one; already outside, runs `work`. */
  outsideTransaction(work: () => Promise<void>): Promise<void>;
}

/** An open transaction with the dialect's hooks around it, committed or rolled back once. */
interface OpenTransaction {
  readonly trx: Kysely<any>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

async function openTransaction(dialect: Dialect, db: Kysely<any>): Promise<OpenTransaction> {
  const hooks = await dialect.prepareTransaction(db);
  let trx: ControlledTransaction<any>;
  try {
    trx = await db.startTransaction().execute();
  } catch (err) {
    await hooks.after().catch(() => undefined);
    throw err;
  }
  let settled = false;
  return {
    trx,
    async commit() {
      settled = true;
      try {
        await hooks.beforeCommit(trx);
        await trx.commit().execute();
      } catch (err) {
        if (!trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute().catch(() => undefined);
        await hooks.after().catch(() => undefined);
        throw err;
      }
      await hooks.after();
    },
    async rollback() {
      if (settled) return;
      settled = true;
      try {
        await trx.rollback().execute();
      } finally {
        await hooks.after();
      }
    },
  };
}

/**
 * One op outside any transaction. The dialect's hooks still go around it: a SQLite table
 * rebuild needs foreign-key enforcement off and its keys checked afterwards, transaction or not.
 */
export async function runOpOutsideTransaction(dialect: Dialect, db: Kysely<any>, op: Op): Promise<void> {
  const hooks = await dialect.prepareTransaction(db);
  try {
    await dialect.executeOp(op, db);
    await hooks.beforeCommit(db);
  } finally {
    await hooks.after();
  }
}

/**
 * Like `inRevisionTransaction`, with a transaction `work` may step out of and back into. A
 * failure rolls back the transaction open at that moment; what was committed before stays.
 */
export async function inSuspendableTransaction<T>(dialect: Dialect, db: Kysely<any>, work: (tx: SuspendableTransaction) => Promise<T>): Promise<T> {
  let open: OpenTransaction | null = await openTransaction(dialect, db);
  const tx: SuspendableTransaction = {
    db: () => open?.trx ?? db,
    runOp: (op) => (open ? dialect.executeOp(op, open.trx) : runOpOutsideTransaction(dialect, db, op)),
    async outsideTransaction(inner) {
      if (!open) return inner();
      const current = open;
      open = null;
      await current.commit();
      await inner();
      open = await openTransaction(dialect, db);
    },
  };
  try {
    const result = await work(tx);
    const last = open;
    open = null;
    if (last) await last.commit();
    return result;
  } catch (err) {
    const last = open;
    open = null;
    if (last) await last.rollback().catch(() => undefined);
    throw err;
  }
}
