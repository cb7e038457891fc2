import type { Op } from '../../ops/ops.js';
import type { ServerDefault } from '../../schema/schema.js';
import type { LintRule } from '../lint-rule.js';
import { columnName, tableName } from './describe.js';

/** A default that gives existing rows a value (`DEFAULT NULL` does not). */
function hasDefault(value: ServerDefault | null | undefined): boolean {
  if (!value) return false;
  return !(value.kind === 'sql' && /^\s*null\s*$/i.test(value.sql));
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when an earlier `op.execute` of the revision updates the table (a backfill). */
function backfilled(earlier: readonly Op[], table: string): boolean {
  const update = new RegExp(`\\bupdate\\s+(?:only\\s+)?(?:["\`]?\\w+["\`]?\\.)?["\`]?${escape(table)}["\`]?(?:\\s|$)`, 'i');
  return earlier.some((op) => op.kind === 'execute' && update.test(op.sql));
}

/**
 * MF103: a NOT NULL column without a default added to an existing table (any row makes it fail);
 * MF104: an existing column made NOT NULL (a NULL in any row makes it fail), unless an earlier
 * `op.execute` of the same revision updates the table.
 */
export const notNullRule: LintRule = {
  name: 'not-null',
  check(op, ctx) {
    if (op.kind === 'addColumn') {
      const { column } = op;
      if (column.nullable || column.autoincrement || hasDefault(column.default) || ctx.isNewTable(op.table, op.schema)) return [];
      return [
        {
          code: 'MF103',
          message: `adds ${columnName(op.table, op.schema, column.name)} NOT NULL without a default: it fails as soon as ${tableName(op.table, op.schema)} has a row`,
        },
      ];
    }
    if (op.kind === 'alterColumn' && op.nullable === false) {
      const before = op.existing ?? ctx.schema.column(op.table, op.schema, op.column);
      if (before?.nullable === false || ctx.isNewTable(op.table, op.schema) || backfilled(ctx.earlier, op.table)) return [];
      return [
        {
          code: 'MF104',
          message: `makes ${columnName(op.table, op.schema, op.column)} NOT NULL: it fails if any row holds NULL${hasDefault(op.default) ? ' (a new default does not fill existing NULLs)' : ''}`,
          hint: `backfill first in this revision: op.execute(\`UPDATE ${tableName(op.table, op.schema)} SET ${op.column} = ... WHERE ${op.column} IS NULL\`)`,
        },
      ];
    }
    return [];
  },
};
