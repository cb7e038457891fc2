import type { ColumnType } from '../../schema/column-type.js';
import type { CheckConstraint, Column, ForeignKey, Index, IndexElement, Schema, ServerDefault, Table } from '../../schema/schema.js';
import { canonicalDecimal, canonicalJson } from '../canonical-literal.js';
import type { DatabaseForms, NormalizeOptions } from '../dialect.js';
import { canonicalPostgresSql, postgresLoneIdentifier } from './canonical-postgres-sql.js';
import { canonicalPostgresType } from './canonical-postgres-type.js';
import { readPostgresDefault } from './postgres-literal.js';
import { formKeys, type PrintedIndex } from './plan-postgres-scratch.js';
import { splitPostgresIndexElement } from './postgres-index-element.js';
import { tokenizePostgres } from './tokenize-postgres.js';

/**
 * PostgreSQL's comparison rules (the dialect's `normalizer`, with `readPostgresForms`). The target's types, defaults, CHECK expressions and index
 * expressions are replaced by the forms the database printed for them (`readForms`) when
 * available; then both sides go through the same text rules:
 * - types: synonyms to one spelling (`canonicalPostgresType`): `int4` is integer, `jsonb` is the
 *   portable json, `numeric(8)` is `numeric(8,0)`, `varchar` without length stays so;
 * - identity and serial columns are autoincrement, NOT NULL and without default; primary-key
 *   columns are NOT NULL;
 * - defaults: constants compared as values of the column's type (`'0'`, `0` and `'0'::integer`
 *   are one default; `'t'` and `true` on a boolean; JSON by content), `NULL` is no default,
 *   expressions by `canonicalPostgresSql` (so `now()` and `CURRENT_TIMESTAMP` stay different,
 *   as PostgreSQL prints them differently);
 * - `''` comments are no comment (PostgreSQL stores `COMMENT IS ''` as none);
 * - the default schema is written as none; `NO ACTION` is the absent foreign-key action;
 *   INITIALLY DEFERRED implies DEFERRABLE; `btree` is the absent index method.
 * Names are case-sensitive (our DDL always quotes them), so they are kept as they are.
 */
/**
 * Normalized schemas that depended on nothing but the schema and its default schema (no forms
 * read from the database applied): `postgresFormsNeeded` and the differ normalize the same two
 * schemas, so the second time is free. The IR is readonly data, so sharing it is safe.
 */
const normalizedCache = new WeakMap<Schema, Map<string | null, Schema>>();

/** The schema with every type, default and expression in PostgreSQL's canonical form. */
export function normalizePostgresSchema(schema: Schema, options: NormalizeOptions): Schema {
  const given = options.side === 'target' ? (options.forms ?? null) : null;
  const forms = given && given.printed.size > 0 ? given : null;
  const defaultSchema = options.defaultSchema !== undefined ? options.defaultSchema : (options.forms?.defaultSchema ?? null);
  if (forms !== null) return normalizeTables(schema, forms, defaultSchema);
  let bySchema = normalizedCache.get(schema);
  if (!bySchema) normalizedCache.set(schema, (bySchema = new Map()));
  let normalized = bySchema.get(defaultSchema);
  if (!normalized) bySchema.set(defaultSchema, (normalized = normalizeTables(schema, null, defaultSchema)));
  return normalized;
}

function normalizeTables(schema: Schema, forms: DatabaseForms | null, defaultSchema: string | null): Schema {
  const local = (s: string | null | undefined) => (!s || s === defaultSchema ? null : s);
  const primaryKeys = new Map(schema.tables.map((t) => [`${local(t.schema)}.${t.name}`, t.primaryKey?.columns ?? []]));
  return {
    tables: schema.tables.map((table): Table => {
      // The key readForms filed the table's forms under: the target's own spelling.
      const tableKey = `${table.schema ?? ''}.${table.name}`;
      const pk = new Set(table.primaryKey?.columns ?? []);
      return {
        name: table.name,
        schema: local(table.schema),
        columns: table.columns.map((c) => enumColumn(normalizeColumn(c, pk.has(c.name), tableKey, forms), local)),
        primaryKey: table.primaryKey ? { name: table.primaryKey.name ?? null, columns: [...table.primaryKey.columns] } : null,
        foreignKeys: table.foreignKeys.map((fk) => normalizeForeignKey(fk, local, primaryKeys)),
        uniques: table.uniques.map((u) => ({ name: u.name ?? null, columns: [...u.columns] })),
        checks: table.checks.map((c): CheckConstraint => ({ name: c.name ?? null, expression: normalizeCheck(c, tableKey, forms) })),
        indexes: table.indexes.map((i) => normalizeIndex(i, tableKey, forms)),
        comment: table.comment ? table.comment : null,
      };
    }),
  };
}

