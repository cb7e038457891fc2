import type { ColumnType } from '../../schema/column-type.js';
import type { Column, ForeignKey, Index, IndexElement, Schema, ServerDefault, Table } from '../../schema/schema.js';
import { canonicalDecimal, isDecimalText } from '../canonical-literal.js';
import type { NormalizeOptions, SchemaNormalizer } from '../dialect.js';
import { canonicalSqliteSql, loneIdentifier, sqliteAffinity, withoutOuterParens } from './canonical-sqlite-sql.js';
import { portableTypeFromSqlite, sqliteTypeSql } from './sqlite-column-type.js';
import { parseSqliteDefault } from './sqlite-literal.js';

/**
 * SQLite's comparison rules. SQLite keeps declared types, defaults, CHECK and index texts as
 * they were written, and our DDL writes the target's text verbatim, so most rules only erase
 * spelling: case (names are case-insensitive), spacing, redundant parentheses. The rest model
 * what SQLite itself does:
 * - an autoincrement key is always declared `INTEGER` (so bigint/smallint read back as integer),
 *   and a rowid alias (single-column `INTEGER` key) can never be NULL;
 * - a default is compared as the value SQLite stores, which depends on the column's affinity:
 *   `0`, `'0'` and `FALSE` are one default on an INTEGER column, `TRUE` and `1` on a BOOLEAN;
 * - no comments (SQLite has none), no schemas (`main` is the only one), no index methods;
 * - `NO ACTION` is the absent foreign-key action, INITIALLY DEFERRED counts only when DEFERRABLE.
 */
export const sqliteNormalizer: SchemaNormalizer = {
  normalizeSchema: (schema: Schema, _options: NormalizeOptions) => normalizeSqliteSchema(schema),
};

/** The schema with every name, type, default and expression in SQLite's canonical form. */
export function normalizeSqliteSchema(schema: Schema): Schema {
  const key = (name: string) => name.toLowerCase();
  // Keys of every table, for a foreign key that names no columns (it means the primary key).
  const primaryKeys = new Map(schema.tables.map((t) => [key(t.name), (t.primaryKey?.columns ?? []).map(key)]));
  return {
    tables: schema.tables.map((table): Table => {
      const pk = (table.primaryKey?.columns ?? []).map(key);
      return {
        name: key(table.name),
        schema: null,
        columns: table.columns.map((c) => normalizeColumn(c, pk)),
        primaryKey: table.primaryKey ? { name: table.primaryKey.name ? key(table.primaryKey.name) : null, columns: pk } : null,
        foreignKeys: table.foreignKeys.map((fk) => normalizeForeignKey(fk, primaryKeys)),
        uniques: table.uniques.map((u) => ({ name: u.name ? key(u.name) : null, columns: u.columns.map(key) })),
        checks: table.checks.map((c) => ({ name: c.name ? key(c.name) : null, expression: canonicalSqliteSql(c.expression) })),
        indexes: table.indexes.map(normalizeIndex),
        comment: null,
      };
    }),
  };
}

function normalizeColumn(column: Column, pk: readonly string[]): Column {
  const name = column.name.toLowerCase();
  const type = normalizeType(column.type, column.autoincrement === true);
  // A single-column INTEGER key is the rowid, which is never NULL whatever was declared.
  const rowid = pk.length === 1 && pk[0] === name && type.kind === 'integer';
  return {
    name,
    type,
    nullable: column.nullable && !rowid && !column.autoincrement,
    default: normalizeSqliteDefault(column.default ?? null, column.type),
    autoincrement: column.autoincrement === true,
    comment: null,
  };
}

/** Our spelling of a portable type maps back to it; an autoincrement key is always INTEGER. */
function normalizeType(type: ColumnType, autoincrement: boolean): ColumnType {
  // An enum is its values (in CHECK order): SQLite has no types, so the name is only a label.
  if (type.kind === 'enum') return { kind: 'enum', name: '', schema: null, values: [...type.values] };
  const portable = type.kind === 'raw' ? portableTypeFromSqlite(type.sql) : type;
  if (autoincrement && ['integer', 'bigint', 'smallint'].includes(portable.kind)) return { kind: 'integer' };
  return portable.kind === 'raw' ? { kind: 'raw', sql: canonicalSqliteSql(portable.sql) } : portable;
}

/**
 * A default as the value SQLite would store, keyed by kind: `n:` a number, `s:` text, `sql:`
 * an expression evaluated at insert time. SQL text that is only a literal counts as that
 * literal; `NULL` is no default.
 */
export function normalizeSqliteDefault(value: ServerDefault | null, type: ColumnType): ServerDefault | null {
  if (!value) return null;
  let literal: string | number | boolean;
  if (value.kind === 'sql') {
    const text = withoutOuterParens(value.sql);
    // Numbers stay text here: parseSqliteDefault keeps `1.0` as SQL to preserve its spelling.
    const parsed = isDecimalText(text) ? ({ kind: 'literal', value: text } as const) : parseSqliteDefault(text, type);
    if (!parsed) return null;
    if (parsed.kind === 'sql') return { kind: 'sql', sql: canonicalSqliteSql(parsed.sql) };
    literal = parsed.value;
  } else {
    literal = value.value;
  }
  return { kind: 'literal', value: literalKey(literal, sqliteAffinity(sqliteTypeSql(type))) };
}

/** What a column of that affinity stores for the literal (https://sqlite.org/datatype3.html 3.0). */
function literalKey(value: string | number | boolean, affinity: ReturnType<typeof sqliteAffinity>): string {
  const asNumber = typeof value === 'boolean' ? (value ? '1' : '0') : canonicalDecimal(String(value));
  if (affinity === 'TEXT') return `s:${typeof value === 'boolean' ? asNumber : String(value)}`;
  if (typeof value === 'string' && (affinity === 'BLOB' || asNumber === null)) return `s:${value}`;
  return `n:${asNumber}`;
}

function normalizeForeignKey(fk: ForeignKey, primaryKeys: ReadonlyMap<string, readonly string[]>): ForeignKey {
  const refTable = fk.refTable.toLowerCase();
  const refColumns = fk.refColumns.length > 0 ? fk.refColumns.map((c) => c.toLowerCase()) : [...(primaryKeys.get(refTable) ?? [])];
  const deferrable = fk.deferrable === true;
  return {
    name: fk.name ? fk.name.toLowerCase() : null,
    columns: fk.columns.map((c) => c.toLowerCase()),
    refTable,
    refSchema: null,
    refColumns,
    onDelete: fk.onDelete === 'NO ACTION' ? null : (fk.onDelete ?? null),
    onUpdate: fk.onUpdate === 'NO ACTION' ? null : (fk.onUpdate ?? null),
    deferrable,
    // The DDL writes INITIALLY DEFERRED only after DEFERRABLE; alone it would mean nothing.
    initiallyDeferred: deferrable && fk.initiallyDeferred === true,
  };
}

function normalizeIndex(index: Index): Index {
  const element = (e: IndexElement): IndexElement => {
    if (typeof e === 'string') return e.toLowerCase();
    // An expression that is a bare column name is that column (how the introspector reads it).
    const lone = loneIdentifier(e.expression);
    return lone !== null ? lone.toLowerCase() : { expression: canonicalSqliteSql(e.expression) };
  };
  return {
    name: index.name.toLowerCase(),
    columns: index.columns.map(element),
    unique: index.unique,
    where: index.where && index.where.trim() !== '' ? canonicalSqliteSql(index.where) : null,
    method: null,
  };
}
