import type { LintRule } from '../lint-rule.js';
import { classifyTypeChange } from '../classify-type-change.js';
import { columnName } from './describe.js';

/**
 * MF101 (narrowing) and MF102 (a conversion that may fail) for `alterColumn` with a new type on
 * a table that existed before the revision. The old type comes from the op (`existing`, written
 * by autogenerate) or from what earlier revisions built.
 */
export const typeChangeRule: LintRule = {
  name: 'type-change',
  check(op, ctx) {
    if (op.kind !== 'alterColumn' || op.type === undefined || ctx.isNewTable(op.table, op.schema)) return [];
    const from = op.existing?.type ?? ctx.schema.column(op.table, op.schema, op.column)?.type;
    const change = classifyTypeChange(from, op.type);
    const column = columnName(op.table, op.schema, op.column);
    if (change.kind === 'narrowing') {
      const sqlite = ctx.dialect.rebuildsTables
        ? '; SQLite keeps values that do not fit as they are, other databases refuse or round them'
        : '';
      return [{ code: 'MF101', message: `narrows the type of ${column}: ${change.reason}${sqlite}` }];
    }
    if (change.kind === 'risky') {
      const using = op.using ? ` (converted with USING ${op.using})` : '';
      return [{ code: 'MF102', message: `changes the type of ${column}${using}: ${change.reason}` }];
    }
    return [];
  },
};