/**
 * An enum column is compared by the type it names (schema and name): its values belong to the
 * type, which the differ compares on its own (`Schema.enums`). It reads as the raw type
 * `format_type` prints, so that models naming the type with `raw('order_status')` (as pulled
 * before enums were modelled) compare equal too.
 */
function enumColumn(column: Column, local: (s: string | null | undefined) => string | null): Column {
  if (column.type.kind !== 'enum') return column;
  return { ...column, type: { kind: 'raw', sql: printedTypeName(column.type.name, local(column.type.schema)) } };
}

/** A type's name as `format_type` prints it: quoted only when it must be, schema-qualified outside the default one. */
export function printedTypeName(name: string, schema: string | null): string {
  const ident = (part: string) => (/^[a-z_][a-z0-9_$]*$/.test(part) ? part : `"${part.replace(/"/g, '""')}"`);
  return schema ? `${ident(schema)}.${ident(name)}` : ident(name);
}

/** What the database printed under a key (made only when there are forms to look in). */
function printed<T>(forms: DatabaseForms | null, key: () => string | null): T | undefined {
  if (!forms || forms.printed.size === 0) return undefined;
  const k = key();
  return k === null ? undefined : (forms.printed.get(k) as T | undefined);
}

function normalizeColumn(column: Column, inPrimaryKey: boolean, tableKey: string, forms: DatabaseForms | null): Column {
  const readType = printed<ColumnType>(forms, () => formKeys.type(tableKey, column));
  const declared = canonicalPostgresType(column.type);
  const { type, serial } = readType === undefined ? declared : canonicalPostgresType(readType);
  const autoincrement = column.autoincrement === true || serial || declared.serial;
  let def: ServerDefault | null = null;
  if (!autoincrement && column.default) {
    const readDefault = printed<ServerDefault | null>(forms, () => formKeys.default(column));
    def = normalizePostgresDefault(readDefault !== undefined ? readDefault : column.default, type);
  }
  return {
    name: column.name,
    type,
    // Identity columns and key columns are NOT NULL whatever was declared.
    nullable: column.nullable && !autoincrement && !inPrimaryKey,
    default: def,
    autoincrement,
    comment: column.comment ? column.comment : null,
  };
}

