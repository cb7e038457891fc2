/**
 * The lint codes: stable names, each with one severity, what it means and how to fix it. A code
 * never changes meaning once released; a new risk gets a new code. Prefixes:
 *
 * - `DS` destructive: rows or values are deleted.
 * - `CD` constraint drop that breaks something else.
 * - `MF` may fail (or change values) depending on the data already in the table.
 * - `BC` backward incompatible: application code still deployed stops working.
 * - `PG` PostgreSQL locking: the change blocks reads or writes while it runs.
 * - `SL` SQLite: the automatic table rebuild.
 * - `LT` lint itself: what could not be checked.
 */
export type LintSeverity = 'error' | 'warning';

export type LintCode =
  | 'DS101'
  | 'DS102'
  | 'CD101'
  | 'MF101'
  | 'MF102'
  | 'MF103'
  | 'MF104'
  | 'MF105'
  | 'BC101'
  | 'BC102'
  | 'BC103'
  | 'PG101'
  | 'PG102'
  | 'PG103'
  | 'SL101'
  | 'LT101'
  | 'LT102';

export interface LintCodeInfo {
  readonly code: LintCode;
  readonly severity: LintSeverity;
  /** What the code means, for the README and `--help`. */
  readonly title: string;
  /** The usual fix, in one line (findings may give a more specific hint). */
  readonly fix: string;
  /** The dialects it applies to; all when absent. */
  readonly only?: 'postgres' | 'sqlite';
}

const IGNORE = (code: LintCode) => `if it is intended, add \`// orm-lint-ignore ${code}\` to the revision`;

/** Every code, in the order the README lists them. */
export const LINT_CODES: Readonly<Record<LintCode, LintCodeInfo>> = {
  DS101: {
    code: 'DS101',
    severity: 'error',
    title: 'drops a table: every row in it is deleted',
    fix: `back the rows up (or rename the table aside and drop it in a later revision); ${IGNORE('DS101')}`,
  },
  DS102: {
    code: 'DS102',
    severity: 'error',
    title: 'drops a column: its values are deleted',
    fix: `stop using the column first and copy what you need; ${IGNORE('DS102')}`,
  },
  CD101: {
    code: 'CD101',
    severity: 'error',
    title: 'drops a unique constraint, unique index or primary key that foreign keys reference',
    fix: 'drop (or repoint) the foreign keys that reference it earlier in the same revision',
  },
  MF101: {
    code: 'MF101',
    severity: 'error',
    title: 'narrows a column type (shorter varchar, smaller integer, less numeric precision or scale, text to varchar(n), enum values removed, ...)',
    fix: 'check the longest/largest value first, or keep the wider type; values that do not fit make the change fail or are rounded',
  },
  MF102: {
    code: 'MF102',
    severity: 'warning',
    title: 'changes a column type in a way that may fail (or change values) for some existing rows',
    fix: 'convert explicitly (alterColumn `using` on PostgreSQL) after checking every row converts, or add a new column and backfill it',
  },
  MF103: {
    code: 'MF103',
    severity: 'error',
    title: 'adds a NOT NULL column without a default to an existing table: fails as soon as the table has a row',
    fix: 'give the column a server default, or add it nullable, backfill it with op.execute(UPDATE ...), then set NOT NULL',
  },
  MF104: {
    code: 'MF104',
    severity: 'warning',
    title: 'makes an existing column NOT NULL: fails if any row holds NULL',
    fix: 'backfill first in the same revision: op.execute(`UPDATE t SET c = ... WHERE c IS NULL`) before the alterColumn',
  },
  MF105: {
    code: 'MF105',
    severity: 'warning',
    title: 'adds a unique index or a unique, primary key, foreign key or check constraint to an existing table: fails if rows violate it',
    fix: 'look for violating rows first (duplicates, orphans, failing checks) and fix them in an earlier step',
  },
  BC101: {
    code: 'BC101',
    severity: 'warning',
    title: 'renames a table: application code still using the old name fails until it is redeployed',
    fix: 'deploy code that no longer uses the old name first, or expand and contract: new table, copy, switch the code, drop the old one later',
  },
  BC102: {
    code: 'BC102',
    severity: 'warning',
    title: 'renames a column: application code still using the old name fails until it is redeployed',
    fix: 'deploy code that no longer uses the old name first, or expand and contract: add the new column, backfill, switch the code, drop the old one later',
  },
  BC103: {
    code: 'BC103',
    severity: 'warning',
    title: 'renames an enum value: application code still writing the old value fails until it is redeployed',
    fix: 'deploy code that accepts both values first, or add the new value, switch code and rows, and remove the old value later',
  },
  PG101: {
    code: 'PG101',
    severity: 'warning',
    title: 'creates an index on an existing table without CONCURRENTLY: writes to the table wait until it is built',
    fix: "build it with op.execute('CREATE INDEX CONCURRENTLY ...') outside the transaction: inside op.autocommitBlock(...) or a revision with `export const transaction = false`",
    only: 'postgres',
  },
  PG102: {
    code: 'PG102',
    severity: 'warning',
    title: 'adds a unique or primary key constraint to an existing table: its index is built while reads and writes wait',
    fix: "CREATE UNIQUE INDEX CONCURRENTLY first (outside the transaction), then op.execute('ALTER TABLE t ADD CONSTRAINT c UNIQUE USING INDEX i')",
    only: 'postgres',
  },
  PG103: {
    code: 'PG103',
    severity: 'warning',
    title: 'adds a foreign key or check constraint to an existing table: every row is checked while writes wait',
    fix: "add it NOT VALID with op.execute('ALTER TABLE ... ADD CONSTRAINT ... NOT VALID'), then VALIDATE CONSTRAINT in a later revision",
    only: 'postgres',
  },
  SL101: {
    code: 'SL101',
    severity: 'warning',
    title: 'rebuilds (copies, drops and renames) a table that other tables reference by foreign key',
    fix: 'let orm run it (foreign keys are switched off around the rebuild and checked before commit); never replay it by hand with foreign_keys=ON, which cascades deletes',
    only: 'sqlite',
  },
  LT101: {
    code: 'LT101',
    severity: 'warning',
    title: 'the upgrade reads data through op.db: lint records no database, so the ops after that point are not checked',
    fix: 'guard the data part with `if (!op.offline) { ... }` so lint (and --sql) see every schema op',
  },
  LT102: {
    code: 'LT102',
    severity: 'error',
    title: 'the upgrade failed while its ops were being recorded (it would fail on a database too)',
    fix: 'fix the revision; `orm upgrade --sql` shows the same failure with its operation',
  },
};

/** The codes as a list, in catalogue order. */
export function lintCodes(): LintCodeInfo[] {
  return Object.values(LINT_CODES);
}

/** True when `text` is a known code (`DS101`), case-sensitive as written in revision files. */
export function isLintCode(text: string): text is LintCode {
  return Object.hasOwn(LINT_CODES, text);
}
