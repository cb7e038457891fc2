import { relative } from 'node:path';
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';
import { describeOp } from '../ops/ops.js';
import type { VersionRowOp } from '../revisions/version-change.js';
import { UserError, errorMessage, isUserError } from '../util/errors.js';
import { describeStep, type MigrationStep } from './migration-step.js';
import { runRevisions, type RevisionBackend, type StepFailure, type StepResult } from './run-revisions.js';
import { createVersionLogSql, logRowQuery, stepLogEntries, type LogEntry } from './version-log.js';
import { createVersionTableQuery, purgeVersionTableQuery, versionRowQuery, type VersionTableName } from './version-table.js';

/**
 * An SQL script being written (`--sql`): statements end with `;`, comments start with `--`,
 * one blank line between them. Nothing here connects to a database: statements come from the
 * dialect's compile-only Kysely and `compileOp`, with every literal inlined.
 */
export interface SqlScript {
  comment(text: string): void;
  statement(sql: string): void;
  /** `BEGIN;` ... `COMMIT;` around `work` where the dialect has transactional DDL. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Inside `transaction`: `COMMIT;` before `work` and `BEGIN;` after it (`op.autocommitBlock`,
   * `transaction = false`). A `BEGIN;` directly followed by `COMMIT;` is left out of the script.
   */
  outsideTransaction<T>(work: () => Promise<T>): Promise<T>;
  /** `CREATE TABLE IF NOT EXISTS` of the version table. */
  createVersionTable(): void;
  versionRows(rows: readonly VersionRowOp[]): void;
  /** Deletes every row of the version table (`stamp --purge`). */
  purgeVersionTable(): void;
  /** `CREATE TABLE IF NOT EXISTS` of the applied-revision log (`<versionTable>_log`). */
  createVersionLog(): void;
  /** INSERTs into the log, values inlined (`applied_at` is the database's clock when the script runs). */
  logRows(entries: readonly LogEntry[]): void;
  /** The script so far; empty when nothing was written. */
  text(): string;
}

/** The SQL of a compiled builder; a leftover parameter would print as `?`/`$1`, so it is a bug. */
function compiledText(builder: { compile(): { sql: string; parameters: readonly unknown[] } }): string {
  const compiled = builder.compile();
  if (compiled.parameters.length > 0) throw new Error(`internal: offline statement has parameters: ${compiled.sql}`);
  return compiled.sql;
}

/** `text` as a statement of the script: one trailing `;`, never hidden by a trailing `--` comment. */
function terminated(text: string): string {
  const body = text.trim().replace(/;\s*$/, '').trimEnd();
  const lastLine = body.slice(body.lastIndexOf('\n') + 1);
  return lastLine.includes('--') ? `${body}\n;` : `${body};`;
}

export function createSqlScript(dialect: Dialect, versionTable: VersionTableName): SqlScript {
  const chunks: string[] = [];
  let compiler: Kysely<any> | null = null;
  const db = () => (compiler ??= dialect.createCompiler());
  // A BEGIN; was printed (at chunks[beginAt]) and its COMMIT; not yet.
  let open = false;
  let beginAt = -1;
  const begin = () => {
    beginAt = chunks.length;
    script.statement('BEGIN');
    open = true;
  };
  const commit = () => {
    open = false;
    // only comments since BEGIN: an empty transaction says nothing, the comments stay
    if (chunks.slice(beginAt + 1).every((c) => c.startsWith('--'))) chunks.splice(beginAt, 1);
    else script.statement('COMMIT');
  };
  const script: SqlScript = {
    comment: (text) => chunks.push(`-- ${text.replace(/\s*\r?\n\s*/g, ' ')}`),
    statement: (sql) => {
      if (sql.trim() !== '') chunks.push(terminated(sql));
    },
    async transaction(work) {
      // SQLite's online runs also switch `PRAGMA foreign_keys` off around each transaction and
      // run `foreign_key_check` before COMMIT; that exists only for the table rebuild, which
      // cannot be done offline (compileOp refuses it), so the script has no PRAGMA at all.
      if (!dialect.capabilities.transactionalDdl) return work();
      begin();
      const result = await work();
      commit();
      return result;
    },
    async outsideTransaction(work) {
      if (!open) return work();
      commit();
      const result = await work();
      begin();
      return result;
    },
    createVersionTable: () => script.statement(compiledText(createVersionTableQuery(db(), versionTable))),
    versionRows: (rows) => {
      for (const row of rows) script.statement(compiledText(versionRowQuery(db(), versionTable, row, { literal: true })));
    },
    purgeVersionTable: () => script.statement(compiledText(purgeVersionTableQuery(db(), versionTable))),
    createVersionLog: () => {
      for (const statement of createVersionLogSql(dialect, versionTable)) script.statement(statement);
    },
    logRows: (entries) => {
      for (const entry of entries) script.statement(compiledText(logRowQuery(db(), versionTable, entry, { literal: true })));
    },
    text: () => (chunks.length === 0 ? '' : `${chunks.join('\n\n')}\n`),
  };
  return script;
}