const NUMERIC_KINDS = new Set(['integer', 'bigint', 'smallint', 'numeric', 'real', 'double']);
const TRUE_WORDS = new Set(['t', 'true', 'y', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['f', 'false', 'n', 'no', 'off', '0']);

/**
 * A default as a value of the column's type, keyed by kind (`n:` number, `b:` boolean, `j:`
 * JSON, `s:` text), or as canonical SQL. SQL that is only a constant counts as that constant.
 */
export function normalizePostgresDefault(value: ServerDefault | null, type: ColumnType): ServerDefault | null {
  if (!value) return null;
  let literal: string | number | boolean;
  if (value.kind === 'sql') {
    const parsed = readPostgresDefault(value.sql, type);
    if (!parsed) return null;
    if (parsed.kind === 'sql') {
      const text = canonicalPostgresSql(parsed.sql);
      const constant = constantOf(text);
      if (constant === null) return null;
      if (constant === undefined) return { kind: 'sql', sql: text };
      literal = constant;
    } else {
      literal = parsed.value;
    }
  } else {
    literal = value.value;
  }
  return { kind: 'literal', value: literalKey(literal, type) };
}

/**
 * The constant a canonical SQL text stands for (`'abc'` once its cast is gone, `- 1`, `true`),
 * null for `NULL`, undefined when it is an expression.
 */
function constantOf(text: string): string | number | boolean | null | undefined {
  const tokens = tokenizePostgres(text);
  if (tokens.length === 1) {
    const t = tokens[0]!;
    if (t.kind === 'string' || t.kind === 'number') return t.value;
    if (t.kind === 'ident' && ['true', 'false'].includes(t.value)) return t.value === 'true';
    if (t.kind === 'ident' && t.value === 'null') return null;
  }
  if (tokens.length === 2 && tokens[0]!.text === '-' && tokens[1]!.kind === 'number') return `-${tokens[1]!.value}`;
  return undefined;
}

function literalKey(value: string | number | boolean, type: ColumnType): string {
  const text = String(value);
  if (NUMERIC_KINDS.has(type.kind)) {
    const n = typeof value === 'boolean' ? null : canonicalDecimal(text);
    return n !== null ? `n:${n}` : `s:${text}`;
  }
  if (type.kind === 'boolean') {
    const word = text.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return 'b:true';
    if (FALSE_WORDS.has(word)) return 'b:false';
  }
  if (type.kind === 'json' || (type.kind === 'raw' && type.sql === 'json')) {
    const json = canonicalJson(text);
    if (json !== null) return `j:${json}`;
  }
  if (type.kind === 'uuid') return `s:${text.toLowerCase()}`;
  return `s:${text}`;
}

function normalizeForeignKey(
  fk: ForeignKey,
  local: (schema: string | null | undefined) => string | null,
  primaryKeys: ReadonlyMap<string, readonly string[]>,
): ForeignKey {
  const refSchema = local(fk.refSchema);
  const deferrable = fk.deferrable === true || fk.initiallyDeferred === true;
  return {
    name: fk.name ?? null,
    columns: [...fk.columns],
    refTable: fk.refTable,
    refSchema,
    // No referenced columns means the referenced table's primary key.
    refColumns: fk.refColumns.length > 0 ? [...fk.refColumns] : [...(primaryKeys.get(`${refSchema}.${fk.refTable}`) ?? [])],
    onDelete: fk.onDelete === 'NO ACTION' ? null : (fk.onDelete ?? null),
    onUpdate: fk.onUpdate === 'NO ACTION' ? null : (fk.onUpdate ?? null),
    deferrable,
    initiallyDeferred: fk.initiallyDeferred === true,
  };
}

function normalizeCheck(check: CheckConstraint, tableKey: string, forms: DatabaseForms | null): string {
  const read = printed<string>(forms, () => formKeys.check(tableKey, check.expression));
  return canonicalPostgresSql(read ?? check.expression);
}

function normalizeIndex(index: Index, tableKey: string, forms: DatabaseForms | null): Index {
  const read = printed<PrintedIndex>(forms, () => formKeys.index(tableKey, index));
  const columns = read?.columns ?? index.columns;
  const where = read ? read.where : (index.where ?? null);
  const element = (e: IndexElement): IndexElement => {
    if (typeof e === 'string') return e;
    const { core, suffix } = splitPostgresIndexElement(e.expression);
    const options = canonicalIndexOptions(suffix);
    // An expression that is only a column name is that column (PostgreSQL stores it so).
    const lone = options === '' ? postgresLoneIdentifier(core) : null;
    return lone !== null ? lone : { expression: canonicalPostgresSql(core) + (options === '' ? '' : ` ${options}`) };
  };
  const method = index.method ? index.method.toLowerCase() : null;
  return {
    name: index.name,
    columns: columns.map(element),
    unique: index.unique,
    where: where && where.trim() !== '' ? canonicalPostgresSql(where) : null,
    method: method === 'btree' ? null : method,
  };
}

/**
 * An index element's options (`COLLATE c`, operator class, ordering) in one spelling, without
 * what PostgreSQL takes by default: `ASC`, `NULLS LAST` after ascending, `NULLS FIRST` after
 * `DESC` (so `x ASC NULLS LAST` is the column `x`, and `x DESC NULLS FIRST` is `x desc`).
 */
function canonicalIndexOptions(suffix: string): string {
  if (suffix === '') return '';
  const words = canonicalPostgresSql(suffix).split(' ');
  const desc = words.includes('desc');
  const nulls = words.indexOf('nulls');
  const defaultNulls = nulls >= 0 && words[nulls + 1] === (desc ? 'first' : 'last');
  return words.filter((w, i) => w !== 'asc' && !(defaultNulls && (i === nulls || i === nulls + 1))).join(' ');
}
