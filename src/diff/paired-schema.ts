import type { SchemaSide } from '../dialects/dialect.js';
import type {
  CheckConstraint,
  Column,
  ForeignKey,
  Index,
  PrimaryKey,
  Schema,
  Table,
  UniqueConstraint,
} from '../schema/schema.js';
import type { CompareOptions } from './compare-options.js';

/**
 * An object as given (`orig`: what ops carry, so that a migration reads as the user wrote the
 * model and a downgrade recreates exactly what the database had) and in the dialect's canonical
 * form (`norm`: what is compared).
 */
export interface Pair<T> {
  readonly orig: T;
  readonly norm: T;
}

/** A table and each of its parts, paired. */
export interface PairedTable extends Pair<Table> {
  /** `schema.name` in canonical form: equal keys are the same table. */
  readonly key: string;
  readonly columns: ReadonlyArray<Pair<Column>>;
  readonly primaryKey: Pair<PrimaryKey> | null;
  readonly foreignKeys: ReadonlyArray<Pair<ForeignKey>>;
  readonly uniques: ReadonlyArray<Pair<UniqueConstraint>>;
  readonly checks: ReadonlyArray<Pair<CheckConstraint>>;
  readonly indexes: ReadonlyArray<Pair<Index>>;
}

/** The canonical key of a table, or of the table a foreign key references. */
export const tableKey = (schema: string | null | undefined, name: string) => `${schema ?? ''}\u0000${name}`;

/**
 * Normalizes one side with the dialect's rules and pairs every object with its normalized form,
 * leaving out the version table (and the tool's other tables) and tables outside `options.schemas`.
 */
export function pairSchema(schema: Schema, side: SchemaSide, options: CompareOptions): PairedTable[] {
  const normalized = options.dialect.normalizer.normalizeSchema(schema, {
    side,
    forms: options.forms ?? null,
    ...(options.defaultSchema !== undefined && { defaultSchema: options.defaultSchema }),
  });
  if (normalized.tables.length !== schema.tables.length) {
    throw new Error(`internal: the ${options.dialect.name} normalizer changed the number of tables`);
  }
  // The version table and the considered schemas, in canonical form too, through the same rules.
  const skip = new Set(
    [...(options.versionTable ? [options.versionTable] : []), ...(options.toolTables ?? [])].map((t) => canonicalTableKey(t.table, t.schema ?? null, options)),
  );
  const schemas = options.schemas
    ? new Set(options.schemas.map((s) => canonicalTableKey('x', s, options).split('\u0000')[0]))
    : null;
  const out: PairedTable[] = [];
  schema.tables.forEach((orig, i) => {
    const norm = normalized.tables[i]!;
    const key = tableKey(norm.schema, norm.name);
    if (skip.has(key) || (schemas && !schemas.has(norm.schema ?? ''))) return;
    out.push({
      orig,
      norm,
      key,
      columns: zip(orig.columns, norm.columns, 'columns', orig),
      primaryKey: orig.primaryKey && norm.primaryKey ? { orig: orig.primaryKey, norm: norm.primaryKey } : null,
      foreignKeys: zip(orig.foreignKeys, norm.foreignKeys, 'foreign keys', orig),
      uniques: zip(orig.uniques, norm.uniques, 'unique constraints', orig),
      checks: zip(orig.checks, norm.checks, 'checks', orig),
      indexes: zip(orig.indexes, norm.indexes, 'indexes', orig),
    });
  });
  return out;
}

/** A table name as the normalizer would write it (its case and schema rules). */
export function canonicalTableKey(name: string, schema: string | null, options: CompareOptions): string {
  const probe: Table = { name, schema, columns: [], foreignKeys: [], uniques: [], checks: [], indexes: [] };
  const [norm] = options.dialect.normalizer.normalizeSchema(
    { tables: [probe] },
    { side: 'live', forms: options.forms ?? null, ...(options.defaultSchema !== undefined && { defaultSchema: options.defaultSchema }) },
  ).tables;
  return tableKey(norm!.schema, norm!.name);
}

function zip<T>(orig: readonly T[], norm: readonly T[], what: string, table: Table): Array<Pair<T>> {
  if (orig.length !== norm.length) throw new Error(`internal: the normalizer changed the ${what} of table ${table.name}`);
  return orig.map((o, i) => ({ orig: o, norm: norm[i]! }));
}
