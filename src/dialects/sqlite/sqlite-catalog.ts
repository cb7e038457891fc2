import { sql, type Kysely } from 'kysely';

/**
 * The raw catalog rows of a SQLite database, read with a fixed number of queries whatever the
 * number of tables: each query joins `pragma_table_list` with a table-valued pragma function
 * (`pragma_table_xinfo`, `pragma_index_list` + `pragma_index_xinfo`, `pragma_foreign_key_list`).
 * Reading table by table is what made Alembic take 70 minutes on 8,477 tables.
 */
export interface SqliteCatalog {
  readonly columns: readonly ColumnRow[];
  readonly indexes: readonly IndexRow[];
  readonly foreignKeys: readonly ForeignKeyRow[];
}

export interface ColumnRow {
  readonly tbl: string;
  readonly table_sql: string;
  readonly cid: number;
  readonly name: string;
  readonly type: string;
  readonly notnull: number;
  readonly dflt_value: string | null;
  readonly pk: number;
  /** 0 normal, 2 VIRTUAL generated, 3 STORED generated. */
  readonly hidden: number;
}

export interface IndexRow {
  readonly tbl: string;
  readonly idx: string;
  readonly uniq: number;
  /** `c` CREATE INDEX, `u` UNIQUE constraint, `pk` PRIMARY KEY (WITHOUT ROWID tables). */
  readonly origin: 'c' | 'u' | 'pk';
  readonly partial: number;
  readonly index_sql: string | null;
  readonly seqno: number;
  readonly col: string | null;
}

export interface ForeignKeyRow {
  readonly tbl: string;
  readonly id: number;
  readonly seq: number;
  readonly ref_table: string;
  readonly col: string;
  /** The referenced column; a bare `REFERENCES t` resolved to t's primary key. */
  readonly ref_col: string | null;
  readonly on_update: string;
  readonly on_delete: string;
}

export interface SchemaObjectRow {
  readonly type: 'trigger' | 'view';
  readonly name: string;
  readonly tbl_name: string;
  readonly sql: string;
}

/**
 * Ordinary tables of the main schema, leaving out SQLite's own (`sqlite_%`) and the shadow
 * tables of virtual tables (pragma_table_list types those `shadow`, virtual ones `virtual`).
 */
function tablesOf(only: string | undefined) {
  return sql`t.schema = 'main' AND t.type = 'table' AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'${
    only === undefined ? sql`` : sql` AND t.name = ${only} COLLATE NOCASE`
  }`;
}

/** Reads columns, indexes and foreign keys of every table (or of `only`), in three queries. */
export async function readSqliteCatalog(db: Kysely<any>, only?: string): Promise<SqliteCatalog> {
  const where = tablesOf(only);
  const columns = await sql<ColumnRow>`
    SELECT t.name AS tbl, s.sql AS table_sql, c.cid, c.name, c.type, c."notnull" AS "notnull",
           c.dflt_value, c.pk, c.hidden
    FROM pragma_table_list AS t
    JOIN sqlite_schema AS s ON s.type = 'table' AND s.name = t.name
    JOIN pragma_table_xinfo(t.name, 'main') AS c
    WHERE ${where}
    ORDER BY t.name, c.cid`.execute(db);
  const indexes = await sql<IndexRow>`
    SELECT t.name AS tbl, il.name AS idx, il."unique" AS uniq, il.origin, il.partial,
           s.sql AS index_sql, ix.seqno, ix.name AS col
    FROM pragma_table_list AS t
    JOIN pragma_index_list(t.name, 'main') AS il
    JOIN pragma_index_xinfo(il.name, 'main') AS ix
    LEFT JOIN sqlite_schema AS s ON s.type = 'index' AND s.name = il.name
    WHERE ${where} AND ix.key = 1
    ORDER BY t.name, il.name, ix.seqno`.execute(db);
  const foreignKeys = await sql<ForeignKeyRow>`
    SELECT t.name AS tbl, fk.id, fk.seq, fk."table" AS ref_table, fk."from" AS col,
           COALESCE(fk."to", (SELECT p.name FROM pragma_table_info(fk."table", 'main') AS p
                              WHERE p.pk = fk.seq + 1)) AS ref_col,
           fk.on_update, fk.on_delete
    FROM pragma_table_list AS t
    JOIN pragma_foreign_key_list(t.name, 'main') AS fk
    WHERE ${where}
    ORDER BY t.name, fk.id, fk.seq`.execute(db);
  return { columns: columns.rows, indexes: indexes.rows, foreignKeys: foreignKeys.rows };
}

/** Every trigger and view, with the SQL that recreates it. */
export async function readSqliteTriggersAndViews(db: Kysely<any>): Promise<SchemaObjectRow[]> {
  const result = await sql<SchemaObjectRow>`
    SELECT type, name, tbl_name, sql FROM sqlite_schema
    WHERE type IN ('trigger', 'view') AND sql IS NOT NULL
    ORDER BY rowid`.execute(db);
  return result.rows;
}

/** True when the main schema has a table of that name (compared as SQLite compares names). */
export async function sqliteHasTable(db: Kysely<any>, table: string): Promise<boolean> {
  const result = await sql<{ found: number }>`
    SELECT count(*) AS found FROM sqlite_schema WHERE type = 'table' AND name = ${table} COLLATE NOCASE`.execute(db);
  return (result.rows[0]?.found ?? 0) > 0;
}
