import type { ResolvedConfig } from '../config/config.js';
import { compareDatabase } from '../diff/compare-database.js';
import { describeChanges } from '../diff/describe-changes.js';
import { parseRenameFlag, renameOf, type Rename, type RenameCandidate } from '../diff/renames.js';
import type { Op } from '../ops/ops.js';
import { versionLogName } from '../runtime/version-log.js';
import { checkAtHeads } from '../revisions/heads-check.js';
import type { RevisionGraph } from '../revisions/revision-graph.js';
import { qualifiedName, type Schema } from '../schema/schema.js';
import { UserError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { currentHeads } from './migrate.js';
import type { OpenDatabase } from './open-database.js';

/** What autogenerate found: the ops moving the database to the models, and both schemas. */
export interface DetectedChanges {
  readonly ops: Op[];
  /** One line per change, e.g. `add table users`. */
  readonly changes: string[];
  readonly live: Schema;
  readonly target: Schema;
  /** Drops and adds that may be renames, left as they are (not asked, or asked and declined: see `declined`). */
  readonly renameCandidates: RenameCandidate[];
  /** The renames applied on top of the models' hints: `--rename` ones and those confirmed. */
  readonly renames: Rename[];
}

/** How autogenerate treats renames besides the models' `renamedFrom` hints. */
export interface RenameOptions {
  /** `--rename` values, parsed. */
  readonly renames?: readonly Rename[];
  /**
   * Asks whether a candidate is a rename (the CLI asks on a terminal). Absent: nothing is asked,
   * the candidates are only reported. Never called for a candidate already answered.
   */
  readonly confirm?: (candidate: RenameCandidate) => Promise<boolean>;
}

/**
 * The target schema from the models module. Loaded before anything is compared (`check` and
 * `revision --autogenerate` load it `whileConnecting`: meanwhile a PostgreSQL connection opens
 * and reads the catalog), so a broken models module is reported with the database untouched.
 */
export { loadModels as loadTarget } from '../model/load-models.js';

/**
 * Compares the models with the live database, which must be at every head: a revision
 * generated against an older database would repeat what pending revisions already do.
 */
export async function detectChanges(
  config: ResolvedConfig,
  graph: RevisionGraph,
  target: Schema,
  db: OpenDatabase,
  logger: Logger,
  renaming: RenameOptions = {},
): Promise<DetectedChanges> {
  const rows = await currentHeads(db);
  const { problem } = checkAtHeads(graph, rows);
  if (problem !== null) {
    throw new UserError(`${problem}; autogenerate compares the models with an up-to-date database`, {
      hint: 'run `orm upgrade heads` first (or `orm stamp heads` if the schema is already there)',
    });
  }
  await refuseUnknownTypes(db, target);
  const compare = (renames: readonly Rename[]) =>
    compareDatabase(db.dialect, db.connection.db, target, {
      ...config.autogenerate,
      versionTable: { table: config.versionTable, schema: config.versionTableSchema },
      toolTables: [versionLogName({ table: config.versionTable, schema: config.versionTableSchema })],
      onWarning: (message) => logger.warn(message),
      ...(renames.length > 0 && { renames }),
    });
  let renames = [...(renaming.renames ?? [])];
  let compared = await compare(renames);
  const declined = new Set<string>();
  // Each round asks about every candidate not yet answered; a "yes" settles the other
  // candidates of the same objects and may reveal new ones (columns of a renamed table).
  while (renaming.confirm) {
    const accepted: RenameCandidate[] = [];
    const settled = new Set<string>();
    for (const candidate of compared.renameCandidates) {
      const ends = renameEnds(candidate);
      if (declined.has(candidate.flag) || ends.some((e) => settled.has(e))) continue;
      if (await renaming.confirm(candidate)) {
        accepted.push(candidate);
        ends.forEach((e) => settled.add(e));
      } else {
        declined.add(candidate.flag);
      }
    }
    if (accepted.length === 0) break;
    renames = [...renames, ...accepted.map(renameOf)];
    compared = await compare(renames);
  }
  const { ops, live } = compared;
  return { ops, changes: describeChanges(ops), live, target, renameCandidates: compared.renameCandidates.filter((c) => !declined.has(c.flag)), renames };
}

/** `--rename` values read against the models (before any connection: a typo fails fast). */
export function parseRenames(values: readonly string[] | undefined, target: Schema): Rename[] {
  return (values ?? []).map((value) => parseRenameFlag(value, target));
}

/** The warning for a candidate left as a drop and an add: what is lost, and the flag that renames. */
export function renameCandidateWarning(c: RenameCandidate): string {
  const table = qualifiedName(c.table, c.schema);
  return c.kind === 'table'
    ? `table ${table} is dropped and ${c.to} created: its rows are lost unless it is a rename; ` +
        `if it is, run again with --rename ${c.flag} (or renamedFrom: '${c.from}' on table ${c.to})`
    : `column ${table}.${c.from} is dropped and ${c.to} added: its data is lost unless it is a rename; ` +
        `if it is, run again with --rename ${c.flag} (or .renamedFrom('${c.from}') on ${c.to})`;
}

/** The old and the new object of a candidate: two candidates sharing one cannot both be renames. */
function renameEnds(c: RenameCandidate): string[] {
  const table = `${c.schema ?? ''}\u0000${c.table}`;
  return c.kind === 'table' ? [`from:t:${c.schema ?? ''}\u0000${c.from}`, `to:t:${c.schema ?? ''}\u0000${c.to}`] : [`from:c:${table}\u0000${c.from}`, `to:c:${table}\u0000${c.to}`];
}

/**
 * Models naming a type the database cannot hold (a misspelt or not yet created raw type) are
 * refused before anything is written: the revision would only fail at upgrade.
 */
async function refuseUnknownTypes(db: OpenDatabase, target: Schema): Promise<void> {
  if (!db.dialect.unknownTypes) return;
  const raw = target.tables.flatMap((t) =>
    t.columns.flatMap((c) => (c.type.kind === 'raw' ? [{ where: `${qualifiedName(t.name, t.schema)}.${c.name}`, type: c.type.sql }] : [])),
  );
  if (raw.length === 0) return;
  const unknown = new Set(await db.dialect.unknownTypes(db.connection.db, raw.map((r) => r.type)));
  const bad = raw.filter((r) => unknown.has(r.type));
  if (bad.length === 0) return;
  throw new UserError(
    `The models use ${bad.length === 1 ? 'a type' : 'types'} the database does not know: ${bad.map((b) => `${b.where} (${b.type})`).join(', ')}`,
    { hint: 'fix the type name, or create the type first (CREATE TYPE / CREATE EXTENSION in an earlier revision, via op.execute)' },
  );
}