export interface OfflineScriptOptions {
  readonly dialect: Dialect;
  readonly versionTable: VersionTableName;
  readonly steps: readonly MigrationStep[];
  /** One `BEGIN`/`COMMIT` per revision (true) or one pair for the whole script. */
  readonly transactionPerMigration: boolean;
  /** Write the version table's `CREATE TABLE` first (the script starts at base). */
  readonly createVersionTable: boolean;
  readonly loadModules: (paths: readonly string[]) => Promise<Array<Record<string, unknown>>>;
}

export interface OfflineScript {
  readonly sql: string;
  readonly steps: StepResult[];
}

/** Why `op.db` cannot be used when printing SQL. */
function noDataAccess(): never {
  throw new UserError('op.db (data access through Kysely) is not available with --sql: no database is connected when printing SQL', {
    hint: 'guard that part with `if (!op.offline) { ... }`, or write it as op.execute(sql) / op.bulkInsert(table, rows), which print as SQL',
  });
}

/** The error of a revision whose SQL cannot be printed: the revision, the op, the reason and its hint. */
function offlineFailure({ step, op, error }: StepFailure): UserError {
  const lines = [`--sql ${step.direction === 'up' ? 'upgrade' : 'downgrade'} of revision ${step.revision} (${step.message || 'no message'}): ${errorMessage(error)}`];
  if (op) lines.push(`  operation: ${describeOp(op)}`);
  lines.push(`  file: ${relative(process.cwd(), step.path)}`);
  return new UserError(lines.join('\n'), {
    hint: isUserError(error) && error.hint ? error.hint : 'fix the revision, or run it against the database without --sql',
    cause: error,
  });
}

/**
 * The SQL script of `steps` (`orm upgrade/downgrade --sql`), written by the same step loop the
 * online runner uses, with a backend that prints instead of executing. No connection is opened:
 * the dialect only compiles.
 */
export async function writeOfflineScript(options: OfflineScriptOptions): Promise<OfflineScript> {
  const { dialect } = options;
  const script = createSqlScript(dialect, options.versionTable);
  const logEntry = await stepLogEntries(options.steps);
  const backend: RevisionBackend = {
    dialect: dialect.name,
    offline: true,
    transaction: (work) =>
      script.transaction(() =>
        work({
          ensureVersionTable: async () => {
            if (options.createVersionTable) script.createVersionTable();
            // Always (IF NOT EXISTS): a database older than the log gains it, as online.
            script.createVersionLog();
          },
          beginStep: (step) => script.comment(`Running ${step.direction === 'up' ? 'upgrade' : 'downgrade'} ${describeStep(step)}`),
          runOp: async (op) => {
            for (const statement of dialect.compileOp(op)) script.statement(statement);
          },
          db: noDataAccess,
          writeVersionRows: async (rows) => script.versionRows(rows),
          // how long the script will take is unknown: duration_ms is NULL
          writeLogEntry: async (step) => script.logRows([logEntry(step, null)]),
          outsideTransaction: (inner) => script.outsideTransaction(inner),
        }),
      ),
    stepFailure: offlineFailure,
  };
  const steps = await runRevisions({
    backend,
    steps: options.steps,
    transactionPerMigration: options.transactionPerMigration,
    loadModules: options.loadModules,
  });
  return { sql: script.text(), steps };
}
