import { toForeignKeyAction } from '../ops/column-input.js';
import type { CheckConstraint, Column, ForeignKey, Index, IndexElement, PrimaryKey, Table } from '../schema/schema.js';
import { UserError } from '../util/errors.js';
import { shortHash } from '../util/short-hash.js';
import type { ColumnState, ForeignKeyActionInput, IntegerKind, ReferenceTarget } from './column-builder.js';
import { isColumnRef, parseReferenceString, resolveRefs, type ResolvedReference } from './column-ref.js';
import { isTable, type AnyTable, type ColumnSpec, type ForeignKeyTarget } from './define-table.js';
import { isIndexBuilder, type IndexBuilder } from './index-builder.js';
import {
  conventionName,
  DEFAULT_NAMING_CONVENTION,
  expressionLabel,
  type NamingContext,
  type NamingConvention,
} from './naming-convention.js';
import { expressionText, isSqlExpression } from './sql-expression.js';

export interface ToTableOptions {
  /** Names unnamed constraints and indexes; the default convention when omitted. */
  readonly namingConvention?: NamingConvention;
  /** The schema of tables (and references) that name none: `defineMetadata({ schema })`. */
  readonly defaultSchema?: string | null;
}

const INTEGER_KINDS: readonly string[] = ['integer', 'bigint', 'smallint'] satisfies IntegerKind[];

/** One table being converted, with the helpers every part of it needs. */
interface Scope {
  readonly table: AnyTable;
  /** The table's columns, read once: [name, state]. */
  readonly entries: ReadonlyArray<readonly [string, ColumnState]>;
  readonly defaultSchema: string | null;
  /** A given name (`null`: unnamed), or the convention's. */
  name(given: string | null | undefined, context: NamingContext): string | null;
  /** The name of a column named in the options, checked to be one of this table's. */
  column(spec: ColumnSpec, what: string): string;
  columns(specs: readonly ColumnSpec[] | undefined, what: string): string[];
}

/**
 * The schema IR of one table, every constraint and index named by the naming convention
 * (explicit names win; `name: null` stays unnamed). References are resolved to names but not
 * checked against other tables: `toSchema` does that.
 * @example toTable(users) // { name: 'users', columns: [...], primaryKey: { name: 'pk_users', ... }, ... }
 */
export function toTable(table: AnyTable, options: ToTableOptions = {}): Table {
  if (!isTable(table)) throw new UserError(`toTable() needs a table made by defineTable, not ${String(table)}`);
  if (Object.keys(table.columns).length === 0) {
    throw new UserError(`Table ${table.name} has no columns`, { hint: 'a table needs at least one column' });
  }
  const naming = options.namingConvention ?? DEFAULT_NAMING_CONVENTION;
  const scope: Scope = {
    table,
    entries: Object.entries(table.columns).map(([key, ref]) => [key, ref.builder.state] as const),
    defaultSchema: options.defaultSchema ?? null,
    name: (given, context) => (given !== undefined ? given : conventionName(naming, context)),
    column: (spec, what) => columnName(table, spec, what),
    columns: (specs, what) => {
      if (!Array.isArray(specs) || specs.length === 0) throw new UserError(`${what} of table ${table.name} names no columns`);
      return specs.map((s) => columnName(table, s, what));
    },
  };
  const primaryKey = toPrimaryKey(scope);
  return {
    name: table.name,
    schema: table.schema ?? scope.defaultSchema,
    columns: scope.entries.map(([key, state]) => toColumn(scope, key, state, primaryKey)),
    primaryKey,
    foreignKeys: toForeignKeys(scope),
    uniques: toUniques(scope),
    checks: (table.options.checks ?? []).map((c) => toCheck(scope, c)),
    indexes: (table.options.indexes ?? []).map((ix) => toIndex(scope, ix)),
    comment: table.options.comment ?? null,
    ...(renamedFrom(table.options.renamedFrom, `Table ${table.name}`) !== undefined && { renamedFrom: table.options.renamedFrom! }),
  };
}

/** A `renamedFrom` hint, checked: a non-empty string, or undefined. */
function renamedFrom(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new UserError(`${where}: renamedFrom must be the previous name, not ${JSON.stringify(value)}`);
  return value;
}

