import { conventionName, expressionLabel, type NamingContext, type NamingConvention } from '../model/naming-convention.js';
import type { ColumnType, EnumColumnType } from '../schema/column-type.js';
import type { Column, ForeignKey, ForeignKeyAction, Index, Table } from '../schema/schema.js';
import { shortHash } from '../util/short-hash.js';
import {
  defaultLiteral,
  flat,
  layout,
  member,
  propertyKey,
  quoteString,
  sqlLiteral,
  WIDTH,
  type SourceNode,
} from './model-source.js';

/** What rendering one table needs from the module around it. */
export interface TableRenderContext {
  readonly convention: NamingConvention;
  /** The variable of a referenced table that a thunk may name, or null (not in the module, or in a cycle). */
  readonly thunkTarget: (refTable: string, refSchema: string | null) => string | null;
  /** Records a name the module must import. */
  readonly use: (name: string) => void;
  /** The variable of the enum type a column names (`orderStatus`), declared by the module. */
  readonly enumVariable?: (type: EnumColumnType) => string | null;
}

type Entry = readonly [string, SourceNode];

/** One table being written: its IR, the module's context, and where each key goes. */
interface Scope {
  readonly table: Table;
  readonly ctx: TableRenderContext;
  /** The single-column primary key said by `.primaryKey()` on its column. */
  readonly inlinePk: string | null;
  /** Uniques and foreign keys said on their column, by column name. */
  readonly inlineUniques: ReadonlyMap<string, Table['uniques'][number]>;
  readonly inlineFks: ReadonlyMap<string, ForeignKey>;
}

/**
 * One `export const x = defineTable(...)` of a pulled schema. Single-column keys go on their
 * column (`.primaryKey()`, `.unique()`, `.references(...)`) where that keeps the IR's order of
 * constraints (column-level ones come first, in column order); names are written only where
 * the convention would give another.
 */
export function renderModelTable(table: Table, variable: string, ctx: TableRenderContext): string {
  const scope = plan(table, ctx);
  const options = tableOptions(scope);
  ctx.use('defineTable');
  const open = `export const ${variable} = defineTable(${quoteString(table.name)}, {`;
  const columns = table.columns.map((c) => columnSource(scope, c)).join('\n');
  if (options.length === 0) return `${open}\n${columns}\n});\n`;
  const usesT = options.some(([key]) => ['primaryKey', 'uniques', 'foreignKeys', 'indexes'].includes(key));
  const body = options.map(([k, v]) => `  ${k}: ${layout(v, 2, 4 + k.length)},`).join('\n');
  return `${open}\n${columns}\n}, ${usesT ? '(t) => ({' : '{'}\n${body}\n}${usesT ? ')' : ''});\n`;
}

function plan(table: Table, ctx: TableRenderContext): Scope {
  const position = new Map(table.columns.map((c, i) => [c.name, i]));
  // The longest prefix of `items` that column modifiers can say in the same order.
  const inlinePrefix = <T extends { readonly columns: readonly string[] }>(items: readonly T[], ok: (item: T) => boolean) => {
    const chosen = new Map<string, T>();
    let last = -1;
    for (const item of items) {
      const at = item.columns.length === 1 ? (position.get(item.columns[0]!) ?? -1) : -1;
      if (at <= last || !ok(item)) break;
      chosen.set(item.columns[0]!, item);
      last = at;
    }
    return chosen;
  };
  const pk = table.primaryKey;
  const pkInline = pk && pk.columns.length === 1 && !differs({ ctx }, pk.name, pkContext(table));
  // A string reference cannot hold names with dots: such a key goes on the table.
  const sayable = (fk: ForeignKey) =>
    thunkOf({ ctx }, fk) !== null || [fk.refTable, fk.refSchema ?? '', ...fk.refColumns].every((n) => !n.includes('.'));
  return {
    table,
    ctx,
    inlinePk: pkInline ? pk.columns[0]! : null,
    inlineUniques: inlinePrefix(table.uniques, () => true),
    inlineFks: inlinePrefix(table.foreignKeys, sayable),
  };
}

const pkContext = (t: Table): NamingContext => ({ kind: 'pk', table: t.name, columns: t.primaryKey?.columns ?? [] });
const uqContext = (t: Table, columns: readonly string[]): NamingContext => ({ kind: 'uq', table: t.name, columns });
const fkContext = (t: Table, fk: ForeignKey): NamingContext => ({
  kind: 'fk', table: t.name, columns: fk.columns, referredTable: fk.refTable, referredColumns: fk.refColumns,
});
const ckContext = (t: Table, expression: string): NamingContext => ({
  kind: 'ck', table: t.name, columns: [], constraintName: shortHash(expression),
});

