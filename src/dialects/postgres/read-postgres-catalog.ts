import { sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * The catalog reads behind introspection: exactly four queries for the whole database, each
 * aggregating per-table details (columns, constraint columns, index elements) in SQL with
 * `json_agg` or `array(...)`, so their number never grows with the number of tables.
 * Per-table reflection is what made Alembic take 70 minutes on 8,477 tables.
 */

/** One column, as aggregated in the tables query. */
export interface CatalogColumn {
  readonly name: string;
  readonly typname: string;
  readonly formatted: string;
  readonly typmod: number;
  readonly notnull: boolean;
  readonly default: string | null;
  /** `a` (ALWAYS), `d` (BY DEFAULT) or '' (not an identity column). */
  readonly identity: string;
  /** `s` for a stored generated column, '' otherwise. */
  readonly generated: string;
  readonly comment: string | null;
  /** The column's collation, quoted, when it is not its type's (`"C"` for `text COLLATE "C"`). */
  readonly collation?: string | null;
  /** A column with a default (not identity) owning a sequence: serial, when the default draws from it. */
  readonly owns_sequence?: boolean;
  /** The schema of the column's type when it is an enum type (`typname` is its name); null otherwise. */
  readonly enum_schema?: string | null;
}

/** An enum type: in one of the schemas read (`listed`), or elsewhere but used by a column read. */
export interface CatalogEnum {
  readonly schema: string;
  readonly name: string;
  /** The labels in their sort order. */
  readonly values: string[];
  readonly listed: boolean;
}

export interface CatalogTable {
  readonly schema: string;
  readonly name: string;
  readonly comment: string | null;
  readonly columns: readonly CatalogColumn[];
}

export interface CatalogConstraint {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  /** `p` primary key, `u` unique, `f` foreign key, `c` check. */
  readonly type: 'p' | 'u' | 'f' | 'c';
  readonly columns: string[];
  readonly ref_schema: string | null;
  readonly ref_table: string | null;
  readonly ref_columns: string[] | null;
  /** pg_constraint action codes: a no action, r restrict, c cascade, n set null, d set default. */
  readonly on_delete: string;
  readonly on_update: string;
  readonly deferrable: boolean;
  readonly deferred: boolean;
  readonly expression: string | null;
}

export interface CatalogIndex {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly unique: boolean;
  readonly method: string;
  readonly predicate: string | null;
  /**
   * Column names, or `{ expression }` for expression elements, in index order; an element with
   * options (`placed_at DESC`, `name text_pattern_ops`, `code COLLATE "C"`) is an expression.
   */
  readonly elements: ReadonlyArray<string | { readonly expression: string }>;
}

export interface Catalog {
  /** `current_schema()`: tables there are reported without a schema. */
  readonly currentSchema: string;
  readonly tables: readonly CatalogTable[];
  readonly constraints: readonly CatalogConstraint[];
  readonly indexes: readonly CatalogIndex[];
  readonly enums: readonly CatalogEnum[];
}

/**
 * What the tables query sends for each column, in order: the field of `CatalogColumn` and the
 * SQL giving it (over `pg_attribute a`, `pg_type t`, `pg_attrdef d`, `pg_description ds` and the
 * table's `pg_class c`).
 */
const COLUMN_FIELDS: ReadonlyArray<readonly [keyof CatalogColumn, RawBuilder<unknown>]> = [
  ['name', sql`a.attname`],
  ['typname', sql`t.typname`],
  ['formatted', sql`format_type(a.atttypid, a.atttypmod)`],
  ['typmod', sql`a.atttypmod`],
  ['notnull', sql`a.attnotnull`],
  ['default', sql`pg_get_expr(d.adbin, d.adrelid)`],
  ['identity', sql`a.attidentity`],
  ['generated', sql`a.attgenerated`],
  ['comment', sql`ds.description`],
  ['collation', sql`(select quote_ident(co.collname) from pg_collation co where co.oid = a.attcollation and a.attcollation <> t.typcollation)`],
  // serial: the default draws from a sequence OWNED BY the column (not a shared one)
  [
    'owns_sequence',
    sql`a.attidentity = '' and d.adbin is not null and exists (
      select 1 from pg_depend dep join pg_class s on s.oid = dep.objid
      where dep.classid = 'pg_class'::regclass and dep.refclassid = 'pg_class'::regclass
        and dep.refobjid = c.oid and dep.refobjsubid = a.attnum and dep.deptype = 'a' and s.relkind = 'S')`,
  ],
  ['enum_schema', sql`case when t.typtype = 'e' then (select tn.nspname from pg_namespace tn where tn.oid = t.typnamespace) end`],
];

/** A column as the tables query sent it (an array in `COLUMN_FIELDS` order). */
function catalogColumn(values: unknown[]): CatalogColumn {
  const column: Record<string, unknown> = {};
  for (let i = 0; i < COLUMN_FIELDS.length; i++) column[COLUMN_FIELDS[i]![0]] = values[i];
  return column as unknown as CatalogColumn;
}

/**
 * Reads tables, columns, constraints, indexes and enum types of the given schemas (null, or no
 * list: the current schema) in four queries. Ordinary and partitioned tables are read; views are not,
 * nor partitions (they are created by hand or by the partitioned table, and inherit its shape).
 */
export async function readPostgresCatalog(db: Kysely<any>, schemas?: ReadonlyArray<string | null>): Promise<Catalog> {
  // `any(array)` keeps the statement text, and so its plan, the same for any schema list; null
  // in the list means the current schema, whatever its name.
  const names = (schemas ?? []).filter((s): s is string => s !== null);
  const current = !schemas || schemas.length === 0 || schemas.includes(null);
  const inSchemas = (column: string) =>
    sql`(${sql.raw(column)} = any(${names}::text[]) or (${current} and ${sql.raw(column)} = current_schema()))`;

  // Columns travel as JSON arrays in COLUMN_FIELDS order, not objects: the keys repeated for
  // every column were most of the bytes (1,000 tables of 17 columns: 3.1 MB -> 1.2 MB), and
  // building them a third of the server's time. Descriptions are joined, not looked up per
  // column with col_description() (a SQL function the server runs once per call).
  const tables = await sql<Omit<CatalogTable, 'columns'> & { current_schema: string; columns: unknown[][] }>`
    select n.nspname as schema, c.relname as name, td.description as comment,
      current_schema() as current_schema,
      coalesce((
        select json_agg(json_build_array(${sql.join(COLUMN_FIELDS.map(([, expression]) => expression))}) order by a.attnum)
        from pg_attribute a
        join pg_type t on t.oid = a.atttypid
        left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        left join pg_description ds on ds.objoid = a.attrelid and ds.classoid = 'pg_class'::regclass and ds.objsubid = a.attnum
        where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      ), '[]'::json) as columns
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_description td on td.objoid = c.oid and td.classoid = 'pg_class'::regclass and td.objsubid = 0
    where c.relkind in ('r', 'p') and not c.relispartition and ${inSchemas('n.nspname')}
    order by c.relname, n.nspname`.execute(db);

  const constraints = await sql<CatalogConstraint>`
    select n.nspname as schema, c.relname as table, k.conname as name, k.contype as type,
      array(
        select a.attname::text from unnest(k.conkey) with ordinality u(num, ord)
        join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.num order by u.ord
      ) as columns,
      rn.nspname::text as ref_schema, rc.relname::text as ref_table,
      case when k.contype = 'f' then array(
        select a.attname::text from unnest(k.confkey) with ordinality u(num, ord)
        join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.num order by u.ord
      ) end as ref_columns,
      k.confdeltype::text as on_delete, k.confupdtype::text as on_update,
      k.condeferrable as deferrable, k.condeferred as deferred,
      case when k.contype = 'c' then pg_get_expr(k.conbin, k.conrelid, true) end as expression
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_class rc on rc.oid = k.confrelid
    left join pg_namespace rn on rn.oid = rc.relnamespace
    where k.contype in ('p', 'u', 'f', 'c')
      -- a foreign key to a partitioned table has child copies, one per partition: skip them
      and k.conparentid = 0
      and c.relkind in ('r', 'p') and not c.relispartition and ${inSchemas('n.nspname')}
    order by n.nspname, c.relname, k.conname`.execute(db);

  const indexes = await sql<CatalogIndex>`
    select n.nspname as schema, c.relname as table, ic.relname as name, i.indisunique as unique,
      am.amname::text as method, pg_get_expr(i.indpred, i.indrelid, true) as predicate,
      (
        select json_agg(case
            when e.options = '' and i.indkey[k.n - 1] <> 0 then to_json(a.attname)
            when i.indkey[k.n - 1] <> 0 then json_build_object('expression', quote_ident(a.attname) || e.options)
            else json_build_object('expression', pg_get_indexdef(i.indexrelid, k.n, true) || e.options) end order by k.n)
        from generate_series(1, i.indnkeyatts) k(n)
        left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[k.n - 1]
        join pg_attribute ia on ia.attrelid = i.indexrelid and ia.attnum = k.n
        cross join lateral (
          -- what pg_get_indexdef prints after the element: a collation other than the
          -- column's (the type's, for an expression), a non-default operator class, the ordering
          select coalesce((
              select ' COLLATE ' || quote_ident(co.collname) from pg_collation co
              where co.oid = i.indcollation[k.n - 1]
                and co.oid <> coalesce(a.attcollation, (select typcollation from pg_type where oid = ia.atttypid))
            ), '')
            || coalesce((
              select ' ' || quote_ident(opc.opcname) from pg_opclass opc
              where opc.oid = i.indclass[k.n - 1] and not opc.opcdefault
            ), '')
            || case
              when i.indoption[k.n - 1] & 1 <> 0 then ' DESC' || case when i.indoption[k.n - 1] & 2 = 0 then ' NULLS LAST' else '' end
              when i.indoption[k.n - 1] & 2 <> 0 then ' NULLS FIRST'
              else '' end as options
        ) e
      ) as elements
    from pg_index i
    join pg_class ic on ic.oid = i.indexrelid
    join pg_class c on c.oid = i.indrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_am am on am.oid = ic.relam
    where c.relkind in ('r', 'p') and not c.relispartition and ${inSchemas('n.nspname')}
      -- indexes behind a primary key, unique or exclusion constraint belong to the constraint
      and not exists (
        select 1 from pg_constraint k
        where k.conindid = i.indexrelid and k.conrelid = i.indrelid and k.contype in ('p', 'u', 'x')
      )
    order by n.nspname, c.relname, ic.relname`.execute(db);

  // Enum types of the schemas read (not those an extension owns), and those their columns use.
  const enums = await sql<CatalogEnum & { current_schema: string }>`
    select n.nspname as schema, t.typname as name, current_schema() as current_schema,
      array(select e.enumlabel::text from pg_enum e where e.enumtypid = t.oid order by e.enumsortorder) as values,
      ${inSchemas('n.nspname')} as listed
    from pg_type t
    join pg_namespace n on n.oid = t.typnamespace
    where t.typtype = 'e'
      and not exists (select 1 from pg_depend dep where dep.classid = 'pg_type'::regclass and dep.objid = t.oid and dep.deptype = 'e')
      and (${inSchemas('n.nspname')} or exists (
        select 1 from pg_attribute a
        join pg_class c on c.oid = a.attrelid
        join pg_namespace cn on cn.oid = c.relnamespace
        where a.atttypid = t.oid and a.attnum > 0 and not a.attisdropped
          and c.relkind in ('r', 'p') and ${inSchemas('cn.nspname')}
      ))
    order by n.nspname, t.typname`.execute(db);

  return {
    // Only needed to place tables, so an empty database may leave it blank.
    currentSchema: tables.rows[0]?.current_schema ?? enums.rows[0]?.current_schema ?? '',
    tables: tables.rows.map(({ current_schema: _current, columns, ...table }) => ({ ...table, columns: columns.map(catalogColumn) })),
    constraints: constraints.rows,
    indexes: indexes.rows,
    enums: enums.rows.map(({ current_schema: _current, ...e }) => e),
  };
}
