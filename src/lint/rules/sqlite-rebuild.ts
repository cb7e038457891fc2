import type { Op } from '../../ops/ops.js';
import type { Column, ServerDefault, Table } from '../../schema/schema.js';
import type { LintRule } from '../lint-rule.js';
import type { SchemaState } from '../schema-state.js';
import { describeTables, tableName } from './describe.js';

/** A default SQLite's ADD COLUMN accepts: a literal, NULL, a number or a quoted string (not CURRENT_*). */
function constantDefault(value: ServerDefault | null | undefined): boolean {
  if (!value || value.kind === 'literal') return true;
  const text = value.sql.trim().replace(/^\((.*)\)$/s, '$1').trim();
  return /^(null|true|false|[-+]?\d+(\.\d+)?([eE][-+]?\d+)?|'([^']|'')*'|x'[0-9a-f]*')$/i.test(text);
}

function addNeedsRebuild(column: Column): boolean {
  if (column.autoincrement || !constantDefault(column.default)) return true;
  const hasValue = !!column.default && !(column.default.kind === 'sql' && /^\s*null\s*$/i.test(column.default.sql));
  return !column.nullable && !hasValue;
}

/** SQLite refuses a native DROP COLUMN for a column in a key, a unique, an index, a foreign key or a check. */
function dropNeedsRebuild(table: Table | undefined, column: string): boolean {
  if (!table) return false;
  const word = new RegExp(`(^|[^\\w$])["\`[]?${column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["\`\\]]?($|[^\\w$])`, 'i');
  return (
    (table.primaryKey?.columns.includes(column) ?? false) ||
    table.uniques.some((u) => u.columns.includes(column)) ||
    table.foreignKeys.some((fk) => fk.columns.includes(column)) ||
    table.indexes.some((i) => i.columns.some((c) => (typeof c === 'string' ? c === column : word.test(c.expression)))) ||
    table.checks.some((c) => word.test(c.expression))
  );
}

/** What a rebuild op does, for the message; undefined when SQLite does the op natively. */
function rebuildReason(op: Op, schema: SchemaState): string | undefined {
  switch (op.kind) {
    case 'alterColumn':
      return op.type !== undefined || op.nullable !== undefined || op.default !== undefined ? `to alter column ${op.column}` : undefined;
    case 'addColumn':
      return addNeedsRebuild(op.column) ? `to add column ${op.column.name}` : undefined;
    case 'dropColumn':
      return dropNeedsRebuild(schema.table(op.table, op.schema), op.column) ? `to drop column ${op.column}, which a key, index or check uses` : undefined;
    case 'createUniqueConstraint':
    case 'createForeignKey':
    case 'createCheckConstraint':
    case 'createPrimaryKey':
      return 'to add a constraint';
    case 'dropConstraint':
      return `to drop constraint ${op.name}`;
    default:
      return undefined;
  }
}

/**
 * SL101: an op SQLite carries out by rebuilding the table (copy into a new table, drop the old
 * one, rename) on an existing table that other tables reference. Run by orm it is safe (foreign
 * keys off around it, `foreign_key_check` before commit); the risk is a hand-run copy with
 * foreign keys on, which cascades deletes into the children, and the copy's write lock.
 */
export const sqliteRebuildRule: LintRule = {
  name: 'sqlite-rebuild',
  check(op, ctx) {
    if (!ctx.dialect.rebuildsTables || !('table' in op) || typeof op.table !== 'string') return [];
    const schema = 'schema' in op ? op.schema : null;
    if (ctx.isNewTable(op.table, schema)) return [];
    const reason = rebuildReason(op, ctx.schema);
    if (!reason) return [];
    const children = ctx.schema.referencing(op.table, schema).filter((r) => r.table.name !== op.table);
    if (children.length === 0) return [];
    const table = tableName(op.table, schema);
    return [
      {
        code: 'SL101',
        message: `rebuilds table ${table} ${reason}, and ${describeTables(children)} reference ${table} by foreign key`,
        hint: `let orm run it (foreign keys are off around the rebuild and checked before commit); replayed by hand with foreign_keys=ON it would cascade into ${describeTables(children)}`,
      },
    ];
  },
};