/** True when the convention would not give `name` (null included: "unnamed" must be said). */
const differs = (scope: Pick<Scope, 'ctx'>, name: string | null | undefined, context: NamingContext) =>
  (name ?? null) !== conventionName(scope.ctx.convention, context);

const nameLiteral = (name: string | null | undefined) => (name == null ? 'null' : quoteString(name));

/** `[['name', ...]]` when the name must be written, else nothing. */
const nameEntry = (scope: Scope, name: string | null | undefined, context: NamingContext): Entry[] =>
  differs(scope, name, context) ? [['name', nameLiteral(name)]] : [];

const thunkOf = (scope: Pick<Scope, 'ctx'>, fk: ForeignKey) => scope.ctx.thunkTarget(fk.refTable, fk.refSchema ?? null);
const tcols = (names: readonly string[]): SourceNode => ({ array: names.map((n) => member('t', n)) });
const actionEntry = (key: string, value: ForeignKeyAction | null | undefined): Entry[] =>
  value ? [[key, quoteString(value.toLowerCase())]] : [];

/** A foreign key's options after its target: name, actions, deferral. */
function fkOptions(scope: Scope, fk: ForeignKey): Entry[] {
  return [
    ...nameEntry(scope, fk.name, fkContext(scope.table, fk)),
    ...actionEntry('onDelete', fk.onDelete),
    ...actionEntry('onUpdate', fk.onUpdate),
    ...(fk.deferrable ? [['deferrable', 'true'] as const] : []),
    ...(fk.initiallyDeferred ? [['initiallyDeferred', 'true'] as const] : []),
  ];
}

const SERIAL_TYPES: Readonly<Partial<Record<ColumnType['kind'], string>>> = {
  integer: 'serial',
  bigint: 'bigserial',
  smallint: 'smallserial',
};

/** The call that makes a column of `type`: `varchar(255)`, `numeric(10, 2)`, `raw('tsvector')`. */
function typeCall(type: ColumnType, use: (name: string) => void, enumVariable?: (type: EnumColumnType) => string | null): string {
  if (type.kind === 'enum') {
    const variable = enumVariable?.(type);
    if (!variable) throw new Error(`internal: no variable for the enum type ${type.name}`);
    return `${variable}.column()`;
  }
  const fn = type.kind === 'timestamp' ? (type.withTimeZone ? 'timestamptz' : 'timestamp') : type.kind;
  use(fn);
  switch (type.kind) {
    case 'varchar':
      return type.length === undefined ? 'varchar()' : `varchar(${type.length})`;
    case 'numeric':
      return `numeric(${type.scale !== undefined ? `${type.precision}, ${type.scale}` : (type.precision ?? '')})`;
    case 'raw':
      return `raw(${quoteString(type.sql)})`;
    default:
      return `${fn}()`;
  }
}

/** `  email: varchar(255).notNull().unique(),` (the chain broken over lines when too long). */
function columnSource(scope: Scope, column: Column): string {
  const { table, ctx } = scope;
  const inPk = table.primaryKey?.columns.includes(column.name) ?? false;
  // `.autoincrement()` belongs to key columns; a PostgreSQL serial or identity column outside
  // the key is said with its serial type, which PostgreSQL (and the differ) read as autoincrement.
  const serial = column.autoincrement && !inPk ? SERIAL_TYPES[column.type.kind] : undefined;
  const parts = [typeCall(serial ? { kind: 'raw', sql: serial } : column.type, ctx.use, ctx.enumVariable)];
  if (scope.inlinePk === column.name) parts.push('.primaryKey()');
  if (!column.nullable && !inPk) parts.push('.notNull()');
  if (column.nullable && inPk) parts.push('.nullable()');
  if (column.autoincrement && !serial) parts.push('.autoincrement()');
  if (column.default) {
    if (column.default.kind === 'sql') ctx.use('sql');
    parts.push(`.default(${defaultLiteral(column.default)})`);
  }
  const unique = scope.inlineUniques.get(column.name);
  if (unique) {
    const named = differs(scope, unique.name, uqContext(table, unique.columns));
    parts.push(`.unique(${named ? nameLiteral(unique.name) : ''})`);
  }
  const fk = scope.inlineFks.get(column.name);
  if (fk) {
    const thunk = thunkOf(scope, fk);
    const target = thunk
      ? `() => ${member(`${thunk}.columns`, fk.refColumns[0]!)}`
      : quoteString([fk.refSchema, fk.refTable, fk.refColumns[0]].filter((p) => p).join('.'));
    const options = fkOptions(scope, fk);
    parts.push(`.references(${target}${options.length > 0 ? `, ${flat({ object: options })}` : ''})`);
  }
  if (column.comment != null) parts.push(`.comment(${quoteString(column.comment)})`);
  const head = `  ${propertyKey(column.name)}: `;
  const line = `${head}${parts.join('')},`;
  if (line.length <= WIDTH || parts.length === 1) return line;
  return `${head}${parts[0]}\n${parts.slice(1).map((p) => `    ${p}`).join('\n')},`;
}

