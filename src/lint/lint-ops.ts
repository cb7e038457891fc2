import { describeOp, type Op } from '../ops/ops.js';
import { LINT_CODES, type LintCode } from './lint-codes.js';
import type { LintDialect, LintFinding, LintRule, OpContext, RuleFinding } from './lint-rule.js';
import { dropColumnRule, dropReferencedKeyRule, dropTableRule } from './rules/destructive.js';
import { enumValuesRule } from './rules/enum-values.js';
import { newConstraintRule } from './rules/new-constraint.js';
import { notNullRule } from './rules/not-null.js';
import { postgresLockRule } from './rules/postgres-locks.js';
import { renameRule } from './rules/renames.js';
import { sqliteRebuildRule } from './rules/sqlite-rebuild.js';
import { typeChangeRule } from './rules/type-change.js';
import { SchemaState } from './schema-state.js';

/** Every rule, in the order their findings are listed for one op. */
export const LINT_RULES: readonly LintRule[] = [
  dropTableRule,
  dropColumnRule,
  dropReferencedKeyRule,
  typeChangeRule,
  notNullRule,
  newConstraintRule,
  renameRule,
  enumValuesRule,
  postgresLockRule,
  sqliteRebuildRule,
];

export interface LintOpsOptions {
  readonly dialect: LintDialect;
  /** The schema before the first op, as far as known (default: nothing known). */
  readonly schema?: SchemaState;
  /** The revision the ops belong to, copied into each finding. */
  readonly revision?: string | null;
  /** Codes the revision file ignores (`// orm-lint-ignore CODE`): reported as suppressed. */
  readonly ignore?: ReadonlySet<LintCode>;
  /** The rules to run (default: all). */
  readonly rules?: readonly LintRule[];
}

export interface LintOpsResult {
  readonly findings: LintFinding[];
  /** The schema after the last op: the next revision starts from it. */
  readonly schema: SchemaState;
}

const tableKey = (name: string, schema?: string | null) => `${schema ?? ''}\u0000${name}`;

/** A rule's finding as reported: severity from the catalogue, the generic fix when it gave no hint. */
export function toFinding(found: RuleFinding, revision: string | null, operation: string | null, ignore?: ReadonlySet<LintCode>): LintFinding {
  const info = LINT_CODES[found.code];
  return {
    code: found.code,
    severity: info.severity,
    message: found.message,
    hint: found.hint ?? info.fix,
    revision,
    operation,
    suppressed: ignore?.has(found.code) ?? false,
  };
}

/**
 * Lints the ops of one revision in order. Each op is judged against the schema as the earlier
 * ops leave it, and knowing which tables this revision created (those hold no rows and no
 * deployed code uses them, so most rules stay quiet about them).
 */
export function lintOps(ops: readonly Op[], options: LintOpsOptions): LintOpsResult {
  const rules = options.rules ?? LINT_RULES;
  const revision = options.revision ?? null;
  const created = new Set<string>();
  const isNewTable = (name: string, schema?: string | null) =>
    created.has(tableKey(name, schema)) || (!schema && [...created].some((k) => k.endsWith(`\u0000${name}`)));
  let schema = options.schema ?? SchemaState.empty();
  const findings: LintFinding[] = [];
  ops.forEach((op, i) => {
    const ctx: OpContext = { dialect: options.dialect, schema, isNewTable, earlier: ops.slice(0, i) };
    for (const rule of rules) {
      for (const found of rule.check(op, ctx)) findings.push(toFinding(found, revision, describeOp(op), options.ignore));
    }
    if (op.kind === 'createTable') created.add(tableKey(op.table.name, op.table.schema));
    if (op.kind === 'renameTable' && isNewTable(op.table, op.schema)) {
      created.delete(tableKey(op.table, op.schema));
      created.add(tableKey(op.newName, op.schema));
    }
    if (op.kind === 'dropTable') created.delete(tableKey(op.table, op.schema));
    schema = schema.apply(op);
  });
  return { findings, schema };
}
