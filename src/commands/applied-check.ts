/**
 * `orm upgrade` and `orm check` compare the applied revisions with their files, through the
 * applied-revision log: a file whose SHA-256 differs from the one its last `up` row recorded
 * was edited after it ran (a warning, an error with `--strict`); a version row no file declares
 * stops both commands with the way out. A database without the log has nothing to compare.
 */
import { relative } from 'node:path';
import type { RevisionGraph } from '../revisions/revision-graph.js';
import { UserError } from '../util/errors.js';
import { formatUtc } from '../util/format-utc.js';
import type { Logger } from '../util/logger.js';
import { fileChecksums as hashFiles, readLogSummary, versionLogName, type RevisionLogSummary } from '../runtime/version-log.js';
import type { VersionTableName } from '../runtime/version-table.js';
import type { OpenDatabase } from './open-database.js';

/** An applied revision whose file changed since it ran. */
export interface EditedRevision {
  readonly revision: string;
  readonly message: string | null;
  readonly path: string;
  /** SHA-256 of the file as it ran (its last `up` row) and as it is now. */
  readonly ranChecksum: string;
  readonly fileChecksum: string;
  /** When it ran (ISO 8601, UTC). */
  readonly appliedAt: string;
}

/** A version row naming a revision no file declares. */
export interface MissingRevisionFile {
  readonly revision: string;
  /** What the log says it was applied on top of (its last `up` row); null when the log does not know. */
  readonly appliedOnTopOf: string[] | null;
}

export interface AppliedCheck {
  /** The log's table name. */
  readonly log: string;
  /** False when the database has no log yet (created before it): nothing was compared. */
  readonly logFound: boolean;
  readonly edited: EditedRevision[];
  readonly missingFiles: MissingRevisionFile[];
}

/**
 * Applied revisions (the rows and everything below them) whose file's checksum differs from
 * their last `up` row's. Revisions with no `up` row (stamped, or applied before the log
 * existed) and files that cannot be read have nothing to compare. Pure.
 */
export function findEditedRevisions(
  graph: RevisionGraph,
  rows: readonly string[],
  log: ReadonlyMap<string, RevisionLogSummary>,
  fileChecksums: ReadonlyMap<string, string | null>,
): EditedRevision[] {
  const applied = graph.ancestors(rows.filter((id) => graph.has(id)), { includeSelf: true });
  const out: EditedRevision[] = [];
  // oldest first, the order they ran in
  for (const node of [...graph.history()].reverse()) {
    if (!applied.has(node.revision) || node.path === undefined) continue;
    const ran = log.get(node.revision)?.lastUp;
    const now = fileChecksums.get(node.path);
    if (!ran || !ran.checksum || !now || ran.checksum === now) continue;
    out.push({ revision: node.revision, message: node.message ?? null, path: node.path, ranChecksum: ran.checksum, fileChecksum: now, appliedAt: ran.appliedAt });
  }
  return out;
}

/** Version rows no file declares, with what the log knows of each. Pure. */
export function findMissingFiles(graph: RevisionGraph, rows: readonly string[], log: ReadonlyMap<string, RevisionLogSummary> | null): MissingRevisionFile[] {
  return rows
    .filter((id) => !graph.has(id))
    .map((revision) => ({ revision, appliedOnTopOf: log?.get(revision)?.lastUp?.from ?? null }));
}

const short = (checksum: string) => checksum.slice(0, 12);

function describe(e: EditedRevision, cwd: string): string {
  const what = e.message ? `${e.revision} (${e.message})` : e.revision;
  return `${what}: ${relative(cwd, e.path) || e.path} is not the file that ran on ${formatUtc(e.appliedAt)} (SHA-256 now ${short(e.fileChecksum)}..., then ${short(e.ranChecksum)}...)`;
}

/** What to do about edited revisions (also in the README). */
export const EDITED_HINT =
  'the database has each revision as it ran, not as the file reads now: undo the edit (`git diff` / `git checkout` the file) and put new changes in a new revision (`orm revision -m "..."`)';

/**
 * The error of version rows without files, with the command that gets out of it: the rows the
 * table should hold instead, for `orm stamp --purge`. A row's replacement is where the log says
 * it was applied (if its changes are gone from the schema), or a placeholder.
 */