function columnName(table: AnyTable, spec: ColumnSpec, what: string): string {
  if (isColumnRef(spec)) {
    if (!Object.hasOwn(table.columns, spec.name) || table.columns[spec.name] !== spec) {
      throw new UserError(`${what} of table ${table.name} names column ${spec.table.name}.${spec.name} of another table`);
    }
    return spec.name;
  }
  if (typeof spec !== 'string' || !Object.hasOwn(table.columns, spec)) {
    throw new UserError(`${what} of table ${table.name} names column ${String(spec)}, which the table does not have`, {
      hint: `its columns: ${Object.keys(table.columns).join(', ')}`,
    });
  }
  return spec;
}

/** Columns marked `.primaryKey()`, or the table's `primaryKey` option (not both). */
function toPrimaryKey(scope: Scope): PrimaryKey | null {
  const { table } = scope;
  const inline = scope.entries.filter(([, state]) => state.primaryKey).map(([key]) => key);
  const option = table.options.primaryKey;
  if (option !== undefined && inline.length > 0) {
    throw new UserError(`Table ${table.name} declares its primary key twice (.primaryKey() on ${inline.join(', ')} and the option)`, {
      hint: 'keep one: .primaryKey() on the columns, or primaryKey: [t.a, t.b] on the table',
    });
  }
  const spec: { name?: string | null; columns: readonly ColumnSpec[] } | null = Array.isArray(option)
    ? { columns: option }
    : ((option as { name?: string | null; columns: readonly ColumnSpec[] } | undefined) ?? null);
  const columns = spec ? scope.columns(spec.columns, 'The primary key') : inline;
  if (columns.length === 0) return null;
  return { name: scope.name(spec?.name, { kind: 'pk', table: table.name, columns }), columns };
}

function toColumn(scope: Scope, key: string, s: ColumnState, pk: PrimaryKey | null): Column {
  const inPk = pk?.columns.includes(key) ?? false;
  const where = () => `Column ${scope.table.name}.${key}`;
  if (s.autoincrement && !INTEGER_KINDS.includes(s.type.kind)) {
    throw new UserError(`${where()}: autoincrement needs an integer, bigint or smallint column, not ${s.type.kind}`);
  }
  if (s.autoincrement && !inPk) {
    throw new UserError(`${where()}: autoincrement is only allowed on a primary-key column`, { hint: 'add .primaryKey()' });
  }
  // Primary-key columns are NOT NULL unless said otherwise (SQLite allows a nullable one).
  const nullable = s.nullable ?? !inPk;
  // An enum type naming no schema lives in the metadata's, like a table.
  const type = s.type.kind === 'enum' && !s.type.schema && scope.defaultSchema ? { ...s.type, schema: scope.defaultSchema } : s.type;
  return {
    name: key, type, nullable, default: s.default, autoincrement: s.autoincrement, comment: s.comment,
    ...(renamedFrom(s.renamedFrom, where()) !== undefined && { renamedFrom: s.renamedFrom! }),
  };
}

/** Column-level uniques first (in column order), then the `uniques` option. */
function toUniques(scope: Scope): Table['uniques'] {
  const { table } = scope;
  const specs = [
    ...scope.entries.filter(([, state]) => state.unique).map(([key, state]) => ({ name: state.unique!.name, columns: [key] })),
    ...(table.options.uniques ?? []).map((u) => ({
      name: u.name,
      columns: scope.columns(u.columns, u.name ? `Unique constraint ${u.name}` : 'Unique constraint'),
    })),
  ];
  return specs.map((u) => ({ name: scope.name(u.name, { kind: 'uq', table: table.name, columns: u.columns }), columns: u.columns }));
}

