import { sql, type Kysely } from 'kysely';
import type { ColumnType } from '../../schema/column-type.js';
import type {
  CheckConstraint,
  Column,
  EnumType,
  ForeignKey,
  ForeignKeyAction,
  Index,
  PrimaryKey,
  Schema,
  Table,
  UniqueConstraint,
} from '../../schema/schema.js';
import type { IntrospectOptions } from '../dialect.js';
import { readPostgresDefault } from './postgres-literal.js';
import { columnTypeFromPostgres, isIdentityType } from './postgres-types.js';
import { readPostgresCatalog, type CatalogColumn, type CatalogConstraint, type CatalogIndex } from './read-postgres-catalog.js';
import { withoutJit } from './without-jit.js';

/**
 * Reads the live schema into the IR with four catalog queries whatever the number of tables
 * (see `readPostgresCatalog`; with JIT off around them, `withoutJit`: two more statements),
 * then assembles it in memory.
 *
 * Conventions, so that a schema built by our own DDL reads back as it was written:
 * - tables (and referenced tables) in `current_schema()` have `schema: null`;
 * - `NO ACTION` foreign-key actions (PostgreSQL's default) read as `null`, as does the
 *   `btree` index method;
 * - identity and serial columns are `autoincrement` with no default;
 * - constraints are listed by name, tables by name.
 */
export async function introspectPostgres(db: Kysely<any>, options: IntrospectOptions = {}): Promise<Schema> {
  const catalog = await withoutJit(db, () => readPostgresCatalog(db, options.schemas));
  const localSchema = (schema: string | null) => (schema === null || schema === catalog.currentSchema ? null : schema);
  const key = (schema: string, table: string) => `${schema}\u0000${table}`;

  const constraintsOf = groupBy(catalog.constraints, (c) => key(c.schema, c.table));
  const indexesOf = groupBy(catalog.indexes, (i) => key(i.schema, i.table));

  const enumValues = new Map(catalog.enums.map((e) => [key(e.schema, e.name), e.values]));
  // A column of an enum type reads as the enum kind, naming the type (and carrying its values).
  const withEnum = (column: Column, c: CatalogColumn): Column =>
    c.enum_schema == null || column.type.kind !== 'raw' || column.type.sql.includes(' GENERATED ')
      ? column
      : {
          ...column,
          type: {
            kind: 'enum',
            name: c.typname,
            ...(localSchema(c.enum_schema) !== null && { schema: c.enum_schema }),
            values: enumValues.get(key(c.enum_schema, c.typname)) ?? [],
          },
        };

  const tables = catalog.tables.map((t): Table => {
    const constraints = constraintsOf.get(key(t.schema, t.name)) ?? [];
    const pk = constraints.find((c) => c.type === 'p');
    return {
      name: t.name,
      schema: localSchema(t.schema),
      columns: t.columns.map((c) => withEnum(toColumn(c), c)),
      primaryKey: pk ? ({ name: pk.name, columns: pk.columns } satisfies PrimaryKey) : null,
      foreignKeys: constraints.filter((c) => c.type === 'f').map((c) => toForeignKey(c, localSchema)),
      uniques: constraints
        .filter((c) => c.type === 'u')
        .map((c): UniqueConstraint => ({ name: c.name, columns: c.columns })),
      checks: constraints
        .filter((c) => c.type === 'c')
        .map((c): CheckConstraint => ({ name: c.name, expression: c.expression ?? '' })),
      indexes: (indexesOf.get(key(t.schema, t.name)) ?? []).map(toIndex),
      comment: t.comment,
    };
  });
  const enums = catalog.enums
    .filter((e) => e.listed)
    .map((e): EnumType => ({ name: e.name, ...(localSchema(e.schema) !== null && { schema: e.schema }), values: e.values }));
  return enums.length > 0 ? { tables, enums } : { tables };
}

/**
 * True when a table (ordinary or partitioned) exists in `schema`, or in the current schema when
 * `schema` is null. Used before reading the version table, which may not exist yet.
 */
export async function postgresHasTable(db: Kysely<any>, table: string, schema: string | null): Promise<boolean> {
  const result = await sql<{ found: boolean }>`
    select exists (
      select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relname = ${table} and c.relkind in ('r', 'p')
        and n.nspname = coalesce(${schema}::text, current_schema())
    ) as found`.execute(db);
  return result.rows[0]?.found === true;
}

function toColumn(c: CatalogColumn): Column {
  // The IR has no collations: a raw type carrying the clause keeps it (`text COLLATE "C"`), as
  // CREATE TABLE, ADD COLUMN and ALTER COLUMN TYPE all accept it after the type.
  const collate = c.collation ? ` COLLATE ${c.collation}` : '';
  const baseType: ColumnType = collate ? { kind: 'raw', sql: `${c.formatted}${collate}` } : columnTypeFromPostgres(c);
  if (c.generated === 's' && c.default !== null) {
    // The IR has no generated columns; a raw type carrying the clause is given back verbatim
    // by CREATE TABLE / ADD COLUMN, so nothing is lost.
    return {
      name: c.name,
      type: { kind: 'raw', sql: `${c.formatted}${collate} GENERATED ALWAYS AS (${c.default}) STORED` },
      nullable: !c.notnull,
      default: null,
      autoincrement: false,
      comment: c.comment,
    };
  }
  // serial is an integer column whose default draws from its own sequence; a default drawing
  // from a shared sequence (`nextval('order_number_seq')`) is an ordinary SQL default.
  const serial = c.default !== null && c.owns_sequence !== false && isIdentityType(baseType) && /^nextval\('.*'::regclass\)$/.test(c.default);
  const autoincrement = c.identity !== '' || serial;
  return {
    name: c.name,
    type: baseType,
    nullable: !c.notnull,
    default: autoincrement || c.default === null ? null : readPostgresDefault(c.default, baseType),
    autoincrement,
    comment: c.comment,
  };
}

const ACTIONS: Readonly<Record<string, ForeignKeyAction | null>> = {
  a: null, // NO ACTION is the default: reading it as null keeps `onDelete` unset round-trips equal
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

function toForeignKey(c: CatalogConstraint, localSchema: (schema: string | null) => string | null): ForeignKey {
  return {
    name: c.name,
    columns: c.columns,
    refTable: c.ref_table ?? '',
    refSchema: localSchema(c.ref_schema),
    refColumns: c.ref_columns ?? [],
    onDelete: ACTIONS[c.on_delete] ?? null,
    onUpdate: ACTIONS[c.on_update] ?? null,
    deferrable: c.deferrable,
    initiallyDeferred: c.deferred,
  };
}

function toIndex(i: CatalogIndex): Index {
  return {
    name: i.name,
    columns: i.elements,
    unique: i.unique,
    where: i.predicate,
    method: i.method === 'btree' ? null : i.method,
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
