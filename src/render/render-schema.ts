import { formatColumnType, parseColumnType, type ColumnType } from '../schema/column-type.js';
import type { Column, ForeignKey, Index, IndexElement, ServerDefault, Table } from '../schema/schema.js';
import { UserError } from '../util/errors.js';
import { array, object, property, suffixed, text, type Doc } from './layout.js';
import { numberLiteral, propertyKey, stringDoc } from './render-values.js';

/**
 * Schema IR as the input shapes of the `Operations` API (`ColumnInput`, `TableOptions`,
 * `ForeignKeyInput`, `IndexInput`): only fields that differ from what the API assumes are written.
 */

/** A column type: the short spelling when it reads back as the same type, `{ raw }` or the type object otherwise. */
export function typeDoc(type: ColumnType): Doc {
  if (type.kind === 'raw') {
    // parseColumnType trims raw text, so untrimmed text keeps its exact form
    return type.sql.trim() === type.sql && type.sql !== ''
      ? object([property('raw', stringDoc(type.sql))])
      : object([property('kind', text("'raw'")), property('sql', stringDoc(type.sql))]);
  }
  if (type.kind === 'enum') {
    return object([
      property('kind', text("'enum'")),
      property('name', stringDoc(type.name)),
      ...(type.schema ? [property('schema', stringDoc(type.schema))] : []),
      property('values', namesDoc(type.values)),
    ]);
  }
  const short = formatColumnType(type);
  if (readsBackAs(short, type)) return stringDoc(short);
  // e.g. a varchar length that is not a whole number: write the type object itself
  const fields: Doc[] = [property('kind', stringDoc(type.kind))];
  for (const key of ['length', 'precision', 'scale', 'withTimeZone'] as const) {
    const value = (type as Partial<Record<typeof key, number | boolean>>)[key];
    if (value !== undefined) fields.push(property(key, text(typeof value === 'number' ? numberLiteral(value) : String(value))));
  }
  return object(fields);
}

function readsBackAs(short: string, type: ColumnType): boolean {
  let parsed: ColumnType;
  try {
    parsed = parseColumnType(short as never);
  } catch {
    return false;
  }
  const fields = (t: ColumnType) => {
    const r = t as Partial<Record<'length' | 'precision' | 'scale' | 'withTimeZone', unknown>>;
    return [t.kind, r.length, r.precision, r.scale, r.withTimeZone];
  };
  const [a, b] = [fields(parsed), fields(type)];
  return a.every((value, i) => Object.is(value, b[i]));
}

/** A server default as `DefaultInput`: the literal itself or `{ sql: '...' }`; `null` drops it. */
export function defaultDoc(value: ServerDefault | null): Doc {
  if (value === null) return text('null');
  if (value.kind === 'sql') return object([property('sql', stringDoc(value.sql))]);
  const literal = value.value;
  if (typeof literal === 'string') return stringDoc(literal);
  return text(typeof literal === 'number' ? numberLiteral(literal) : String(literal));
}

/**
 * A column as `ColumnInput`. `inlinePrimaryKey` writes `primaryKey: true`, which makes the column
 * NOT NULL unless told otherwise; without it the API assumes a nullable column.
 */
export function columnDoc(column: Column, inlinePrimaryKey = false): Doc {
  const fields: Doc[] = [property('type', typeDoc(column.type))];
  if (inlinePrimaryKey) fields.push(property('primaryKey', text('true')));
  if (column.autoincrement) fields.push(property('autoincrement', text('true')));
  if (column.nullable === inlinePrimaryKey) fields.push(property('nullable', text(String(column.nullable))));
  if (column.default !== undefined && column.default !== null) fields.push(property('default', defaultDoc(column.default)));
  if (typeof column.comment === 'string') fields.push(property('comment', stringDoc(column.comment)));
  return object(fields);
}

export function namesDoc(names: readonly string[]): Doc {
  return array(names.map(stringDoc));
}

/** The fields of a foreign key as `ForeignKeyInput` (the name only when asked and set). */
export function foreignKeyFields(fk: ForeignKey, withName: boolean): Doc[] {
  const fields: Doc[] = [];
  if (withName && fk.name) fields.push(property('name', stringDoc(fk.name)));
  fields.push(property('columns', namesDoc(fk.columns)), property('refTable', stringDoc(fk.refTable)));
  if (fk.refSchema) fields.push(property('refSchema', stringDoc(fk.refSchema)));
  fields.push(property('refColumns', namesDoc(fk.refColumns)));
  if (fk.onDelete) fields.push(property('onDelete', stringDoc(fk.onDelete)));
  if (fk.onUpdate) fields.push(property('onUpdate', stringDoc(fk.onUpdate)));
  if (fk.deferrable) fields.push(property('deferrable', text('true')));
  if (fk.initiallyDeferred) fields.push(property('initiallyDeferred', text('true')));
  return fields;
}

