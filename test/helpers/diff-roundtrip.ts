/**
 * Shared steps of the differ's round-trip tests: apply the ops of an upgrade to a real
 * database the way a revision runs (one revision transaction), and compare again.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../../src/dialects/dialect.js';
import { compareDatabase, type DatabaseCompareOptions } from '../../src/diff/compare-database.js';
import { describeChanges } from '../../src/diff/describe-changes.js';
import type { Op } from '../../src/ops/ops.js';
import type { Schema, Table } from '../../src/schema/schema.js';
import { inRevisionTransaction } from '../../src/runtime/revision-transaction.js';

/** Runs ops in one revision transaction, as the runner does. */
export async function applyOps(dialect: Dialect, db: Kysely<any>, ops: readonly Op[]): Promise<void> {
  await inRevisionTransaction(dialect, db, async (trx) => {
    for (const op of ops) {
      try {
        await dialect.executeOp(op, trx);
      } catch (err) {
        throw new Error(`${describeChanges([op]).join('; ')} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    }
  });
}

/** The changes a live database still has against `target` (empty when in sync). */
export async function remainingChanges(dialect: Dialect, db: Kysely<any>, target: Schema, options: DatabaseCompareOptions = {}): Promise<string[]> {
  const { ops } = await compareDatabase(dialect, db, target, options);
  return describeChanges(ops);
}

/** A schema of tables. */
export const schemaOf = (...tables: Table[]): Schema => ({ tables });
