import type { Operations } from '../ops/operations.js';
import { errorMessage } from '../util/errors.js';
import type { LintCode } from './lint-codes.js';
import type { LintDialect, LintFinding } from './lint-rule.js';
import { lintOps, toFinding } from './lint-ops.js';
import { recordUpgrade } from './record-upgrade.js';
import type { SchemaState } from './schema-state.js';

export interface LintRevisionOptions {
  readonly revision: string;
  readonly dialect: LintDialect;
  /** The schema before the revision, as far as known. */
  readonly schema: SchemaState;
  readonly ignore?: ReadonlySet<LintCode>;
}

export interface RevisionLint {
  /** How many ops were recorded. */
  readonly operations: number;
  readonly findings: LintFinding[];
  /** The schema after the recorded ops. */
  readonly schema: SchemaState;
}

/**
 * Lints one loaded revision module: records its upgrade's ops (no database), runs the rules over
 * them, and reports what could not be checked (LT101 `op.db` use, LT102 a failure).
 */
export async function lintRevisionModule(mod: Record<string, unknown>, options: LintRevisionOptions): Promise<RevisionLint> {
  const { revision, ignore } = options;
  const upgrade = mod.upgrade;
  if (typeof upgrade !== 'function') {
    const found = toFinding({ code: 'LT102', message: 'the revision exports no upgrade function', hint: 'add: export async function upgrade(op: Operations) { ... }' }, revision, null, ignore);
    return { operations: 0, findings: [found], schema: options.schema };
  }
  const recorded = await recordUpgrade(upgrade as (op: Operations) => unknown, options.dialect.name);
  const linted = lintOps(recorded.ops, { dialect: options.dialect, schema: options.schema, revision, ...(ignore && { ignore }) });
  const findings = [...linted.findings];
  if (recorded.readsData) {
    const after = recorded.ops.length === 0 ? 'none of its ops were' : `only the ${recorded.ops.length} op(s) before that were`;
    findings.push(toFinding({ code: 'LT101', message: `the upgrade reads data through op.db; ${after} checked` }, revision, null, ignore));
  }
  if (recorded.failure !== null) {
    findings.push(toFinding({ code: 'LT102', message: `the upgrade failed after ${recorded.ops.length} op(s): ${errorMessage(recorded.failure)}` }, revision, null, ignore));
  }
  return { operations: recorded.ops.length, findings, schema: linted.schema };
}
