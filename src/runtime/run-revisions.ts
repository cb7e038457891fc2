import { relative } from 'node:path';
import type { Kysely } from 'kysely';
import { createOperations, type Operations } from '../ops/operations.js';
import type { Op } from '../ops/ops.js';
import type { VersionRowOp } from '../revisions/version-change.js';
import { UserError } from '../util/errors.js';
import type { MigrationStep } from './migration-step.js';

/**
 * One transaction as the step loop sees it. Online it is a database transaction; offline
 * (`--sql`) it is a `BEGIN; ... COMMIT;` block of the printed script.
 */
export interface RevisionScope {
  /** Makes sure the version table exists; called once, in the first transaction, before any step. */
  ensureVersionTable(): Promise<void>;
  /** A step starts (online: forget the last refused statement; offline: print its comment). */
  beginStep(step: MigrationStep): void;
  /** Runs one op (online) or prints its statements (offline). */
  runOp(op: Op): Promise<void>;
  /** The transaction's Kysely, for `op.db`; offline it throws a UserError. */
  db(): Kysely<any>;
  /** The step's version-table statements, after its ops. */
  writeVersionRows(rows: readonly VersionRowOp[]): Promise<void>;
  /** The step's row of the applied-revision log, right after its version rows (same transaction). */
  writeLogEntry(step: MigrationStep, durationMs: number): Promise<void>;
  /**
   * Steps out of the transaction for `work` (`op.autocommitBlock`, `transaction = false`): online,
   * commits, runs `work` with each op in autocommit, then opens a new transaction the scope goes
   * on with; offline, prints `COMMIT;` before and `BEGIN;` after. Already outside, runs `work`.
   */
  outsideTransaction(work: () => Promise<void>): Promise<void>;
}

/** What a step failed with, for the backend to turn into the message the user reads. */
export interface StepFailure {
  readonly step: MigrationStep;
  /** Where the database is left once the failing transaction rolled back. */
  readonly stillAt: readonly string[];
  /** The op that was running, when the failure came from one. */
  readonly op: Op | null;
  readonly error: unknown;
  /** Some of the step's ops ran outside a transaction (autocommit block, `transaction = false`): they stay. */
  readonly ranOutsideTransaction?: boolean;
}

/** Where the steps go: a live database, or an SQL script. The loop is the same for both. */
export interface RevisionBackend {
  /** `op.dialect` in the revisions. */
  readonly dialect: string;
  /** `op.offline` in the revisions. */
  readonly offline: boolean;
  /** Runs `work` as one transaction; a rejection rolls it back (online) or abandons the script (offline). */
  transaction(work: (scope: RevisionScope) => Promise<void>): Promise<void>;
  /** The error a failing step ends with. */
  stepFailure(failure: StepFailure): UserError;
}

export interface StepResult {
  readonly revision: string;
  readonly direction: 'up' | 'down';
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly message: string;
  readonly ms: number;
}

export interface RunRevisionsOptions {
  readonly backend: RevisionBackend;
  readonly steps: readonly MigrationStep[];
  /** One transaction per revision (true) or one for the whole run. */
  readonly transactionPerMigration: boolean;
  /** Loads revision modules (injected so tests and the CLI share one loader). */
  readonly loadModules: (paths: readonly string[]) => Promise<Array<Record<string, unknown>>>;
  /** Called for each step once the transaction holding it has committed. */
  readonly onCommitted?: (result: StepResult, step: MigrationStep) => void;
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

/** False when the revision says `export const transaction = false` (it runs outside a transaction). */
function runsInTransaction(mod: Record<string, unknown>, step: MigrationStep): boolean {
  const flag = mod.transaction;
  if (flag === undefined || flag === true) return true;
  if (flag === false) return false;
  throw new UserError(`Revision ${step.revision} (${relative(process.cwd(), step.path)}) exports transaction = ${JSON.stringify(flag)}`, {
    hint: 'write `export const transaction = false` to run the revision outside a transaction, or remove the export',
  });
}

/**
 * Runs steps in order through a backend: each revision's `upgrade(op)`/`downgrade(op)`, its ops
 * in call order, then its version-table statements, all in one transaction (or every step in
 * one, with `transactionPerMigration: false`). The first failure stops the run.
 */
export async function runRevisions(options: RunRevisionsOptions): Promise<StepResult[]> {
  const { backend, steps } = options;
  if (steps.length === 0) return [];
  // Load (and compile) every revision that will run before the first transaction, so that a
  // syntax error in the fifth file does not leave the database (or the script) half-way.
  const modules = await options.loadModules(steps.map((s) => s.path));
  const fns = steps.map((step, i) => migrationFunction(modules[i]!, step));
  const transactional = steps.map((step, i) => runsInTransaction(modules[i]!, step));

  const results: StepResult[] = [];
  let versionTableReady = false;
  // Steps done but not yet committed (all of a `transactionPerMigration: false` run), reported
  // once their transaction commits: at its end, or when an autocommit block commits it early.
  let pending: Array<{ result: StepResult; step: MigrationStep }> = [];
  // Where the database is once an autocommit block committed the steps before the current one.
  let committedAt: readonly string[] | null = null;
  const flushCommitted = () => {
    for (const { result, step } of pending) {
      results.push(result);
      options.onCommitted?.(result, step);
    }
    pending = [];
  };

  const runOne = async (scope: RevisionScope, index: number): Promise<StepResult> => {
    const step = steps[index]!;
    const started = performance.now();
    if (!versionTableReady) {
      await scope.ensureVersionTable();
      versionTableReady = true;
    }
    scope.beginStep(step);
    // The op whose run failed: a failure of the revision's own code (a bad `op.db` query, a
    // throw) names no op, even if one was in flight when it happened.
    let failedOp: Op | null = null;
    let wentOutside = false;
    const outsideTransaction = async (work: () => Promise<void>): Promise<void> => {
      wentOutside = true;
      await scope.outsideTransaction(async () => {
        // the commit just made covers every step before this one
        committedAt = step.from;
        flushCommitted();
        await work();
      });
    };
    const recorder = createOperations({
      dialect: backend.dialect,
      offline: backend.offline,
      db: () => scope.db(),
      outsideTransaction,
      run: async (op) => {
        try {
          await scope.runOp(op);
        } catch (error) {
          failedOp = op;
          throw error;
        }
      },
    });
    const body = async () => {
      await fns[index]!(recorder.op);
      await recorder.drain();
    };
    try {
      // `transaction = false`: the whole body steps out; its version rows come after, in a new transaction.
      if (transactional[index]) await body();
      else await outsideTransaction(body);
    } catch (error) {
      // Let ops still queued settle before the transaction ends, so none of them runs after
      // the rollback, outside it.
      await recorder.drain().catch(() => undefined);
      const stillAt = options.transactionPerMigration ? step.from : (committedAt ?? steps[0]!.from);
      throw backend.stepFailure({ step, stillAt, op: failedOp, error, ranOutsideTransaction: wentOutside });
    }
    await scope.writeVersionRows(step.versionRows);
    const ms = Math.round(performance.now() - started);
    await scope.writeLogEntry(step, ms);
    return { revision: step.revision, direction: step.direction, from: step.from, to: step.to, message: step.message, ms };
  };

  // Each group of steps shares one transaction.
  const groups = options.transactionPerMigration ? steps.map((_, i) => [i]) : [steps.map((_, i) => i)];
  for (const group of groups) {
    await backend.transaction(async (scope) => {
      for (const i of group) {
        const result = await runOne(scope, i);
        pending.push({ result, step: steps[i]! });
      }
    });
    flushCommitted();
  }
  return results;
}
