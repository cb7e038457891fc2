import type { LintRule } from '../lint-rule.js';
import { columnName, tableName } from './describe.js';

/**
 * BC101 / BC102: a table or column of an existing table renamed. Instances of the application
 * still running the previous release use the old name until they are replaced.
 */
export const renameRule: LintRule = {
  name: 'rename',
  check(op, ctx) {
    if (op.kind === 'renameTable' && op.newName !== op.table && !ctx.isNewTable(op.table, op.schema)) {
      return [
        {
          code: 'BC101',
          message: `renames table ${tableName(op.table, op.schema)} to ${op.newName}: code still using ${op.table} fails until it is redeployed`,
          hint: `deploy code that no longer uses ${op.table} first (on PostgreSQL a view named ${op.table} can bridge the gap), or expand and contract over several releases`,
        },
      ];
    }
    if (op.kind === 'alterColumn' && op.newName !== undefined && op.newName !== op.column && !ctx.isNewTable(op.table, op.schema)) {
      return [
        {
          code: 'BC102',
          message: `renames column ${columnName(op.table, op.schema, op.column)} to ${op.newName}: code still using ${op.column} fails until it is redeployed`,
          hint: `deploy code that no longer uses ${op.column} first, or expand and contract: add ${op.newName}, backfill, switch the code, drop ${op.column} in a later release`,
        },
      ];
    }
    return [];
  },
};
