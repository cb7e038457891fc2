import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';
import type { Op } from '../ops/ops.js';
import type { Schema } from '../schema/schema.js';
import type { CompareOptions } from './compare-options.js';
import { diffSchemas } from './compare-schemas.js';
import type { RenameCandidate } from './renames.js';

/** `compareSchemas` options, less what `compareDatabase` finds out itself. */
export type DatabaseCompareOptions = Omit<CompareOptions, 'dialect' | 'forms'>;

/** What a comparison against a live database found. */
export interface DatabaseComparison {
  readonly ops: Op[];
  /** The live schema as introspected (what the ops start from). */
  readonly live: Schema;
  /** Drops and adds that may be renames (`--rename` / `renamedFrom` would make them so). */
  readonly renameCandidates: RenameCandidate[];
}

/**
 * Compares a live database with the target schema: introspects the schemas that matter (the
 * default one and those the target names, or `options.schemas`), asks the database how it
 * prints what the text rules cannot settle (`normalizer.readForms`: a fixed number of
 * statements in a transaction that is rolled back), then runs `compareSchemas`. The number of
 * queries does not grow with the number of tables. `db` may be a connection or a transaction
 * (a savepoint is used then).
 */
export async function compareDatabase(
  dialect: Dialect,
  db: Kysely<any>,
  target: Schema,
  options: DatabaseCompareOptions = {},
): Promise<DatabaseComparison> {
  // The default schema (null) and the schemas the target names; then the forms of the target
  // that the text rules cannot settle against what is there.
  const schemas = options.schemas ?? [null, ...target.tables.map((t) => t.schema ?? null), ...(target.enums ?? []).map((e) => e.schema ?? null)];
  const live = await dialect.introspect(db, dialect.capabilities.schemas ? { schemas: [...new Set(schemas)] } : {});
  const forms = dialect.normalizer.readForms ? await dialect.normalizer.readForms(db, target, live) : null;
  const defaultSchema = options.defaultSchema !== undefined ? options.defaultSchema : (forms?.defaultSchema ?? null);
  const { ops, renameCandidates } = diffSchemas(live, target, { ...options, dialect, forms, defaultSchema });
  return { ops, live, renameCandidates };
}
