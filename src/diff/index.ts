/**
 * The differ: live schema vs target schema -> the operations of an upgrade (whose reverse is
 * the downgrade), with both sides normalized by the dialect's rules first.
 */
export { compareSchemas, diffSchemas, type SchemaDiff } from './compare-schemas.js';
export { describeRenameCandidate, parseRenameFlag, renameFlag, renameOf, type Rename, type RenameCandidate } from './renames.js';
export { compareDatabase, type DatabaseCompareOptions, type DatabaseComparison } from './compare-database.js';
export { describeChange, describeChanges } from './describe-changes.js';
export type {
  CompareOptions,
  CompareServerDefaultFn,
  CompareTypeFn,
  IncludeObject,
  ObjectPlace,
  ObjectType,
  SchemaObject,
} from './compare-options.js';
