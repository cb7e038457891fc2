import type { ResolvedConfig } from '../config/config.js';
import { requireUrl } from '../config/load-config.js';
import { loadUserModules } from '../config/module-loader.js';
import type { Dialect } from '../dialects/dialect.js';
import { dialectNameFromUrl, loadDialect } from '../dialects/index.js';
import { planDowngrade, planUpgrade, type MigrationStep as PlannedStep } from '../revisions/migration-plan.js';
import type { RevisionGraph } from '../revisions/revision-graph.js';
import { parseTarget, resolveRevisionSet } from '../revisions/target-resolver.js';
import { versionRowOps } from '../revisions/version-change.js';
import type { MigrationStep } from '../runtime/migration-step.js';
import { runSteps, type StepResult } from '../runtime/migration-runner.js';
import { writeOfflineScript } from '../runtime/offline-script.js';
import { readVersionRows, type VersionTableName } from '../runtime/version-table.js';
import { UsageError } from '../util/errors.js';
import { verifyAppliedRevisions } from './applied-check.js';
import type { CommandContext } from './command-context.js';
import { withLockedDatabase } from './locked-database.js';
import type { OpenDatabase } from './open-database.js';
import { openProject } from './project.js';

export interface MigrateOptions {
  readonly direction: 'up' | 'down';
  readonly target: string;
  /** Seconds to wait for the migration lock held by another run (default 600; `--sql` takes none). */
  readonly lockTimeout?: number;
  /** `--strict` (upgrade): an applied revision whose file changed since it ran is an error, not a warning. */
  readonly strict?: boolean;
}

export interface MigrateResult {
  readonly direction: 'up' | 'down';
  readonly target: string;
  readonly from: string[];
  readonly to: string[];
  readonly steps: StepResult[];
}

/** The version table's rows, or none when the table does not exist yet. */
export async function currentHeads(db: OpenDatabase): Promise<string[]> {
  const exists = await db.dialect.hasTable(db.connection.db, db.versionTable.table, db.versionTable.schema);
  return exists ? readVersionRows(db.connection.db, db.versionTable) : [];
}

/** A planned step as the runtime runs it: file, progress line ends, version-row statements. */
export function toRuntimeStep(graph: RevisionGraph, step: PlannedStep): MigrationStep {
  const node = graph.node(step.revision);
  const parents = [...node.downRevisions];
  return {
    revision: step.revision,
    message: node.message ?? '',
    path: node.path ?? '',
    direction: step.direction,
    from: step.direction === 'up' ? parents : [step.revision],
    to: step.direction === 'up' ? [step.revision] : parents,
    versionRows: versionRowOps(step.change),
  };
}

/** `orm upgrade TARGET` / `orm downgrade TARGET`. */
export async function migrate(ctx: CommandContext, options: MigrateOptions): Promise<MigrateResult> {
  if (splitRange(options.target).from !== undefined) {
    throw new UsageError(`A FROM:TO range ('${options.target}') is only for printing SQL`, {
      hint: `add --sql to print the script of that range; without --sql, ${options.direction === 'up' ? 'upgrade' : 'downgrade'} starts where the database is`,
    });
  }
  const { config, graph } = await openProject(ctx);
  // The version table is read once the lock is held: a runner that waited finds the work done.
  return withLockedDatabase(config, { timeoutSeconds: options.lockTimeout, logger: ctx.logger }, async (db) => {
    const heads = await currentHeads(db);
    // edited applied revisions (warning, or error with --strict) and rows without files, before anything runs
    if (options.direction === 'up') {
      await verifyAppliedRevisions(db, graph, heads, { strict: options.strict === true, logger: ctx.logger, cwd: ctx.cwd, refused: 'nothing was run' });
    }
    const plan = options.direction === 'up' ? planUpgrade(graph, heads, options.target) : planDowngrade(graph, heads, options.target);
    const steps = await runSteps({
      dialect: db.dialect,
      connection: db.connection,
      versionTable: db.versionTable,
      steps: plan.steps.map((s) => toRuntimeStep(graph, s)),
      logger: ctx.logger,
      transactionPerMigration: config.transactionPerMigration,
      failedStatement: db.failedStatement,
      loadModules: loadUserModules,
    });
    return { direction: options.direction, target: options.target, from: plan.fromHeads, to: plan.toHeads, steps };
  });
}

/** `FROM:TO` taken apart; `from` is undefined without a colon. */
export function splitRange(text: string): { from?: string; to: string } {
  const parts = text.split(':');
  if (parts.length === 1) return { to: text };
  if (parts.length > 2 || parts.some((p) => p.trim() === '')) {
    throw new UsageError(`Malformed range '${text}'`, { hint: 'a range is FROM:TO, e.g. base:head or 3f2a:head' });
  }
  return { from: parts[0]!.trim(), to: parts[1]!.trim() };
}

/**
 * Where an offline script starts: the version table's rows the script assumes, from FROM
 * (`base`, ids, prefixes, labels, `heads`, `LABEL@head`, `REV-1`, ...). `current` would need
 * the database, which `--sql` never opens.
 */
export function resolveRangeStart(graph: RevisionGraph, from: string): string[] {
  if (parseTarget(from).symbol === 'current') {
    throw new UsageError(`'${from}' needs the database, which --sql never connects to`, {
      hint: 'name the starting revision instead: `orm current` shows it',
    });
  }
  return resolveRevisionSet(graph, from);
}

/** The dialect of the configured URL, from its scheme alone: nothing connects. */
export async function offlineDialect(config: ResolvedConfig): Promise<{ dialect: Dialect; versionTable: VersionTableName }> {
  const dialect = await loadDialect(dialectNameFromUrl(requireUrl(config)));
  return { dialect, versionTable: { table: config.versionTable, schema: config.versionTableSchema } };
}

export interface MigrateSqlResult extends MigrateResult {
  /** The script: empty when there is nothing to do. */
  readonly sql: string;
}

/**
 * `orm upgrade [FROM:]TO --sql` / `orm downgrade FROM:TO --sql`: the SQL script of the steps
 * from FROM (default `base` for upgrade) to TO, without touching any database.
 */
export async function migrateSql(ctx: CommandContext, options: MigrateOptions): Promise<MigrateSqlResult> {
  const range = splitRange(options.target);
  if (options.direction === 'down' && range.from === undefined) {
    throw new UsageError(`downgrade --sql needs a range FROM:TO, not '${options.target}'`, {
      hint: `the script cannot ask the database where it is: e.g. \`orm downgrade head:${options.target} --sql\``,
    });
  }
  const { config, graph } = await openProject(ctx);
  const { dialect, versionTable } = await offlineDialect(config);
  const fromHeads = range.from === undefined ? [] : resolveRangeStart(graph, range.from);
  const plan = options.direction === 'up' ? planUpgrade(graph, fromHeads, range.to) : planDowngrade(graph, fromHeads, range.to);
  const script = await writeOfflineScript({
    dialect,
    versionTable,
    steps: plan.steps.map((s) => toRuntimeStep(graph, s)),
    transactionPerMigration: config.transactionPerMigration,
    createVersionTable: plan.fromHeads.length === 0,
    loadModules: loadUserModules,
  });
  return { direction: options.direction, target: options.target, from: plan.fromHeads, to: plan.toHeads, steps: script.steps, sql: script.sql };
}
