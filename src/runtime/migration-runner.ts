import { relative } from 'node:path';
import type { Connection, Dialect } from '../dialects/dialect.js';
import { describeOp, type Op } from '../ops/ops.js';
import { UserError, errorMessage, isUserError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { describeStep, type MigrationStep } from './migration-step.js';
import { inSuspendableTransaction } from './revision-transaction.js';
import { runRevisions, type RevisionBackend, type StepResult } from './run-revisions.js';
import { ensureVersionLog, stepLogEntries, writeLogRows, type LogEntry } from './version-log.js';
import { applyVersionRowOps, ensureVersionTable, type VersionTableName } from './version-table.js';

export type { StepResult } from './run-revisions.js';

export interface RunStepsOptions {
  readonly dialect: Dialect;
  readonly connection: Connection;
  readonly versionTable: VersionTableName;
  readonly steps: readonly MigrationStep[];
  readonly logger: Logger;
  /** One transaction per revision (true) or one for the whole run. */
  readonly transactionPerMigration: boolean;
  /** The last statement the database refused (filled by the connection's error hook). */
  readonly failedStatement: { sql: string | null };
  /** Loads revision modules (injected so tests and the CLI share one loader). */
  readonly loadModules: (paths: readonly string[]) => Promise<Array<Record<string, unknown>>>;
}

/** The error a failing revision ends with: the revision, the operation, the statement, the database's words. */
function revisionFailure(step: MigrationStep, stillAt: readonly string[], currentOp: Op | null, statement: string | null, err: unknown, ranOutside = false): UserError {
  const lines = [`Revision ${step.revision} (${step.message || 'no message'}) failed during ${step.direction === 'up' ? 'upgrade' : 'downgrade'}: ${errorMessage(err)}`];
  if (currentOp) lines.push(`  operation: ${describeOp(currentOp)}`);
  if (statement) lines.push(`  statement: ${statement.length > 500 ? `${statement.slice(0, 500)}...` : statement}`);
  lines.push(`  file: ${relative(process.cwd(), step.path)}`);
  const at = stillAt.length === 0 ? '<base>' : stillAt.join(', ');
  const hint = ranOutside
    ? `the version table is still at ${at}, but what the revision ran outside a transaction (op.autocommitBlock, transaction = false) before the failure was not rolled back: ` +
      'make those statements safe to run again (IF NOT EXISTS) or undo them by hand, fix the revision and run the command again'
    : `it was rolled back: the database is still at ${at}. Fix the revision and run the command again`;
  return new UserError(lines.join('\n'), { hint, cause: err });
}

/** The live database as a backend of the step loop: real transactions, ops executed. */
function onlineBackend(options: RunStepsOptions, logEntry: (step: MigrationStep, durationMs: number) => LogEntry): RevisionBackend {
  const { dialect, connection, versionTable, failedStatement } = options;
  return {
    dialect: dialect.name,
    offline: false,
    transaction: (work) =>
      // tx.db(): the open transaction, or the bare connection while an autocommit block runs
      inSuspendableTransaction(dialect, connection.db, (tx) =>
        work({
          ensureVersionTable: async () => {
            await ensureVersionTable(tx.db(), versionTable);
            await ensureVersionLog(dialect, tx.db(), versionTable);
          },
          beginStep: () => {
            failedStatement.sql = null;
          },
          runOp: (op) => tx.runOp(op),
          db: () => tx.db(),
          writeVersionRows: (rows) => applyVersionRowOps(tx.db(), versionTable, rows),
          writeLogEntry: (step, durationMs) => writeLogRows(tx.db(), versionTable, [logEntry(step, durationMs)]),
          outsideTransaction: (inner) => tx.outsideTransaction(inner),
        }),
      ),
    stepFailure: ({ step, stillAt, op, error, ranOutsideTransaction }) =>
      revisionFailure(step, stillAt, op, failedStatement.sql, error, ranOutsideTransaction),
  };
}

/**
 * Runs steps on the database. Each revision's operations and its version-table change commit
 * in one transaction (or all of them in one, with `transactionPerMigration: false`); a failure
 * rolls back the revision that failed and stops.
 */
export async function runSteps(options: RunStepsOptions): Promise<StepResult[]> {
  try {
    return await runRevisions({
      backend: onlineBackend(options, await stepLogEntries(options.steps)),
      steps: options.steps,
      transactionPerMigration: options.transactionPerMigration,
      loadModules: options.loadModules,
      onCommitted: (result, step) =>
        options.logger.info(`Running ${result.direction === 'up' ? 'upgrade' : 'downgrade'} ${describeStep(step)} (${result.ms} ms)`),
    });
  } catch (err) {
    if (isUserError(err)) throw err;
    throw new UserError(`Migration failed: ${errorMessage(err)}`, { cause: err, hint: 'the failing revision was rolled back' });
  }
}
