/** The revision graph (pure) and the revision directory (reading headers, writing files). */
export { parseRevisionHeader, type RevisionHeader } from './revision-header.js';
export { RevisionGraph, listIds, type RevisionNode, type WalkOptions } from './revision-graph.js';
export { MAX_REVISION_ID_LENGTH, assertValidName, describeRevision } from './validate-revisions.js';
export {
  lineageOf,
  parseTarget,
  resolveDowngradeTarget,
  resolveRevisionSet,
  resolveUpgradeTarget,
  type DowngradeTarget,
  type Lineage,
  type TargetSpec,
} from './target-resolver.js';
export { walkRevisions, type Walked } from './walk-revisions.js';
export {
  appliedRevisions,
  checkCurrentHeads,
  planDowngrade,
  planSteps,
  planUpgrade,
  type MigrationPlan,
  type MigrationStep,
} from './migration-plan.js';
export {
  applyVersionChange,
  versionChangeFor,
  versionRowOps,
  type Direction,
  type StepRef,
  type VersionChange,
  type VersionRowOp,
} from './version-change.js';
export {
  newRevisionId,
  readRevisionDirectory,
  readRevisionTemplate,
  writeRevisionFile,
  type ReadRevisionDirectoryOptions,
  type WriteRevisionFileOptions,
} from './revision-directory.js';
export { formatCreateDate, renderRevisionTemplate, revisionSlug, tsLiteral, type RevisionTemplateValues } from './revision-template.js';
