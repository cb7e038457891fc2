import { checkAtHeads } from '../revisions/heads-check.js';
import { readLogSummary, type RevisionLogSummary } from '../runtime/version-log.js';
import { redactUrl } from '../util/redact.js';
import type { CommandContext } from './command-context.js';
import { currentHeads } from './migrate.js';
import { withDatabase } from './open-database.js';
import { openProject } from './project.js';
import { RevisionDescriber, type RevisionInfo } from './revision-info.js';

/** One revision the database is at. */
export interface CurrentEntry extends RevisionInfo {
  /** False for a version row no revision file declares (the graph fields are then empty). */
  readonly known: boolean;
  /**
   * True for a version row; false for a dependency-only revision that is applied (through its
   * dependents) and has nothing applied after it: Alembic lists both.
   */
  readonly inVersionTable: boolean;
}

export interface CurrentResult {
  /** The database's URL, password shown as `***`. */
  readonly database: string;
  /** The version table's rows (sorted). */
  readonly versionRows: string[];
  /** The revisions the database is at: the rows and the applied effective heads, sorted. */
  readonly revisions: CurrentEntry[];
  /** The heads `upgrade heads` ends at (the graph's heads, dependency-only ones left out). */
  readonly heads: string[];
  /** Heads not applied to the database. */
  readonly missingHeads: string[];
  /** Rows no revision file declares. */
  readonly unknownRows: string[];
  /** The database is at every head: no missing heads and no unknown rows. */
  readonly atHeads: boolean;
  /** A sentence saying why the database is not at every head, or null. */
  readonly problem: string | null;
  /** What the applied-revision log says of the listed revisions (absent ones it does not name); null without a log. */
  readonly applied: Record<string, RevisionLogSummary> | null;
}

/**
 * `orm current`: where the database is, each revision marked as in `orm heads`. Never creates
 * the version table. The result also says whether the database is at every head
 * (`--check-heads` turns that into the exit status).
 */
export async function current(ctx: CommandContext): Promise<CurrentResult> {
  const { config, graph } = await openProject(ctx);
  const read = await withDatabase(config, async (db) => ({
    rows: await currentHeads(db),
    log: await readLogSummary(db.dialect, db.connection.db, db.versionTable),
  }));
  const rows = [...new Set(read.rows)].sort();
  const known = rows.filter((id) => graph.has(id));
  const unknownRows = rows.filter((id) => !graph.has(id));
  const applied = graph.ancestors(known, { includeSelf: true });
  // applied revisions nothing applied follows through downRevision: the rows, plus dependency
  // targets whose only followers are their dependents
  const tips = [...applied].filter((id) => !graph.node(id).children.some((c) => applied.has(c)));
  const describer = new RevisionDescriber(graph, rows);
  const revisions: CurrentEntry[] = [
    ...tips.map((id) => ({ ...describer.describe(id), known: true, inVersionTable: rows.includes(id) })),
    ...unknownRows.map((id) => unknownEntry(id)),
  ].sort((a, b) => (a.revision < b.revision ? -1 : a.revision > b.revision ? 1 : 0));
  const { missingHeads, problem } = checkAtHeads(graph, rows);
  const logged = read.log === null ? null : Object.fromEntries(revisions.flatMap((r) => (read.log!.has(r.revision) ? [[r.revision, read.log!.get(r.revision)!]] : [])));
  return { database: redactUrl(config.url ?? ''), versionRows: rows, revisions, heads: [...graph.resolvedHeads], missingHeads, unknownRows, atHeads: problem === null, problem, applied: logged };
}

function unknownEntry(revision: string): CurrentEntry {
  return {
    revision,
    downRevisions: [],
    dependsOn: [],
    branchLabels: [],
    children: [],
    dependents: [],
    message: null,
    doc: null,
    createDate: null,
    path: null,
    isHead: false,
    isEffectiveHead: false,
    isBranchPoint: false,
    isMergePoint: false,
    isCurrent: true,
    known: false,
    inVersionTable: true,
  };
}
