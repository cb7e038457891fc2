import type { ResolvedConfig } from '../config/config.js';
import { compareDatabase } from '../diff/compare-database.js';
import { describeChanges } from '../diff/describe-changes.js';
import type { Op } from '../ops/ops.js';
import { versionLogName } from '../runtime/version-log.js';
import { checkAtHeads } from '../revisions/heads-check.js';
import type { RevisionGraph } from '../revisions/revision-graph.js';
import type { Schema } from '../schema/schema.js';
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
}

/**
 * The target schema from the models module. Loaded before any connection is opened, so a
 * broken models module is reported without touching the database.
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
): Promise<DetectedChanges> {
  const rows = await currentHeads(db);
  const { problem } = checkAtHeads(graph, rows);
  if (problem !== null) {
    throw new UserError(`${problem}; autogenerate compares the models with an up-to-date database`, {
      hint: 'run `orm upgrade heads` first (or `orm stamp heads` if the schema is already there)',
    });
  }
  const { ops, live } = await compareDatabase(db.dialect, db.connection.db, target, {
    ...config.autogenerate,
    versionTable: { table: config.versionTable, schema: config.versionTableSchema },
    toolTables: [versionLogName({ table: config.versionTable, schema: config.versionTableSchema })],
    onWarning: (message) => logger.warn(message),
  });
  return { ops, changes: describeChanges(ops), live, target };
}
