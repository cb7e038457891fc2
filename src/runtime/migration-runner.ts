import { relative } from 'node:path';
import type { Kysely } from 'kysely';
import type { Connection, Dialect } from '../dialects/dialect.js';
import { createOperations, type Operations } from '../ops/operations.js';
import { describeOp, type Op } from '../ops/ops.js';
import { UserError, errorMessage, isUserError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { describeStep, type MigrationStep } from './migration-step.js';
import { inRevisionTransaction } from './revision-transaction.js';
import { applyVersionRowOps, ensureVersionTable, type VersionTableName } from './version-table.js';

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

export interface StepResult {
  readonly revision: string;
  readonly direction: 'up' | 'down';
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly message: string;
  readonly ms: number;
}

type MigrationFn = (op: Operations) => Promise<void> | void;

/** Takes `upgrade`/`downgrade` out of a loaded revision module, or says what is missing. */
function migrationFunction(mod: Record<string, unknown>, step: MigrationStep): MigrationFn {
  const name = step.direction === 'up' ? 'upgrade' : 'downgrade';
  const fn = mod[name];
  if (typeof fn !== 'function') {
    throw new UserError(`Revision ${step.revision} (${relative(process.cwd(), step.path)}) exports no ${name} function`, {
      hint: `add: export async function ${name}(op: Operations) { ... }`,
    });
  }
  return fn as MigrationFn;
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

/**
 * Runs steps in order. Each revision's operations and its version-table change commit in one
 * transaction (or all of them in one, with `transactionPerMigration: false`); a failure rolls
 * back the revision that failed and stops.
 */
export async function runSteps(options: RunStepsOptions): Promise<StepResult[]> {
  const { dialect, connection, steps, logger } = options;
  if (steps.length === 0) return [];
  // Load (and compile) every revision that will run before touching the database, so that a
  // syntax error in the fifth file does not leave the database half-way.
  const modules = await options.loadModules(steps.map((s) => s.path));
  const fns = steps.map((step, i) => migrationFunction(modules[i]!, step));

  const results: StepResult[] = [];
  let versionTableReady = false;
  const runOne = async (trx: Kysely<any>, step: MigrationStep, fn: MigrationFn): Promise<void> => {
    const started = performance.now();
    if (!versionTableReady) {
      await ensureVersionTable(trx, options.versionTable);
      versionTableReady = true;
    }
    let currentOp: Op | null = null;
    options.failedStatement.sql = null;
    const recorder = createOperations({
      dialect: dialect.name,
      offline: false,
      db: () => trx,
      run: async (op) => {
        currentOp = op;
        await dialect.executeOp(op, trx);
        currentOp = null;
      },
    });
    try {
      await fn(recorder.op);
      await recorder.drain();
    } catch (err) {
      const stillAt = options.transactionPerMigration ? step.from : steps[0]!.from;
      throw revisionFailure(step, stillAt, currentOp, options.failedStatement.sql, err);
    }
    await applyVersionRowOps(trx, options.versionTable, step.versionRows);
    const ms = Math.round(performance.now() - started);
    results.push({ revision: step.revision, direction: step.direction, from: step.from, to: step.to, message: step.message, ms });
  };

  const inTransaction = (work: (trx: Kysely<any>) => Promise<void>) => inRevisionTransaction(dialect, connection.db, work);

  const logStep = (result: StepResult) =>
    logger.info(`Running ${result.direction === 'up' ? 'upgrade' : 'downgrade'} ${describeStep(steps.find((s) => s.revision === result.revision && s.direction === result.direction)!)} (${result.ms} ms)`);

  try {
    if (options.transactionPerMigration) {
      for (let i = 0; i < steps.length; i++) {
        await inTransaction((trx) => runOne(trx, steps[i]!, fns[i]!));
        logStep(results[results.length - 1]!);
      }
    } else {
      await inTransaction(async (trx) => {
        for (let i = 0; i < steps.length; i++) await runOne(trx, steps[i]!, fns[i]!);
      });
      results.forEach(logStep);
    }
  } catch (err) {
    if (isUserError(err)) throw err;
    throw new UserError(`Migration failed: ${errorMessage(err)}`, { cause: err, hint: 'the failing revision was rolled back' });
  }
  return results;
}
