/**
 * The commands that read the revision graph: `history`, `heads`, `branches`, `show`. They read
 * revision headers only; the database is opened just when a target names `current` or
 * `history --indicate-current` asks for it.
 */
import { checkCurrentHeads } from '../revisions/migration-plan.js';
import { type RevisionRange, parseRevisionRange, rangeNeedsCurrent, revisionsInRange } from '../revisions/revision-range.js';
import { parseTarget, resolveRevisionSet } from '../revisions/target-resolver.js';
import type { RevisionLogSummary } from '../runtime/version-log.js';
import { UserError, errorMessage } from '../util/errors.js';
import type { CommandContext } from './command-context.js';
import { type Project, openProject } from './project.js';
import { RevisionDescriber, type RevisionInfo } from './revision-info.js';

export type { RevisionInfo } from './revision-info.js';

export interface HistoryOptions {
  /** `-r FROM:TO`. */
  readonly range?: string;
  /** `--indicate-current`: read the version table and mark its rows `(current)`. */
  readonly indicateCurrent?: boolean;
  /**
   * `--verbose`: read when each revision was applied from the applied-revision log, if a
   * database URL is configured (without one, or if the database cannot be read, history is
   * printed without it).
   */
  readonly appliedTimes?: boolean;
}

export interface HistoryResult {
  /** The range asked for (an absent side is open), or null for the whole history. */
  readonly range: RevisionRange | null;
  /** The version table's rows when the database was read, else null. */
  readonly current: string[] | null;
  /** Newest first: every revision after those that follow it. */
  readonly revisions: RevisionInfo[];
  /**
   * With `appliedTimes`: per revision, its last `up` row and last row in the log (revisions the
   * log does not name are absent); null when the log was not read (no URL, no log table).
   */
  readonly applied?: Record<string, RevisionLogSummary> | null;
}

/** The version table's rows, checked against the graph. */
async function readCurrent(project: Project): Promise<string[]> {
  // imported here: the database layers (kysely, drivers) stay unloaded unless a command needs them
  const [{ withDatabase }, { currentHeads }] = await Promise.all([import('./open-database.js'), import('./migrate.js')]);
  return checkCurrentHeads(project.graph, await withDatabase(project.config, currentHeads));
}

/** `orm history [-r RANGE] [--indicate-current]`: the revisions, newest first. */
export async function history(ctx: CommandContext, options: HistoryOptions = {}): Promise<HistoryResult> {
  const project = await openProject(ctx);
  const range = options.range === undefined ? null : parseRevisionRange(options.range);
  const needsDatabase = options.indicateCurrent === true || (range !== null && rangeNeedsCurrent(range));
  const current = needsDatabase ? await readCurrent(project) : null;
  const { graph } = project;
  const ids = range === null ? graph.history().map((n) => n.revision) : revisionsInRange(graph, range, current ?? []);
  const describer = new RevisionDescriber(graph, options.indicateCurrent ? current : null);
  const revisions = ids.map((id) => describer.describe(id));
  if (!options.appliedTimes) return { range, current, revisions };
  return { range, current, revisions, applied: await readAppliedLog(project, ctx) };
}

/**
 * The log's summary for `history --verbose`, when a URL is configured. History never needs the
 * database: if it cannot be read, a warning says so and the revisions are printed anyway.
 */
async function readAppliedLog(project: Project, ctx: CommandContext): Promise<Record<string, RevisionLogSummary> | null> {
  if (!project.config.url) return null;
  // imported here: the database layers (kysely, drivers) stay unloaded unless a command needs them
  const [{ withDatabase }, { readLogSummary }] = await Promise.all([import('./open-database.js'), import('../runtime/version-log.js')]);
  try {
    const log = await withDatabase(project.config, (db) => readLogSummary(db.dialect, db.connection.db, db.versionTable));
    return log === null ? null : Object.fromEntries(log);
  } catch (err) {
    // whatever went wrong (no server, no permission on the log), history itself does not need it
    ctx.logger.warn(`applied times not shown: ${errorMessage(err)}`);
    return null;
  }
}

export interface HeadsOptions {
  /** `--resolve-dependencies`: leave out heads that other revisions depend on. */
  readonly resolveDependencies?: boolean;
}

export interface HeadsResult {
  readonly resolveDependencies: boolean;
  readonly heads: RevisionInfo[];
}

/**
 * `orm heads`: revisions no other revision names as its `downRevision` (sorted). A head that
 * other revisions name in `dependsOn` is an effective head; `--resolve-dependencies` leaves
 * those out, listing what `upgrade heads` ends at.
 */
export async function heads(ctx: CommandContext, options: HeadsOptions = {}): Promise<HeadsResult> {
  const { graph } = await openProject(ctx);
  const describer = new RevisionDescriber(graph);
  const ids = options.resolveDependencies ? graph.resolvedHeads : graph.heads;
  return { resolveDependencies: options.resolveDependencies === true, heads: ids.map((id) => describer.describe(id)) };
}

export interface BranchPoint {
  readonly revision: RevisionInfo;
  readonly children: RevisionInfo[];
}

/** `orm branches`: every branch point, newest first, with its children. */
export async function branches(ctx: CommandContext): Promise<{ readonly branchPoints: BranchPoint[] }> {
  const { graph } = await openProject(ctx);
  const describer = new RevisionDescriber(graph);
  const branchPoints = graph
    .history()
    .filter((n) => n.children.length > 1)
    .map((n) => ({ revision: describer.describe(n.revision), children: n.children.map((c) => describer.describe(c)) }));
  return { branchPoints };
}

export interface ShowResult {
  /** The target as given. */
  readonly target: string;
  /** What it names: one revision, several for `heads` or `current`, none for `base` or an empty database. */
  readonly revisions: RevisionInfo[];
}

/** `orm show REV`: revisions in full. REV is any target without a relative move; `current` reads the database. */
export async function show(ctx: CommandContext, target: string): Promise<ShowResult> {
  const project = await openProject(ctx);
  const spec = parseTarget(target);
  if (spec.symbol === undefined) {
    throw new UserError(`'${target}' is relative to the database state; show needs a revision`, {
      hint: 'Name one: an id or prefix, a branch label, head, heads, current, LABEL@head, REV-1.',
    });
  }
  const current = spec.symbol === 'current' ? await readCurrent(project) : null;
  const ids = resolveRevisionSet(project.graph, target, current ?? []);
  const describer = new RevisionDescriber(project.graph, current);
  return { target, revisions: ids.map((id) => describer.describe(id)) };
}
