import { UserError } from '../util/errors.js';
import { isTable, type AnyTable } from './define-table.js';
import { isEnumType, type AnyEnumType } from './enum-type.js';
import { resolveNamingConvention, type NamingConvention, type NamingConventionInput } from './naming-convention.js';

/** The tables of a metadata: an object (`{ users, posts }`) or a list. */
export type TableCollection = Readonly<Record<string, AnyTable>> | readonly AnyTable[];

export interface MetadataInput<TTables extends TableCollection> {
  readonly tables: TTables;
  /** Overrides keys of the default convention (`{ ix: 'idx_%(table_name)s_%(column_0_N_name)s' }`); `false` turns it off. */
  readonly namingConvention?: NamingConventionInput;
  /** PostgreSQL schema of every table (and reference) that names none. */
  readonly schema?: string;
  /** Enum types to create even if no column uses them (those columns use are collected anyway). */
  readonly enums?: readonly AnyEnumType[];
}

/** Recognizes a metadata across copies of this package (the CLI's and the user's). */
export const METADATA_BRAND: unique symbol = Symbol.for('orm.metadata') as never;

/**
 * What a models module exports: its tables, typed, and how to name their constraints.
 * `toSchema(metadata)` gives the schema IR autogenerate compares with the database.
 */
export interface Metadata<TTables extends TableCollection = TableCollection> {
  readonly [METADATA_BRAND]: true;
  readonly kind: 'metadata';
  /** The tables as given. */
  readonly tables: TTables;
  readonly namingConvention: NamingConvention;
  readonly schema: string | null;
  /** The enum types listed in `enums` (those of the columns are found through the tables). */
  readonly enums?: readonly AnyEnumType[];
}

/**
 * Collects the tables of the models module; export it as `metadata` (or as the default export):
 *
 * ```ts
 * export const metadata = defineMetadata({
 *   tables: { users, posts, tags, postTags },
 *   namingConvention: { ix: 'idx_%(table_name)s_%(column_0_N_name)s' }, // optional
 * });
 * ```
 */
export function defineMetadata<const TTables extends TableCollection>(input: MetadataInput<TTables>): Metadata<TTables> {
  if (!input || typeof input !== 'object' || !input.tables || typeof input.tables !== 'object') {
    throw new UserError('defineMetadata() needs { tables: { users, posts } } or { tables: [users, posts] }');
  }
  for (const [key, table] of Object.entries(input.tables)) {
    if (!isTable(table)) {
      const where = Array.isArray(input.tables) ? `tables[${key}]` : `tables.${key}`;
      throw new UserError(`defineMetadata: ${where} is not a table (${String(table)})`, {
        hint: 'list tables made by defineTable(...)',
      });
    }
  }
  if (input.schema !== undefined && (typeof input.schema !== 'string' || input.schema === '')) {
    throw new UserError('defineMetadata: schema must be a non-empty string');
  }
  if (input.enums !== undefined && (!Array.isArray(input.enums) || !input.enums.every(isEnumType))) {
    throw new UserError('defineMetadata: enums must be a list of types made by enumType(...)');
  }
  return Object.freeze({
    ...(input.enums !== undefined && input.enums.length > 0 && { enums: Object.freeze([...input.enums]) }),
    [METADATA_BRAND]: true as const,
    kind: 'metadata' as const,
    tables: input.tables,
    namingConvention: resolveNamingConvention(input.namingConvention),
    schema: input.schema ?? null,
  });
}

/** True for what `defineMetadata` returns (also when made by another copy of this package). */
export function isMetadata(value: unknown): value is Metadata {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[METADATA_BRAND] === true;
}

/** The tables of a metadata with the label each was given (`users` or `[0]`), for messages. */
export function metadataTables(metadata: Metadata): Array<{ readonly label: string; readonly table: AnyTable }> {
  return Array.isArray(metadata.tables)
    ? metadata.tables.map((table, i) => ({ label: `[${i}]`, table }))
    : Object.entries(metadata.tables as Readonly<Record<string, AnyTable>>).map(([label, table]) => ({ label, table }));
}