export function missingFilesError(graph: RevisionGraph, rows: readonly string[], missing: readonly MissingRevisionFile[], logName: string): UserError {
  const ids = missing.map((m) => `'${m.revision}'`).join(', ');
  const lines = [
    `The version table holds ${missing.length === 1 ? 'revision' : 'revisions'} ${ids}, which no revision file declares`,
  ];
  for (const m of missing) {
    if (m.appliedOnTopOf !== null) {
      lines.push(`  ${logName}: ${m.revision} was applied on top of ${m.appliedOnTopOf.length === 0 ? '<base>' : m.appliedOnTopOf.join(', ')}`);
    }
  }
  const kept = rows.filter((id) => graph.has(id));
  const known = missing.every((m) => m.appliedOnTopOf !== null && m.appliedOnTopOf.every((id) => graph.has(id)));
  let targets: string[];
  if (known) {
    const candidates = [...new Set([...kept, ...missing.flatMap((m) => m.appliedOnTopOf ?? [])])];
    // a revision below another target is applied through it: stamp names heads only
    targets = candidates.filter((id) => !candidates.some((other) => other !== id && graph.ancestors(other).has(id))).sort();
  } else {
    targets = [...kept, 'REV'];
  }
  const command = `orm stamp --purge ${targets.length === 0 ? 'base' : targets.join(' ')}`;
  const hint = known
    ? `restore the missing file (a branch not merged here? a deleted file?) and run again; if it is gone for good and its changes are not in the schema, reset the version table with \`${command}\``
    : `restore the missing file (a branch not merged here? a deleted file?) and run again; if it is gone for good, reset the version table to the revision the schema really is at: \`${command}\` (REV: that revision)`;
  return new UserError(lines.join('\n'), { hint });
}

export interface ReportOptions {
  /** `--strict`: an edited revision is an error (nothing runs). */
  readonly strict: boolean;
  readonly logger: Logger;
  readonly cwd: string;
  /** What the command would have done, for the error (`nothing was run`). */
  readonly refused: string;
}

/** Warnings (or, with `strict`, an error) for what the check found; rows without files always stop. */
export function reportAppliedCheck(graph: RevisionGraph, rows: readonly string[], check: AppliedCheck, options: ReportOptions): void {
  if (check.missingFiles.length > 0) throw missingFilesError(graph, rows, check.missingFiles, check.log);
  if (!check.logFound) {
    if (options.strict) options.logger.info(`note: no ${check.log} table yet, so applied revisions cannot be compared with their files (the next upgrade, downgrade or stamp creates it)`);
    return;
  }
  if (check.edited.length === 0) return;
  if (options.strict) {
    const n = check.edited.length;
    throw new UserError(
      [`${n} applied revision${n === 1 ? '' : 's'} changed since ${n === 1 ? 'it' : 'they'} ran (--strict: ${options.refused}):`, ...check.edited.map((e) => `  ${describe(e, options.cwd)}`)].join('\n'),
      { hint: EDITED_HINT },
    );
  }
  check.edited.forEach((e, i) => {
    const last = i === check.edited.length - 1;
    options.logger.warn(`applied revision ${describe(e, options.cwd)}${last ? `\n  hint: ${EDITED_HINT}; --strict makes this an error` : ''}`);
  });
}

/** Reads the log and the applied revisions' files, and compares them. */
export async function checkAppliedRevisions(db: OpenDatabase, graph: RevisionGraph, rows: readonly string[]): Promise<AppliedCheck> {
  const log = await readLogSummary(db.dialect, db.connection.db, db.versionTable);
  const logName = logTableName(db.versionTable);
  const missingFiles = findMissingFiles(graph, rows, log);
  if (log === null) return { log: logName, logFound: false, edited: [], missingFiles };
  // hash only the files there is a checksum to compare with
  const applied = graph.ancestors(rows.filter((id) => graph.has(id)), { includeSelf: true });
  const paths = [...applied].filter((id) => log.get(id)?.lastUp?.checksum).map((id) => graph.node(id).path ?? '');
  const sums = await hashFiles(paths);
  const fileChecksums = new Map(paths.map((p, i) => [p, sums[i] ?? null]));
  return { log: logName, logFound: true, edited: findEditedRevisions(graph, rows, log, fileChecksums), missingFiles };
}

/** `orm_version_log`, or `schema.orm_version_log`. */
export function logTableName(versionTable: VersionTableName): string {
  const name = versionLogName(versionTable);
  return name.schema ? `${name.schema}.${name.table}` : name.table;
}

/** `checkAppliedRevisions`, then `reportAppliedCheck`: what upgrade and check run first. */
export async function verifyAppliedRevisions(
  db: OpenDatabase,
  graph: RevisionGraph,
  rows: readonly string[],
  options: ReportOptions,
): Promise<AppliedCheck> {
  const check = await checkAppliedRevisions(db, graph, rows);
  reportAppliedCheck(graph, rows, check, options);
  return check;
}
