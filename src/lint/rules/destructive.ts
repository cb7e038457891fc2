import type { DropConstraintOp, DropIndexOp, Op } from '../../ops/ops.js';
import type { LintRule, OpContext, RuleFinding } from '../lint-rule.js';
import { columnName, describeForeignKeys, tableName } from './describe.js';

/** DS101: a table dropped that existed before the revision. */
export const dropTableRule: LintRule = {
  name: 'drop-table',
  check(op, ctx) {
    if (op.kind !== 'dropTable' || ctx.isNewTable(op.table, op.schema)) return [];
    const refs = ctx.schema.referencing(op.table, op.schema).filter((r) => r.table.name !== op.table);
    const referenced = refs.length === 0 ? '' : `; ${describeForeignKeys(refs)} still reference it`;
    return [{ code: 'DS101', message: `drops table ${tableName(op.table, op.schema)}: every row in it is deleted${referenced}` }];
  },
};

/** DS102: a column dropped from a table that existed before the revision. */
export const dropColumnRule: LintRule = {
  name: 'drop-column',
  check(op, ctx) {
    if (op.kind !== 'dropColumn' || ctx.isNewTable(op.table, op.schema)) return [];
    const refs = ctx.schema.referencing(op.table, op.schema).filter((r) => r.foreignKey.refColumns.includes(op.column));
    const referenced = refs.length === 0 ? '' : `; ${describeForeignKeys(refs)} reference it`;
    return [{ code: 'DS102', message: `drops column ${columnName(op.table, op.schema, op.column)}: its values are deleted${referenced}` }];
  },
};

/** The columns of the unique key (constraint, unique index or primary key) an op drops, if it drops one. */
function droppedKey(op: DropConstraintOp | DropIndexOp, ctx: OpContext): { table: string; schema?: string | null; columns: string[]; what: string } | undefined {
  if (op.kind === 'dropIndex') {
    const found = ctx.schema.findIndex(op.name, op.table, op.schema);
    const index = op.existing ?? found?.index;
    const table = op.table ?? found?.table.name;
    if (!index?.unique || !table || !index.columns.every((c) => typeof c === 'string')) return undefined;
    return { table, schema: op.schema ?? found?.table.schema ?? null, columns: index.columns as string[], what: `unique index ${op.name}` };
  }
  if (op.type === 'foreignKey' || op.type === 'check') return undefined;
  const existing = op.existing;
  if (existing) {
    if ('refTable' in existing || 'expression' in existing) return undefined;
    return { table: op.table, schema: op.schema ?? null, columns: [...existing.columns], what: `key ${op.name}` };
  }
  const table = ctx.schema.table(op.table, op.schema);
  if (!table) return undefined;
  const key =
    (table.primaryKey?.name === op.name ? table.primaryKey : undefined) ??
    table.uniques.find((u) => u.name === op.name) ??
    table.indexes.find((i) => i.name === op.name && i.unique && i.columns.every((c) => typeof c === 'string'));
  if (!key) return undefined;
  return { table: op.table, schema: op.schema ?? null, columns: key.columns as string[], what: `key ${op.name}` };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c) => b.includes(c));

/** CD101: a unique key dropped while foreign keys still reference its columns. */
export const dropReferencedKeyRule: LintRule = {
  name: 'drop-referenced-key',
  check(op: Op, ctx): RuleFinding[] {
    if (op.kind !== 'dropConstraint' && op.kind !== 'dropIndex') return [];
    const key = droppedKey(op, ctx);
    if (!key) return [];
    const refs = ctx.schema.referencing(key.table, key.schema).filter((r) => sameSet(r.foreignKey.refColumns, key.columns));
    if (refs.length === 0) return [];
    const fkNames = refs.map((r) => r.foreignKey.name).filter((n): n is string => !!n);
    return [
      {
        code: 'CD101',
        message: `drops ${key.what} on ${tableName(key.table, key.schema)}(${key.columns.join(', ')}), which ${describeForeignKeys(refs)} reference`,
        hint: `drop or repoint the foreign key${refs.length === 1 ? '' : 's'} ${fkNames.length > 0 ? `${fkNames.join(', ')} ` : ''}earlier in the same revision`,
      },
    ];
  },
};
