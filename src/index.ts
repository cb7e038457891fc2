/**
 * The public API of `orm`: what config files and revision files import. Kept free of runtime
 * imports of drivers so that loading a config stays cheap.
 */
export { defineConfig } from './config/config.js';
export type { OrmConfig, OrmConfigExport } from './config/config.js';
export type { Operations, AddEnumValueOptions, AlterColumnChanges, CreateIndexOptions, SchemaOption } from './ops/operations.js';
export type { ColumnInput, DefaultInput, ForeignKeyInput, IndexInput, TableOptions } from './ops/column-input.js';
export type { ColumnType, ColumnTypeInput, ColumnTypeName, EnumColumnType } from './schema/column-type.js';
export type {
  CheckConstraint,
  Column,
  EnumType,
  ForeignKey,
  ForeignKeyAction,
  Index,
  IndexElement,
  PrimaryKey,
  Schema,
  ServerDefault,
  Table,
  UniqueConstraint,
} from './schema/schema.js';
export type { Op, OpKind } from './ops/ops.js';
export { UserError } from './util/errors.js';
// The model DSL (models modules): column types, defineTable, index, sql, defineMetadata, toSchema.
export * from './model/index.js';
export { loadModels, loadMetadata } from './model/load-models.js';
export { renderModels, type RenderModelsOptions } from './render/render-models.js';