/** Column-level references first (in column order), then the `foreignKeys` option. */
function toForeignKeys(scope: Scope): ForeignKey[] {
  const { table } = scope;
  const specs = [
    ...scope.entries
      .filter(([, state]) => state.references)
      .map(([key, state]) => {
        const { target, options } = state.references!;
        return { ...options, columns: [key], target: columnTarget(target, `Column ${table.name}.${key}`) };
      }),
    ...(table.options.foreignKeys ?? []).map((fk) => {
      const what = `Foreign key ${fk.name ?? `on (${(fk.columns ?? []).map(String).join(', ')})`}`;
      const columns = scope.columns(fk.columns, what);
      return { ...fk, columns, target: tableTarget(fk.references, `${what} of table ${table.name}`) };
    }),
  ];
  return specs.map((fk): ForeignKey => {
    const what = `Foreign key on ${table.name} (${fk.columns.join(', ')})`;
    const { table: refTable, schema: refSchema, columns: refColumns } = fk.target;
    if (fk.columns.length !== refColumns.length) {
      throw new UserError(`${what} has ${fk.columns.length} column(s) but references ${refColumns.length}`);
    }
    const context: NamingContext = {
      kind: 'fk', table: table.name, columns: fk.columns, referredTable: refTable, referredColumns: refColumns,
    };
    return {
      name: scope.name(fk.name, context),
      columns: fk.columns,
      refTable,
      refSchema: refSchema ?? scope.defaultSchema,
      refColumns: [...refColumns],
      onDelete: action(fk.onDelete, what),
      onUpdate: action(fk.onUpdate, what),
      deferrable: fk.deferrable ?? false,
      initiallyDeferred: fk.initiallyDeferred ?? false,
    };
  });
}

function toCheck(scope: Scope, c: NonNullable<AnyTable['options']['checks']>[number]): CheckConstraint {
  const table = scope.table.name;
  const given = !!c && (typeof c.expression === 'string' || isSqlExpression(c.expression));
  const valid = given && expressionText(c.expression).trim() !== '';
  if (!valid) throw new UserError(`Check constraint ${c?.name ? `${c.name} ` : ''}of table ${table} has no expression`);
  const expression = expressionText(c.expression);
  return { name: scope.name(c.name, { kind: 'ck', table, columns: [], constraintName: shortHash(expression) }), expression };
}

function toIndex(scope: Scope, ix: IndexBuilder): Index {
  const table = scope.table.name;
  if (!isIndexBuilder(ix)) throw new UserError(`Table ${table}: indexes must be made with index(), not ${String(ix)}`);
  const s = ix.state;
  const what = s.name === undefined ? 'An index' : `Index ${s.name}`;
  if (s.elements.length === 0) throw new UserError(`${what} of table ${table} has no columns`, { hint: 'add .on(t.column)' });
  const elements = s.elements.map((e): IndexElement => (isSqlExpression(e) ? { expression: e.sql } : scope.column(e, what)));
  const labels = elements.map((e) => (typeof e === 'string' ? e : expressionLabel(e.expression)));
  const name = scope.name(s.name, { kind: 'ix', table, columns: labels });
  if (name === null) {
    throw new UserError(`An index of table ${table} on (${labels.join(', ')}) has no name`, {
      hint: "name it, index('ix_...'), or set an ix naming convention",
    });
  }
  // btree is every database's default method: the IR writes it as null (as introspection reads it).
  const method = s.method === null || s.method.toLowerCase() === 'btree' ? null : s.method;
  return { name, columns: elements, unique: s.unique, where: s.where === null ? null : expressionText(s.where), method };
}

/** NO ACTION is every database's default: the IR writes it as null (as introspection reads it). */
function action(value: ForeignKeyActionInput | undefined, where: string) {
  const parsed = toForeignKeyAction(value, where);
  return parsed === 'NO ACTION' ? null : parsed;
}

function columnTarget(target: ReferenceTarget, where: string): ResolvedReference {
  if (typeof target === 'string') return parseReferenceString(target, where);
  return resolveRefs([typeof target === 'function' ? target() : target], where);
}

function tableTarget(target: ForeignKeyTarget, where: string): ResolvedReference {
  if (typeof target === 'function') {
    const value = target();
    return resolveRefs(Array.isArray(value) ? value : [value], where);
  }
  if (!target || typeof target !== 'object' || !Array.isArray(target.columns) || target.columns.length === 0) {
    throw new UserError(`${where} needs references: () => [table.columns.x] or { table, columns }`);
  }
  const table = isTable(target.table) ? target.table.name : target.table;
  if (typeof table !== 'string' || table === '') throw new UserError(`${where} references no table`);
  const schema = target.schema ?? (isTable(target.table) ? target.table.schema : null);
  return { table, schema, columns: [...target.columns] };
}
