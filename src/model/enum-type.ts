import { UserError } from '../util/errors.js';
import { ColumnBuilder, columnOf } from './column-builder.js';

/** Recognizes an enum type across copies of this package (the CLI's and the user's). */
export const ENUM_TYPE_BRAND: unique symbol = Symbol.for('orm.enumType') as never;

export interface EnumTypeOptions {
  /** PostgreSQL schema of the type; default: the metadata's `schema`, else the default one. */
  readonly schema?: string;
  /**
   * Values renamed since the database was last migrated, new label -> old label
   * (`{ shipped: 'sent' }`): autogenerate renames them in place (rows keep their value, renamed)
   * instead of removing the old label and adding the new one. Remove the entry once migrated.
   */
  readonly renamedFrom?: Readonly<Record<string, string>>;
}

/**
 * A named enum type of the models, shared by the columns made with `.column()`:
 *
 * ```ts
 * export const orderStatus = enumType('order_status', ['pending', 'paid', 'shipped']);
 * export const orders = defineTable('orders', {
 *   id: integer().primaryKey(),
 *   status: orderStatus.column().notNull().default('pending'), // typed 'pending' | 'paid' | 'shipped'
 * });
 * ```
 *
 * PostgreSQL gets `CREATE TYPE order_status AS ENUM (...)`; SQLite a TEXT column with
 * `CHECK (status IN (...))`.
 */
export interface EnumTypeDefinition<V extends string = string> {
  readonly [ENUM_TYPE_BRAND]: true;
  readonly kind: 'enumType';
  readonly name: string;
  readonly schema: string | null;
  /** The labels, in their sort order. */
  readonly values: readonly V[];
  readonly renamedFrom: Readonly<Record<string, string>> | null;
  /** A column of this type (nullable until `.notNull()`), typed as the union of the values. */
  column(): ColumnBuilder<V, false, false, 'enum'>;
}

/** Any enum type, whatever its values. */
export type AnyEnumType = EnumTypeDefinition<string>;

/** Defines an enum type: `enumType('order_status', ['pending', 'paid', 'shipped'])`. */
export function enumType<const V extends string>(name: string, values: readonly V[], options: EnumTypeOptions = {}): EnumTypeDefinition<V> {
  if (typeof name !== 'string' || name.trim() === '') throw new UserError('enumType() needs a name, e.g. enumType(\'order_status\', [...])');
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
    throw new UserError(`enumType(${JSON.stringify(name)}) needs its values as an array of strings`, { hint: "e.g. ['pending', 'paid', 'shipped']" });
  }
  const twice = values.find((v, i) => values.indexOf(v) !== i);
  if (twice !== undefined) throw new UserError(`enumType(${JSON.stringify(name)}) lists the value ${JSON.stringify(twice)} twice`);
  if (options.schema !== undefined && (typeof options.schema !== 'string' || options.schema === '')) {
    throw new UserError(`enumType(${JSON.stringify(name)}): schema must be a non-empty string`);
  }
  const renamedFrom = options.renamedFrom ?? null;
  if (renamedFrom !== null) {
    for (const [to, from] of Object.entries(renamedFrom)) {
      if (!values.includes(to as V)) {
        throw new UserError(`enumType(${JSON.stringify(name)}): renamedFrom names ${JSON.stringify(to)}, which is not one of its values`, {
          hint: 'write renamedFrom: { newValue: \'oldValue\' }',
        });
      }
      if (typeof from !== 'string' || values.includes(from as V)) {
        throw new UserError(`enumType(${JSON.stringify(name)}): ${JSON.stringify(to)} is renamed from ${JSON.stringify(from)}, which must be an old value no longer listed`);
      }
    }
  }
  const schema = options.schema ?? null;
  const frozen = Object.freeze([...values]);
  const definition: EnumTypeDefinition<V> = Object.freeze({
    [ENUM_TYPE_BRAND]: true as const,
    kind: 'enumType' as const,
    name,
    schema,
    values: frozen,
    renamedFrom: renamedFrom === null ? null : Object.freeze({ ...renamedFrom }),
    column: () => enumColumn(definition),
  });
  return definition;
}

/** A column of an enum type (the same as `type.column()`). */
export function enumColumn<V extends string>(type: EnumTypeDefinition<V>): ColumnBuilder<V, false, false, 'enum'> {
  if (!isEnumType(type)) throw new UserError(`enumColumn() needs a type made by enumType(...), not ${String(type)}`);
  const builder = columnOf<V, 'enum'>({ kind: 'enum', name: type.name, ...(type.schema !== null && { schema: type.schema }), values: type.values });
  // The definition travels with the column, for what the IR does not hold (`renamedFrom`).
  return new ColumnBuilder<V, false, false, 'enum'>({ ...builder.state, enumType: type });
}

/** True for what `enumType` returns (also when made by another copy of this package). */
export function isEnumType(value: unknown): value is AnyEnumType {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ENUM_TYPE_BRAND] === true;
}
