import { describeOp, type AlterColumnOp, type DropConstraintOp, type Op } from '../ops/ops.js';
import { formatColumnType } from '../schema/column-type.js';
import type { ForeignKey, IndexElement, ServerDefault } from '../schema/schema.js';
import { qualifiedName } from '../schema/schema.js';

/**
 * The changes a list of ops makes, one line each, for `revision --autogenerate` and `check`:
 * "add table users", "add column users.email", "change type of users.name: varchar(50) -> text",
 * "drop index ix_users_email". Derived from the ops (the one vocabulary), so what is printed is
 * exactly what the migration does. An alterColumn changing several things gives one line per
 * change.
 */
export function describeChanges(ops: readonly Op[]): string[] {
  return ops.flatMap(describeChange);
}

/** The lines of one op. */
export function describeChange(op: Op): string[] {
  const on = (table: string, schema?: string | null) => qualifiedName(table, schema);
  switch (op.kind) {
    case 'createTable':
      return [`add table ${on(op.table.name, op.table.schema)}`];
    case 'dropTable':
      return [`drop table ${on(op.table, op.schema)}`];
    case 'addColumn':
      return [`add column ${on(op.table, op.schema)}.${op.column.name}`];
    case 'dropColumn':
      return [`drop column ${on(op.table, op.schema)}.${op.column}`];
    case 'alterColumn':
      return describeAlter(op, `${on(op.table, op.schema)}.${op.column}`);
    case 'createIndex':
      return [`add ${op.index.unique ? 'unique ' : ''}index ${op.index.name} on ${on(op.table, op.schema)} (${elements(op.index.columns)})`];
    case 'dropIndex':
      return [`drop index ${op.name}${op.table ? ` on ${on(op.table, op.schema)}` : ''}`];
    case 'createUniqueConstraint':
      return [`add unique constraint ${op.constraint.name} on ${on(op.table, op.schema)} (${op.constraint.columns.join(', ')})`];
    case 'createForeignKey':
      return [`add foreign key ${op.foreignKey.name} on ${on(op.table, op.schema)} ${reference(op.foreignKey)}`];
    case 'createCheckConstraint':
      return [`add check constraint ${op.check.name} on ${on(op.table, op.schema)}: ${op.check.expression}`];
    case 'createPrimaryKey':
      return [`add primary key ${op.primaryKey.name} on ${on(op.table, op.schema)} (${op.primaryKey.columns.join(', ')})`];
    case 'dropConstraint':
      return [`drop ${constraintWord(op)} ${op.name} on ${on(op.table, op.schema)}`];
    case 'setTableComment':
      if (op.comment === null) return [`remove the comment of table ${on(op.table, op.schema)}`];
      return [`${op.existing ? 'change' : 'add'} the comment of table ${on(op.table, op.schema)}`];
    case 'createEnum':
      return [`add enum ${on(op.name, op.schema)} (${labels(op.values)})`];
    case 'dropEnum':
      return [`drop enum ${on(op.name, op.schema)}`];
    case 'addEnumValue': {
      const where = op.before !== undefined ? ` before ${label(op.before)}` : op.after !== undefined ? ` after ${label(op.after)}` : '';
      return [`add value ${label(op.value)} to enum ${on(op.name, op.schema)}${where}`];
    }
    case 'renameEnumValue':
      return [`rename value ${label(op.from)} of enum ${on(op.name, op.schema)} to ${label(op.to)}`];
    case 'replaceEnumValues': {
      const removed = op.existing?.filter((v) => !op.values.includes(v)) ?? [];
      const what = removed.length > 0 ? `remove ${removed.length === 1 ? 'value' : 'values'} ${labels(removed)} from` : 'reorder the values of';
      return [`${what} enum ${on(op.name, op.schema)} (recreated: ${labels(op.values)})`];
    }
    default:
      return [describeOp(op)];
  }
}

function label(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function labels(values: readonly string[]): string {
  return values.map(label).join(', ');
}

function describeAlter(op: AlterColumnOp, column: string): string[] {
  const lines: string[] = [];
  const was = op.existing;
  if (op.type !== undefined) {
    lines.push(`change type of ${column}: ${was ? `${formatColumnType(was.type)} -> ` : ''}${formatColumnType(op.type)}`);
  }
  if (op.nullable !== undefined) lines.push(`make ${column} ${op.nullable ? 'nullable' : 'NOT NULL'}`);
  if (op.default !== undefined) {
    lines.push(`change default of ${column}: ${was ? `${defaultText(was.default)} -> ` : ''}${defaultText(op.default)}`);
  }
  if (op.comment !== undefined) {
    lines.push(op.comment === null ? `remove the comment of ${column}` : `${was?.comment ? 'change' : 'add'} the comment of ${column}`);
  }
  if (op.newName !== undefined && op.newName !== op.column) lines.push(`rename column ${column} to ${op.newName}`);
  return lines.length > 0 ? lines : [describeOp(op)];
}

function defaultText(value: ServerDefault | null | undefined): string {
  if (!value) return 'none';
  if (value.kind === 'sql') return value.sql;
  return typeof value.value === 'string' ? `'${value.value.replace(/'/g, "''")}'` : String(value.value);
}

function elements(columns: readonly IndexElement[]): string {
  return columns.map((c) => (typeof c === 'string' ? c : c.expression)).join(', ');
}

function reference(fk: ForeignKey): string {
  return `(${fk.columns.join(', ')}) -> ${qualifiedName(fk.refTable, fk.refSchema)} (${fk.refColumns.join(', ')})`;
}

function constraintWord(op: DropConstraintOp): string {
  const existing = op.existing;
  const type = op.type ?? (existing && 'expression' in existing ? 'check' : existing && 'refTable' in existing ? 'foreignKey' : undefined);
  switch (type) {
    case 'primaryKey':
      return 'primary key';
    case 'foreignKey':
      return 'foreign key';
    case 'unique':
      return 'unique constraint';
    case 'check':
      return 'check constraint';
    default:
      return 'constraint';
  }
}
