/** Lint: rules over the op IR with stable codes (see lint-codes.ts and the README's "Lint"). */
export { LINT_CODES, lintCodes, isLintCode, type LintCode, type LintCodeInfo, type LintSeverity } from './lint-codes.js';
export { lintDialect, type LintDialect, type LintFinding, type LintRule, type OpContext, type RuleFinding } from './lint-rule.js';
export { LINT_RULES, lintOps, type LintOpsOptions, type LintOpsResult } from './lint-ops.js';
export { lintRevisionModule, type RevisionLint } from './lint-revision.js';
export { recordUpgrade, type RecordedUpgrade } from './record-upgrade.js';
export { SchemaState } from './schema-state.js';
export { readSuppressions } from './suppressions.js';
export { classifyTypeChange, type TypeChange } from './classify-type-change.js';
