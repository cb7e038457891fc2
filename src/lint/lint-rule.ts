import type { DialectName } from '../dialects/dialect.js';
import type { Op } from '../ops/ops.js';
import type { LintCode, LintSeverity } from './lint-codes.js';
import type { SchemaState } from './schema-state.js';

/**
 * What lint needs to know of a database, from its name alone (lint never connects): which
 * risks exist there and which safer form the database offers.
 */
export interface LintDialect {
  readonly name: DialectName;
  /** `CREATE INDEX CONCURRENTLY` exists (so a plain one on a busy table is avoidable). */
  readonly concurrentIndexes: boolean;
  /** Constraints can be added `NOT VALID` and validated later, or attached `USING INDEX`. */
  readonly onlineConstraints: boolean;
  /** Column changes and constraint changes rebuild the whole table (copy, drop, rename). */
  readonly rebuildsTables: boolean;
}

const TRAITS: Readonly<Record<DialectName, Omit<LintDialect, 'name'>>> = {
  postgres: { concurrentIndexes: true, onlineConstraints: true, rebuildsTables: false },
  sqlite: { concurrentIndexes: false, onlineConstraints: false, rebuildsTables: true },
};

/** The lint traits of a dialect. */
export function lintDialect(name: DialectName): LintDialect {
  return { name, ...TRAITS[name] };
}

/** Where one op stands when a rule looks at it. */
export interface OpContext {
  readonly dialect: LintDialect;
  /** The schema as known just before this op (earlier ops of the revision applied). */
  readonly schema: SchemaState;
  /**
   * True when the table was created earlier in the same revision: it holds no rows yet and no
   * deployed code uses it, so most risks do not apply.
   */
  isNewTable(table: string, schema?: string | null): boolean;
  /** The ops of the revision before this one, in order. */
  readonly earlier: readonly Op[];
}

/** What a rule reports; severity comes from the code's catalogue entry. */
export interface RuleFinding {
  readonly code: LintCode;
  readonly message: string;
  /** A hint naming this op's tables; the catalogue's generic fix when absent. */
  readonly hint?: string;
}

/** One check over single ops. Rules are pure: the same op and context give the same findings. */
export interface LintRule {
  /** A short name for tests and docs. */
  readonly name: string;
  check(op: Op, ctx: OpContext): RuleFinding[];
}

/** A finding as commands report it. */
export interface LintFinding {
  readonly code: LintCode;
  readonly severity: LintSeverity;
  readonly message: string;
  readonly hint: string;
  /** The revision holding the op (null for autogenerate before a file exists). */
  readonly revision: string | null;
  /** `describeOp` of the op, or null for a finding about the whole revision (LT codes). */
  readonly operation: string | null;
  /** True when the revision file says `// orm-lint-ignore CODE`: reported, never counted. */
  readonly suppressed: boolean;
}
