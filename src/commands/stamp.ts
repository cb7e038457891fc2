import type { ResolvedConfig } from '../config/config.js';
import type { RevisionGraph } from '../revisions/revision-graph.js';
import { planStamp } from '../revisions/stamp-plan.js';
import type { VersionRowOp } from '../revisions/version-change.js';
import { createSqlScript } from '../runtime/offline-script.js';
import { ensureVersionLog, stampLogEntries, writeLogRows } from '../runtime/version-log.js';
import { applyVersionRowOps, ensureVersionTable, purgeVersionTableQuery, readVersionRows } from '../runtime/version-table.js';
import { UsageError } from '../util/errors.js';
import type { CommandContext } from './command-context.js';
import { offlineDialect, resolveRangeStart, splitRange } from './migrate.js';
import { withLockedDatabase } from './locked-database.js';
import { openProject } from './project.js';

export interface StampOptions {
  /** One or more targets (one per branch); with `sql`, the first may be a range `FROM:TO`. */
  readonly targets: readonly string[];
  /** Empty the version table first, whatever it holds. */
  readonly purge?: boolean;
  /** Print the statements instead of running them (from base unless `FROM:` is given). */
  readonly sql?: boolean;
  /** Seconds to wait for the migration lock held by another run (default 600; `sql` takes none). */
  readonly lockTimeout?: number;
}

export interface StampResult {
  readonly targets: readonly string[];
  readonly purged: boolean;
  /** Rows before (online with `purge`: what the table held before it was emptied) and after. */
  readonly from: string[];
  readonly to: string[];
  /** The row statements, in the order they ran (or are printed). */
  readonly rows: VersionRowOp[];
  /** With `sql`: the script. */
  readonly sql?: string;
}

/** `<base>` or the rows, for comments. */
function describeRows(rows: readonly string[]): string {
  return rows.length === 0 ? '<base>' : rows.join(', ');
}

/** The targets, and the start of a range if one is given (only with --sql, only once). */
function parseTargets(options: StampOptions): { from?: string; targets: string[] } {
  if (options.targets.length === 0) throw new UsageError('stamp needs a target', { hint: 'e.g. `orm stamp head`, or `orm stamp base`' });
  let from: string | undefined;
  const targets = options.targets.map((text) => {
    const range = splitRange(text);
    if (range.from !== undefined) {
      if (!options.sql) {
        throw new UsageError(`A FROM:TO range ('${text}') is only for printing SQL`, {
          hint: 'add --sql to print the statements of that range; without --sql, stamp starts from the version table',
        });
      }
      if (from !== undefined) throw new UsageError('Only one target of stamp --sql may have a FROM: start');
      if (options.purge) throw new UsageError('stamp --purge starts from an empty table: give targets without FROM:');
      from = range.from;
    }
    return range.to;
  });
  return from === undefined ? { targets } : { from, targets };
}

/**
 * `orm stamp TARGET... [--purge] [--sql]`: sets the version table to TARGET without running any
 * migration. Online in one transaction, creating the table if it is missing.
 */
export async function stamp(ctx: CommandContext, options: StampOptions): Promise<StampResult> {
  const { from, targets } = parseTargets(options);
  const { config, graph } = await openProject(ctx);
  const purged = Boolean(options.purge);
  if (options.sql) return stampSql(config, graph, { from, targets, purged });

  return withLockedDatabase(config, { timeoutSeconds: options.lockTimeout, logger: ctx.logger }, (db) =>
    db.connection.db.transaction().execute(async (trx): Promise<StampResult> => {
      await ensureVersionTable(trx, db.versionTable);
      const before = await readVersionRows(trx, db.versionTable);
      // --purge: whatever the table held (unknown revisions, rows below others) goes first.
      if (purged) await purgeVersionTableQuery(trx, db.versionTable).execute();
      const plan = planStamp(graph, purged ? [] : before, targets);
      await applyVersionRowOps(trx, db.versionTable, plan.rows);
      // the applied-revision log, in the same transaction (created here for databases older than it)
      await ensureVersionLog(db.dialect, trx, db.versionTable);
      await writeLogRows(trx, db.versionTable, await stampLogEntries(plan.rows, purged ? before : [], (id) => revisionPath(graph, id)));
      return { targets, purged, from: before, to: plan.toHeads, rows: plan.rows };
    }),
  );
}

async function stampSql(
  config: ResolvedConfig,
  graph: RevisionGraph,
  options: { from: string | undefined; targets: string[]; purged: boolean },
): Promise<StampResult> {
  const { dialect, versionTable } = await offlineDialect(config);
  const start = options.from === undefined ? [] : resolveRangeStart(graph, options.from);
  const plan = planStamp(graph, start, options.targets);
  const script = createSqlScript(dialect, versionTable);
  await script.transaction(async () => {
    // From base the table may not exist yet; a purge deletes from it, so it must exist too.
    if (plan.fromHeads.length === 0) script.createVersionTable();
    if (options.purged) script.purgeVersionTable();
    script.comment(`Stamping ${describeRows(plan.fromHeads)} -> ${describeRows(plan.toHeads)}`);
    script.versionRows(plan.rows);
    if (plan.rows.length > 0) {
      script.createVersionLog();
      script.logRows(await stampLogEntries(plan.rows, [], (id) => revisionPath(graph, id)));
    }
  });
  return { targets: options.targets, purged: options.purged, from: plan.fromHeads, to: plan.toHeads, rows: plan.rows, sql: script.text() };
}

/** The file of a revision, or null for an id no file declares (a purged row). */
function revisionPath(graph: RevisionGraph, id: string): string | null {
  return graph.has(id) ? (graph.node(id).path ?? null) : null;
}
