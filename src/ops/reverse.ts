import type { Column } from '../schema/schema.js';
import { UserError } from '../util/errors.js';
import { describeOp, type AlterColumnOp, type ConstraintType, type DropConstraintOp, type Op, type OpKind, type OpOfKind } from './ops.js';

/**
 * Inverting operations: what a generated `downgrade()` runs. Alembic's `MigrateOperation.reverse()`
 * in one exhaustive map. Drops and alters are reversible only when they carry `existing` (the live
 * object, which autogenerate always records); raw SQL and data inserts never are.
 */

type Reverser<K extends OpKind> = (op: OpOfKind<K>) => Op;

const REVERSERS: { readonly [K in OpKind]: Reverser<K> } = {
  createTable: (op) => ({ kind: 'dropTable', table: op.table.name, schema: op.table.schema ?? null, existing: op.table }),
  dropTable: (op) => ({ kind: 'createTable', table: need(op, op.existing, 'the table it drops') }),
  renameTable: (op) => ({ kind: 'renameTable', table: op.newName, newName: op.table, schema: op.schema ?? null }),
  addColumn: (op) => ({ kind: 'dropColumn', table: op.table, schema: op.schema ?? null, column: op.column.name, existing: op.column }),
  dropColumn: (op) => ({ kind: 'addColumn', table: op.table, schema: op.schema ?? null, column: need(op, op.existing, 'the column it drops') }),
  alterColumn: reverseAlterColumn,
  createIndex: (op) => ({ kind: 'dropIndex', name: op.index.name, table: op.table, schema: op.schema ?? null, existing: op.index }),
  dropIndex: (op) => {
    const index = need(op, op.existing, 'the index it drops');
    const table = need(op, op.table ?? undefined, 'the table of the index');
    return { kind: 'createIndex', table, schema: op.schema ?? null, index: { ...index, name: op.name } };
  },
  createUniqueConstraint: (op) => dropConstraint(op.table, op.schema, op.constraint, 'unique'),
  createForeignKey: (op) => dropConstraint(op.table, op.schema, op.foreignKey, 'foreignKey'),
  createCheckConstraint: (op) => dropConstraint(op.table, op.schema, op.check, 'check'),
  createPrimaryKey: (op) => dropConstraint(op.table, op.schema, op.primaryKey, 'primaryKey'),
  dropConstraint: reverseDropConstraint,
  renameConstraint: (op) => ({ kind: 'renameConstraint', table: op.table, schema: op.schema ?? null, name: op.newName, newName: op.name, ...(op.type && { type: op.type }) }),
  setTableComment: (op) => ({
    kind: 'setTableComment',
    table: op.table,
    schema: op.schema ?? null,
    comment: need(op, op.existing, 'the comment it replaces'),
    existing: op.comment,
  }),
  createEnum: (op) => ({ kind: 'dropEnum', name: op.name, schema: op.schema ?? null, existing: op.values }),
  dropEnum: (op) => ({ kind: 'createEnum', name: op.name, schema: op.schema ?? null, values: need(op, op.existing, 'the values of the enum') }),
  // PostgreSQL cannot drop a value: the way back recreates the type with the values it had.
  addEnumValue: (op) => ({
    kind: 'replaceEnumValues',
    name: op.name,
    schema: op.schema ?? null,
    values: need(op, op.existing, 'the values the enum had'),
    existing: withValue(op.existing!, op),
  }),
  renameEnumValue: (op) => ({ kind: 'renameEnumValue', name: op.name, schema: op.schema ?? null, from: op.to, to: op.from }),
  replaceEnumValues: (op) => ({
    kind: 'replaceEnumValues',
    name: op.name,
    schema: op.schema ?? null,
    values: need(op, op.existing, 'the values the enum had'),
    existing: op.values,
  }),
  execute: (op) => irreversible(op, 'raw SQL has no known inverse'),
  bulkInsert: (op) => irreversible(op, 'inserted rows have no known inverse'),
};

/** The op that undoes `op`; a `UserError` when it cannot be known (see module doc). */
export function reverseOp(op: Op): Op {
  return (REVERSERS[op.kind] as Reverser<OpKind>)(op);
}

