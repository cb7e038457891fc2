import { relative } from 'node:path';
import type { Connection, Dialect } from '../dialects/dialect.js';
import { describeOp, type Op } from '../ops/ops.js';
import { UserError, errorMessage, isUserError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { describeStep, type MigrationStep } from './migration-step.js';
import { inRevisionTransaction } from './revision-transaction.js';
import { runRevisions, type RevisionBackend, type StepResult } from './run-revisions.js';
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
function revisionFailure(step: MigrationStep, stillAt: readonly string[], currentOp: Op | null, statement: string | null, err: unknown): UserError {
  const lines = [`Revision ${step.revision} (${step.message || 'no message'}) failed during ${step.direction === 'up' ? 'upgrade' : 'downgrade'}: ${errorMessage(err)}`];
  if (currentOp) lines.push(`  operation: ${describeOp(currentOp)}`);
  if (statement) lines.push(`  statement: ${statement.length > 500 ? `${statement.slice(0, 500)}...` : statement}`);
  lines.push(`  file: ${relative(process.cwd(), step.path)}`);
  return new UserError(lines.join('\n'), {
    hint: `it was rolled back: the database is still at ${stillAt.length === 0 ? '<base>' : stillAt.join(', ')}. Fix the revision and run the command again`,
    cause: err,
  });
}

/** The live database as a backend of the step loop: real transactions, ops executed. */
function onlineBackend(options: RunStepsOptions): RevisionBackend {
  const { dialect, connection, versionTable, failedStatement } = options;
  return {
    dialect: dialect.name,
    offline: false,
    transaction: (work) =>
      inRevisionTransaction(dialect, connection.db, (trx) =>
        work({
          ensureVersionTable: () => ensureVersionTable(trx, versionTable),
          beginStep: () => {
            failedStatement.sql = null;
          },
          runOp: (op) => dialect.executeOp(op, trx),
          db: () => trx,
          writeVersionRows: (rows) => applyVersionRowOps(trx, versionTable, rows),
        }),
      ),
    stepFailure: ({ step, stillAt, op, error }) => revisionFailure(step, stillAt, op, failedStatement.sql, error),
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
      backend: onlineBackend(options),
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