export function indexElementsDoc(elements: readonly IndexElement[]): Doc {
  return array(elements.map((el) => (typeof el === 'string' ? stringDoc(el) : object([property('expression', stringDoc(el.expression))]))));
}

/** The options of an index (`unique`, `where`, `method`) that differ from the defaults. */
export function indexOptionFields(index: Index): Doc[] {
  const fields: Doc[] = [];
  if (index.unique) fields.push(property('unique', text('true')));
  if (index.where) fields.push(property('where', stringDoc(index.where)));
  if (index.method) fields.push(property('method', stringDoc(index.method)));
  return fields;
}

/** `{ schema: 'x' }` when a schema is set. */
export function schemaFields(schema: string | null | undefined): Doc[] {
  return schema ? [property('schema', stringDoc(schema))] : [];
}

/** The arguments of `op.createTable(name, columns, options?)`. */
export function createTableArgs(table: Table): Doc[] {
  const names = table.columns.map((c) => c.name);
  if (new Set(names).size !== names.length) {
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    throw new UserError(`Table ${table.name} has two columns named ${twice}`);
  }
  const pk = table.primaryKey && table.primaryKey.columns.length > 0 ? table.primaryKey : null;
  // `primaryKey: true` on the columns only reads back as the same key when it is unnamed and in column order
  const inlinePk = pk !== null && !pk.name && sameOrder(pk.columns, names);
  const columns = object(
    table.columns.map((c) => {
      const column = columnDoc(c, inlinePk && pk.columns.includes(c.name));
      return property(propertyKey(c.name), OBJECT_MEMBERS.has(c.name) ? suffixed(column, ' as const') : column);
    }),
    true,
  );

  const options: Doc[] = [];
  if (typeof table.comment === 'string') options.push(property('comment', stringDoc(table.comment)));
  if (pk && !inlinePk) {
    options.push(
      property('primaryKey', pk.name ? object([property('name', stringDoc(pk.name)), property('columns', namesDoc(pk.columns))]) : namesDoc(pk.columns)),
    );
  }
  if (table.foreignKeys.length > 0) {
    options.push(property('foreignKeys', array(table.foreignKeys.map((fk) => object(foreignKeyFields(fk, true))))));
  }
  if (table.uniques.length > 0) {
    const uniques = table.uniques.map((u) =>
      u.name ? object([property('name', stringDoc(u.name)), property('columns', namesDoc(u.columns))]) : namesDoc(u.columns),
    );
    options.push(property('uniques', array(uniques)));
  }
  if (table.checks.length > 0) {
    const checks = table.checks.map((c) =>
      c.name ? object([property('name', stringDoc(c.name)), property('expression', stringDoc(c.expression))]) : stringDoc(c.expression),
    );
    options.push(property('checks', array(checks)));
  }
  if (table.indexes.length > 0) {
    const indexes = table.indexes.map((ix) =>
      object([property('name', stringDoc(ix.name)), property('columns', indexElementsDoc(ix.columns)), ...indexOptionFields(ix)]),
    );
    options.push(property('indexes', array(indexes)));
  }
  options.push(...schemaFields(table.schema));
  return [stringDoc(table.name), columns, ...(options.length > 0 ? [object(options)] : [])];
}

/**
 * Keys TypeScript resolves against `Object`'s own members before a `Record`'s index signature: their
 * values lose the contextual type, so `type: 'integer'` widens to `string` and fails to compile
 * unless the column is written `as const`.
 */
const OBJECT_MEMBERS = new Set(['constructor', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable']);

/** True when `subset` lists its names in the order they have in `all`. */
function sameOrder(subset: readonly string[], all: readonly string[]): boolean {
  const positions = subset.map((name) => all.indexOf(name));
  return positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!));
}

/**
 * Column names a JavaScript object literal would reorder: integer-like keys ('0', '2024') always
 * come first, so `op.createTable` cannot keep such a table's column order. Empty when the order holds.
 */
export function reorderedColumns(table: Table): string[] {
  const probe: Record<string, true> = Object.create(null) as Record<string, true>;
  for (const column of table.columns) probe[column.name] = true;
  const order = Object.keys(probe);
  return order.some((name, i) => name !== table.columns[i]?.name) ? order.filter((name) => /^(0|[1-9]\d*)$/.test(name)) : [];
}
