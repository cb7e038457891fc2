/**
 * The model DSL: what a models module imports from `orm` to describe the tables autogenerate
 * compares with the database.
 */
export { sql, isSqlExpression, type SqlExpression } from './sql-expression.js';
export {
  ColumnBuilder,
  type AnyColumnBuilder,
  type ColumnState,
  type ColumnTypes,
  type DefaultValue,
  type ForeignKeyActionInput,
  type IntegerKind,
  type ReferenceOptions,
  type ReferenceTarget,
} from './column-builder.js';
export {
  bigint,
  blob,
  boolean,
  date,
  double,
  integer,
  json,
  numeric,
  raw,
  real,
  smallint,
  text,
  time,
  timestamp,
  timestamptz,
  uuid,
  varchar,
  type JsonValue,
} from './column-types.js';
export type { AnyColumnRef, ColumnRef, TableIdentity } from './column-ref.js';
export { enumColumn, enumType, isEnumType, type AnyEnumType, type EnumTypeDefinition, type EnumTypeOptions } from './enum-type.js';
export { index, IndexBuilder, type IndexElementInput, type IndexState } from './index-builder.js';
export {
  defineTable,
  isTable,
  type AnyTable,
  type ColumnMap,
  type ColumnRefs,
  type ColumnSpec,
  type ForeignKeyTarget,
  type TableDefinition,
  type TableForeignKey,
  type TableOptions as ModelTableOptions,
} from './define-table.js';
export {
  defineMetadata,
  isMetadata,
  type Metadata,
  type MetadataInput,
  type TableCollection,
} from './define-metadata.js';
export {
  DEFAULT_NAMING_CONVENTION,
  conventionName,
  resolveNamingConvention,
  truncateIdentifier,
  type NamingContext,
  type NamingConvention,
  type NamingConventionInput,
  type NamingKey,
  type NamingTemplate,
} from './naming-convention.js';
export { toTable, type ToTableOptions } from './to-table.js';
export type {
  DeclaredColumnData,
  DeclaredValueTypes,
  InferColumn,
  InferDatabase,
  InferInsertable,
  InferSelectable,
  InferTable,
  InferUpdateable,
  KindValueTypes,
  PostgresJsonInput,
  PostgresValueTypes,
  SqliteValueTypes,
  TableKey,
  TypeProfile,
  ValueTypeMap,
} from './infer-database.js';
export { toSchema } from './to-schema.js';
