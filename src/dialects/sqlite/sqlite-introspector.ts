import type { Kysely } from 'kysely';
import type { ColumnType } from '../../schema/column-type.js';
import type { Column, ForeignKey, ForeignKeyAction, Index, Schema, Table, UniqueConstraint } from '../../schema/schema.js';
import { readSqliteCatalog, type ColumnRow, type ForeignKeyRow, type IndexRow } from './sqlite-catalog.js';
import { isRowidAliasType, portableTypeFromSqlite } from './sqlite-column-type.js';
import { parseSqliteCreateIndex, parseSqliteCreateTable, type ParsedCreateTable } from './sqlite-create-table-parser.js';
import { parseSqliteDefault } from './sqlite-literal.js';
import { isIdentifier, sameColumns, sameName, tokenizeSqlite } from './sqlite-tokenize.js';

/** A live table: its IR plus what a rebuild needs and the IR does not hold. */
export interface SqliteLiveTable {
  readonly table: Table;
  readonly withoutRowid: boolean;
  readonly strict: boolean;
  /** Generated columns: SQLite computes them, so a copy must not insert into them. */
  readonly generatedColumns: readonly string[];
  /** The rowid alias (`INTEGER PRIMARY KEY`) column, if the table has one. */
  readonly rowidAlias: string | null;
  /** The CREATE INDEX statement of each explicit index, by index name. */
  readonly indexSql: ReadonlyMap<string, string>;
}

/** Reads the whole database (or one table) with a fixed number of catalog queries. */
export async function readSqliteTables(db: Kysely<any>, only?: string): Promise<SqliteLiveTable[]> {
  const catalog = await readSqliteCatalog(db, only);
  const indexes = groupBy(catalog.indexes, (r) => r.tbl);
  const foreignKeys = groupBy(catalog.foreignKeys, (r) => r.tbl);
  return [...groupBy(catalog.columns, (r) => r.tbl)].map(([name, columns]) =>
    assembleTable(name, columns, indexes.get(name) ?? [], foreignKeys.get(name) ?? []),
  );
}

/**
 * The schema IR of a live SQLite database. The version table is included: callers filter it.
 * Things the IR cannot hold (COLLATE, generated columns) survive inside a `raw` column type.
 */