/** The ops that undo `ops`: each one reversed, last first. */
export function reverseOps(ops: readonly Op[]): Op[] {
  return ops.map(reverseOp).reverse();
}

function need<T>(op: Op, value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new UserError(`Cannot reverse "${describeOp(op)}": the operation does not record ${what}`, {
      hint: 'write the downgrade of this operation by hand',
    });
  }
  return value;
}

/** The values after an `addEnumValue` ran on `values`. */
function withValue(values: readonly string[], op: OpOfKind<'addEnumValue'>): string[] {
  if (values.includes(op.value)) return [...values];
  const anchor = op.before ?? op.after;
  const at = anchor === undefined ? -1 : values.indexOf(anchor);
  if (at === -1) return [...values, op.value];
  const index = op.before !== undefined ? at : at + 1;
  return [...values.slice(0, index), op.value, ...values.slice(index)];
}

function irreversible(op: Op, why: string): never {
  throw new UserError(`Cannot reverse "${describeOp(op)}": ${why}`, { hint: 'write the downgrade of this operation by hand' });
}

function dropConstraint(
  table: string,
  schema: string | null | undefined,
  constraint: NonNullable<DropConstraintOp['existing']> & { readonly name: string },
  type: ConstraintType,
): DropConstraintOp {
  return { kind: 'dropConstraint', table, schema: schema ?? null, name: constraint.name, type, existing: constraint };
}

function reverseDropConstraint(op: DropConstraintOp): Op {
  const existing = need(op, op.existing, 'the constraint it drops');
  const base = { table: op.table, schema: op.schema ?? null };
  // Checks and foreign keys can be told apart by shape; unique and primary key cannot.
  const type: ConstraintType | undefined =
    op.type ?? ('expression' in existing ? 'check' : 'refTable' in existing ? 'foreignKey' : undefined);
  const known = need(op, type, 'the type of the constraint');
  switch (known) {
    case 'check':
      if (!('expression' in existing)) break;
      return { kind: 'createCheckConstraint', ...base, check: { ...existing, name: op.name } };
    case 'foreignKey':
      if (!('refTable' in existing)) break;
      return { kind: 'createForeignKey', ...base, foreignKey: { ...existing, name: op.name } };
    case 'unique':
      if ('expression' in existing || 'refTable' in existing) break;
      return { kind: 'createUniqueConstraint', ...base, constraint: { ...existing, name: op.name } };
    case 'primaryKey':
      if ('expression' in existing || 'refTable' in existing) break;
      return { kind: 'createPrimaryKey', ...base, primaryKey: { ...existing, name: op.name } };
  }
  throw new UserError(`Cannot reverse "${describeOp(op)}": the recorded constraint is not a ${known} constraint`, {
    hint: 'write the downgrade of this operation by hand',
  });
}

/**
 * Swaps the new values with the recorded ones. A pure rename needs nothing recorded; any other
 * change needs `existing`. `using` is not carried over: it converts the old type to the new one,
 * and the way back is not known.
 */
function reverseAlterColumn(op: AlterColumnOp): AlterColumnOp {
  const changesMore = op.type !== undefined || op.nullable !== undefined || op.default !== undefined || op.comment !== undefined;
  const existing: Column | undefined = changesMore ? need(op, op.existing, 'the column as it was') : op.existing;
  const name = op.newName ?? op.column;
  return {
    kind: 'alterColumn',
    table: op.table,
    schema: op.schema ?? null,
    column: name,
    ...(op.newName !== undefined && { newName: op.column }),
    ...(existing && op.type !== undefined && { type: existing.type }),
    ...(existing && op.nullable !== undefined && { nullable: existing.nullable }),
    ...(existing && op.default !== undefined && { default: existing.default ?? null }),
    ...(existing && op.comment !== undefined && { comment: existing.comment ?? null }),
    ...(existing && {
      existing: {
        ...existing,
        name,
        ...(op.type !== undefined && { type: op.type }),
        ...(op.nullable !== undefined && { nullable: op.nullable }),
        ...(op.default !== undefined && { default: op.default }),
        ...(op.comment !== undefined && { comment: op.comment }),
      },
    }),
  };
}