/** The table's options, in a fixed order: schema, comment, keys, indexes, checks. */
function tableOptions(scope: Scope): Entry[] {
  const { table, ctx } = scope;
  const out: Entry[] = [];
  if (table.schema) out.push(['schema', quoteString(table.schema)]);
  if (table.comment != null) out.push(['comment', quoteString(table.comment)]);
  const pk = table.primaryKey;
  if (pk && scope.inlinePk === null) {
    const named = nameEntry(scope, pk.name, pkContext(table));
    out.push(['primaryKey', named.length > 0 ? { object: [...named, ['columns', tcols(pk.columns)]] } : tcols(pk.columns)]);
  }
  const uniques = table.uniques.filter((u) => scope.inlineUniques.get(u.columns[0]!) !== u);
  if (uniques.length > 0) {
    const items = uniques.map((u) => ({
      object: [...nameEntry(scope, u.name, uqContext(table, u.columns)), ['columns', tcols(u.columns)] as const],
    }));
    out.push(['uniques', { array: items }]);
  }
  const fks = table.foreignKeys.filter((fk) => scope.inlineFks.get(fk.columns[0]!) !== fk);
  if (fks.length > 0) out.push(['foreignKeys', { array: fks.map((fk) => foreignKeyNode(scope, fk)) }]);
  if (table.indexes.length > 0) {
    ctx.use('index');
    out.push(['indexes', { array: table.indexes.map((ix) => indexChain(scope, ix)) }]);
  }
  if (table.checks.length > 0) {
    const items = table.checks.map((c) => ({
      object: [...nameEntry(scope, c.name, ckContext(table, c.expression)), ['expression', quoteString(c.expression)] as const],
    }));
    out.push(['checks', { array: items }]);
  }
  return out;
}

/** `index().on(t.a, sql\`lower(b)\`).unique().where('...').using('gin')`. */
function indexChain(scope: Scope, ix: Index): string {
  const { table, ctx } = scope;
  const labels = ix.columns.map((c) => (typeof c === 'string' ? c : expressionLabel(c.expression)));
  const named = differs(scope, ix.name, { kind: 'ix', table: table.name, columns: labels });
  const elements = ix.columns.map((c) => {
    if (typeof c === 'string') return member('t', c);
    ctx.use('sql');
    return sqlLiteral(c.expression);
  });
  return [
    `index(${named ? quoteString(ix.name) : ''}).on(${elements.join(', ')})`,
    ix.unique ? '.unique()' : '',
    ix.where != null ? `.where(${quoteString(ix.where)})` : '',
    ix.method != null ? `.using(${quoteString(ix.method)})` : '',
  ].join('');
}

/** `{ name?, columns: [t.a], references: () => users.columns.id, onDelete: 'cascade' }`. */
function foreignKeyNode(scope: Scope, fk: ForeignKey): SourceNode {
  const thunk = thunkOf(scope, fk);
  const refs = fk.refColumns.map((c) => member(`${thunk}.columns`, c));
  const references: SourceNode = thunk
    ? `() => ${refs.length === 1 ? refs[0] : `[${refs.join(', ')}]`}`
    : {
        object: [
          ['table', quoteString(fk.refTable)],
          ['columns', { array: fk.refColumns.map(quoteString) }],
          ...(fk.refSchema ? [['schema', quoteString(fk.refSchema)] as const] : []),
        ],
      };
  // The name, when written, leads; the actions follow the target.
  const options = fkOptions(scope, fk);
  const name = options.filter(([key]) => key === 'name');
  const rest = options.filter(([key]) => key !== 'name');
  return { object: [...name, ['columns', tcols(fk.columns)], ['references', references], ...rest] };
}