export async function introspectSqlite(db: Kysely<any>): Promise<Schema> {
  const tables = await readSqliteTables(db);
  return { tables: tables.map((t) => t.table).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}

/** Rows grouped by a key, groups and rows in the order met (the queries sort them). */
function groupBy<R, K>(rows: readonly R[], key: (row: R) => K): Map<K, R[]> {
  const groups = new Map<K, R[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

function assembleTable(name: string, columnRows: ColumnRow[], indexRows: IndexRow[], fkRows: ForeignKeyRow[]): SqliteLiveTable {
  const parsed = parseSqliteCreateTable(columnRows[0]!.table_sql);
  const pkRows = columnRows.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  const rowidAlias =
    !parsed.withoutRowid && pkRows.length === 1 && isRowidAliasType(pkRows[0]!.type) ? pkRows[0]!.name : null;
  // A TEXT column with its own CHECK (col IN ('a', 'b')) is an enum column (how the DDL writes
  // one): the check is the type, not a table check. The CHECK's name is the enum's.
  const enumChecks = new Set<ParsedCreateTable['checks'][number]>();
  const columns = columnRows.map((row) => {
    const column = toColumn(row, parsed, row.name === rowidAlias);
    const check = parsed.checks.find((c) => c.enumOf && sameName(c.enumOf.column, row.name) && !enumChecks.has(c));
    if (!check || column.type.kind !== 'text' || row.type.trim().toUpperCase() !== 'TEXT') return column;
    enumChecks.add(check);
    return { ...column, type: { kind: 'enum' as const, name: check.name ?? `${name}_${row.name}`, values: [...check.enumOf!.values] } };
  });
  const { uniques, indexes, indexSql } = readIndexes(indexRows, parsed);
  const table: Table = {
    name,
    schema: null,
    columns,
    primaryKey: pkRows.length > 0 ? { name: parsed.primaryKeyName, columns: pkRows.map((r) => r.name) } : null,
    foreignKeys: readForeignKeys(fkRows, parsed),
    uniques,
    checks: parsed.checks.filter((c) => !enumChecks.has(c)).map((c) => ({ name: c.name, expression: c.expression })),
    indexes,
    comment: null,
  };
  return {
    table,
    withoutRowid: parsed.withoutRowid,
    strict: parsed.strict,
    generatedColumns: columnRows.filter((c) => c.hidden === 2 || c.hidden === 3).map((c) => c.name),
    rowidAlias,
    indexSql,
  };
}

function toColumn(row: ColumnRow, parsed: ParsedCreateTable, isRowidAlias: boolean): Column {
  const extras = parsed.columns.find((c) => sameName(c.name, row.name))?.extras ?? [];
  // COLLATE and GENERATED have no place in the IR: keeping them in a raw type lets them
  // survive a rebuild and show up in a diff instead of vanishing.
  const type: ColumnType =
    extras.length > 0 ? { kind: 'raw', sql: [row.type, ...extras].filter((x) => x !== '').join(' ') } : portableTypeFromSqlite(row.type);
  return {
    name: row.name,
    type,
    // A rowid alias can never hold NULL even when not declared NOT NULL.
    nullable: row.notnull === 0 && !isRowidAlias,
    default: parseSqliteDefault(row.dflt_value, type),
    autoincrement: parsed.columns.find((c) => sameName(c.name, row.name))?.autoincrement ?? false,
    comment: null,
  };
}

function readIndexes(rows: IndexRow[], parsed: ParsedCreateTable) {
  const groups = groupBy(rows, (r) => r.idx);
  const uniques: Array<UniqueConstraint & { order: number }> = [];
  const indexes: Index[] = [];
  const indexSql = new Map<string, string>();
  for (const [idx, cols] of groups) {
    const first = cols[0]!;
    if (first.origin === 'u') {
      const columns = cols.map((c) => c.col ?? '');
      const named = parsed.uniques.find((u) => sameColumns(u.columns, columns));
      // Autoindexes are numbered in declaration order: sqlite_autoindex_<table>_<n>.
      uniques.push({ name: named?.name ?? null, columns, order: Number(/_(\d+)$/.exec(idx)?.[1] ?? 0) });
    } else if (first.origin === 'c' && first.index_sql) {
      const text = parseSqliteCreateIndex(first.index_sql);
      indexSql.set(idx, first.index_sql);
      indexes.push({
        name: idx,
        // A lone identifier is a column; anything else (an expression, `x DESC`, `x COLLATE y`)
        // is kept as an expression, so that what was written reads back the same.
        columns: text.elements.map((e) => {
          const tokens = tokenizeSqlite(e);
          return tokens.length === 1 && isIdentifier(tokens[0]) ? tokens[0].value : { expression: e };
        }),
        unique: first.uniq === 1,
        where: first.partial === 1 ? text.where : null,
        method: null,
      });
    }
  }
  uniques.sort((a, b) => a.order - b.order);
  indexes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { uniques: uniques.map(({ order: _order, ...u }) => u), indexes, indexSql };
}

/** SQLite reports NO ACTION for an action never written; the IR says that with null. */
const action = (text: string): ForeignKeyAction | null =>
  text.toUpperCase() === 'NO ACTION' ? null : (text.toUpperCase() as ForeignKeyAction);

function readForeignKeys(rows: ForeignKeyRow[], parsed: ParsedCreateTable): ForeignKey[] {
  const groups = groupBy(rows, (r) => r.id);
  const used = new Set<number>();
  const found: Array<ForeignKey & { order: number }> = [];
  for (const [id, cols] of groups) {
    const first = cols[0]!;
    const columns = cols.map((c) => c.col);
    // pragma_foreign_key_list numbers keys from the last declared; the text gives the order.
    const at = parsed.foreignKeys.findIndex(
      (fk, i) => !used.has(i) && sameColumns(fk.columns, columns) && sameName(fk.refTable, first.ref_table),
    );
    if (at !== -1) used.add(at);
    const text = at === -1 ? undefined : parsed.foreignKeys[at];
    found.push({
      name: text?.name ?? null,
      columns,
      refTable: first.ref_table,
      refSchema: null,
      refColumns: cols.every((c) => c.ref_col !== null) ? cols.map((c) => c.ref_col!) : [],
      onDelete: action(first.on_delete),
      onUpdate: action(first.on_update),
      deferrable: text?.deferrable ?? false,
      initiallyDeferred: text?.initiallyDeferred ?? false,
      order: at === -1 ? 1_000_000 - id : at,
    });
  }
  return found.sort((a, b) => a.order - b.order).map(({ order: _order, ...fk }) => fk);
}
