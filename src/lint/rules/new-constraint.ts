import type { Op } from '../../ops/ops.js';
import type { LintRule, OpContext } from '../lint-rule.js';
import { tableName } from './describe.js';

/** The table an op adds a constraint (or unique index) to, and what it adds; undefined for other ops. */
function addedConstraint(op: Op): { table: string; schema?: string | null; what: string } | undefined {
  switch (op.kind) {
    case 'createIndex':
      return op.index.unique ? { table: op.table, schema: op.schema, what: `unique index ${op.index.name}` } : undefined;
    case 'createUniqueConstraint':
      return { table: op.table, schema: op.schema, what: `unique constraint ${op.constraint.name}` };
    case 'createPrimaryKey':
      return { table: op.table, schema: op.schema, what: `primary key ${op.primaryKey.name}` };
    case 'createForeignKey':
      return { table: op.table, schema: op.schema, what: `foreign key ${op.foreignKey.name} to ${op.foreignKey.refTable}` };
    case 'createCheckConstraint':
      return { table: op.table, schema: op.schema, what: `check ${op.check.name} (${op.check.expression})` };
    default:
      return undefined;
  }
}

const VIOLATION: Readonly<Record<string, string>> = {
  createIndex: 'two rows share a value',
  createUniqueConstraint: 'two rows share a value',
  createPrimaryKey: 'two rows share a value or one holds NULL',
  createForeignKey: 'a row points at a missing parent',
  createCheckConstraint: 'a row fails the check',
};

/** MF105: a constraint added to a table that already holds rows fails if one of them violates it. */
export const newConstraintRule: LintRule = {
  name: 'new-constraint',
  check(op, ctx: OpContext) {
    const added = addedConstraint(op);
    if (!added || ctx.isNewTable(added.table, added.schema)) return [];
    return [{ code: 'MF105', message: `adds ${added.what} to ${tableName(added.table, added.schema)}: it fails if ${VIOLATION[op.kind]}` }];
  },
};
