import type { ConstraintType, Op } from '../../ops/ops.js';
import type { Column, IndexElement, Table } from '../../schema/schema.js';
import { UserError } from '../../util/errors.js';
import { mentionsIdentifier, sameName } from './sqlite-tokenize.js';

/**
 * The definition a table has after one table-scoped op: the heart of a SQLite rebuild, kept
 * pure so that it can be tested without a database. Names compare case-insensitively, as
 * SQLite compares them. Dropping a column also drops the key, unique, foreign key, check and
 * index that use it (as PostgreSQL's DROP COLUMN does).
 */
export function applyOpToTable(table: Table, op: Op): Table {
  switch (op.kind) {
    case 'addColumn':
      if (findColumn(table, op.column.name)) {
        throw new UserError(`Table ${table.name} already has a column ${op.column.name}`);
      }
      return { ...table, columns: [...table.columns, op.column] };
    case 'dropColumn':
      return dropColumn(table, op.column);
    case 'alterColumn': {
      const current = requireColumn(table, op.column);
      const changed: Column = {
        ...current,
        ...(op.newName !== undefined && { name: op.newName }),
        ...(op.type !== undefined && { type: op.type }),
        ...(op.nullable !== undefined && { nullable: op.nullable }),
        ...(op.default !== undefined && { default: op.default }),
        ...(op.comment !== undefined && { comment: op.comment }),
      };
      const clash = op.newName !== undefined ? findColumn(table, op.newName) : undefined;
      if (clash && clash !== current) throw new UserError(`Table ${table.name} already has a column ${op.newName}`);
      const renamed = op.newName !== undefined && op.newName !== current.name ? renameColumn(table, current.name, op.newName) : table;
      return { ...renamed, columns: renamed.columns.map((c) => (c === current ? changed : c)) };
    }
    case 'createUniqueConstraint':
      requireNewConstraintName(table, op.constraint.name);
      op.constraint.columns.forEach((c) => requireColumn(table, c));
      return { ...table, uniques: [...table.uniques, op.constraint] };
    case 'createForeignKey':
      requireNewConstraintName(table, op.foreignKey.name);
      op.foreignKey.columns.forEach((c) => requireColumn(table, c));
      return { ...table, foreignKeys: [...table.foreignKeys, op.foreignKey] };
    case 'createCheckConstraint':
      requireNewConstraintName(table, op.check.name);
      return { ...table, checks: [...table.checks, op.check] };
    case 'createPrimaryKey': {
      if (table.primaryKey) {
        throw new UserError(`Table ${table.name} already has a primary key (${table.primaryKey.columns.join(', ')})`, {
          hint: 'drop it first with op.dropConstraint',
        });
      }
      requireNewConstraintName(table, op.primaryKey.name);
      const cols = op.primaryKey.columns.map((c) => requireColumn(table, c).name);
      // Key columns become NOT NULL, as PostgreSQL makes them, so both dialects read back alike.
      const columns = table.columns.map((c) => (cols.includes(c.name) ? { ...c, nullable: false } : c));
      return { ...table, columns, primaryKey: op.primaryKey };
    }
    case 'dropConstraint':
      return dropConstraint(table, op.name, op.type);
    case 'renameConstraint':
      return renameConstraint(table, op.name, op.newName, op.type);
    case 'createIndex':
      return { ...table, indexes: [...table.indexes, op.index] };
    case 'dropIndex':
      return { ...table, indexes: table.indexes.filter((i) => !sameName(i.name, op.name)) };
    default:
      throw new Error(`internal: ${op.kind} does not change one table's definition`);
  }
}

function findColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => sameName(c.name, name));
}

function requireColumn(table: Table, name: string): Column {
  const column = findColumn(table, name);
  if (!column) {
    throw new UserError(`Table ${table.name} has no column ${name}`, {
      hint: `its columns are ${table.columns.map((c) => c.name).join(', ')}`,
    });
  }
  return column;
}

/** Every named constraint of a table, with its kind. */
export function namedConstraints(table: Table): Array<{ name: string; type: ConstraintType }> {
  const out: Array<{ name: string; type: ConstraintType }> = [];
  if (table.primaryKey?.name) out.push({ name: table.primaryKey.name, type: 'primaryKey' });
  for (const fk of table.foreignKeys) if (fk.name) out.push({ name: fk.name, type: 'foreignKey' });
  for (const u of table.uniques) if (u.name) out.push({ name: u.name, type: 'unique' });
  for (const c of table.checks) if (c.name) out.push({ name: c.name, type: 'check' });
  return out;
}

function requireNewConstraintName(table: Table, name: string): void {
  if (namedConstraints(table).some((c) => sameName(c.name, name))) {
    throw new UserError(`Table ${table.name} already has a constraint named ${name}`);
  }
}

function dropConstraint(table: Table, name: string, type: ConstraintType | undefined): Table {
  const match = (n: string | null | undefined, t: ConstraintType) => !!n && sameName(n, name) && (!type || type === t);
  if (table.primaryKey && match(table.primaryKey.name, 'primaryKey')) return { ...table, primaryKey: null };
  const fks = table.foreignKeys.filter((fk) => !match(fk.name, 'foreignKey'));
  const uniques = table.uniques.filter((u) => !match(u.name, 'unique'));
  const checks = table.checks.filter((c) => !match(c.name, 'check'));
  if (fks.length + uniques.length + checks.length < table.foreignKeys.length + table.uniques.length + table.checks.length) {
    return { ...table, foreignKeys: fks, uniques, checks };
  }
  const named = namedConstraints(table).map((c) => `${c.name} (${c.type})`);
  const isIndex = table.indexes.some((i) => sameName(i.name, name));
  throw new UserError(`Table ${table.name} has no ${type ?? ''} constraint named ${name}`.replace('  ', ' '), {
    hint: isIndex
      ? `${name} is an index: use op.dropIndex('${name}')`
      : named.length > 0
        ? `its named constraints are ${named.join(', ')}`
        : 'it has no named constraints (unnamed ones can only be dropped by rebuilding the table by hand)',
  });
}

/** The table with one constraint (or index) named `newName` instead of `name`. */
function renameConstraint(table: Table, name: string, newName: string, type: ConstraintType | 'index' | undefined): Table {
  let found = false;
  const match = (n: string | null | undefined, t: ConstraintType | 'index') => {
    const hit = !!n && sameName(n, name) && (!type || type === t);
    found ||= hit;
    return hit;
  };
  const taken = [...namedConstraints(table).map((c) => c.name), ...table.indexes.map((i) => i.name)];
  if (!sameName(name, newName) && taken.some((n) => sameName(n, newName))) {
    throw new UserError(`Table ${table.name} already has a constraint or index named ${newName}`);
  }
  const renamed = <T extends { readonly name?: string | null }>(items: readonly T[], t: ConstraintType | 'index') =>
    items.map((item) => (match(item.name, t) ? { ...item, name: newName } : item));
  const next: Table = {
    ...table,
    primaryKey: table.primaryKey && match(table.primaryKey.name, 'primaryKey') ? { ...table.primaryKey, name: newName } : (table.primaryKey ?? null),
    foreignKeys: renamed(table.foreignKeys, 'foreignKey'),
    uniques: renamed(table.uniques, 'unique'),
    checks: renamed(table.checks, 'check'),
    indexes: renamed(table.indexes, 'index'),
  };
  if (!found) {
    throw new UserError(`Table ${table.name} has no ${type === 'index' ? 'index' : `${type ?? ''} constraint`.trim()} named ${name}`);
  }
  return next;
}

function dropColumn(table: Table, name: string): Table {
  const column = requireColumn(table, name);
  if (table.columns.length === 1) {
    throw new UserError(`Cannot drop ${column.name}, the only column of table ${table.name}`, { hint: 'drop the table instead' });
  }
  const uses = (cols: readonly IndexElement[]) =>
    cols.some((c) => (typeof c === 'string' ? sameName(c, column.name) : mentionsIdentifier(c.expression, column.name)));
  return {
    ...table,
    columns: table.columns.filter((c) => c !== column),
    primaryKey: table.primaryKey && uses(table.primaryKey.columns) ? null : table.primaryKey,
    uniques: table.uniques.filter((u) => !uses(u.columns)),
    foreignKeys: table.foreignKeys.filter((fk) => !uses(fk.columns)),
    checks: table.checks.filter((c) => !mentionsIdentifier(c.expression, column.name)),
    indexes: table.indexes.filter((i) => !uses(i.columns) && !(i.where && mentionsIdentifier(i.where, column.name))),
  };
}

function renameColumn(table: Table, from: string, to: string): Table {
  const rename = <T extends IndexElement>(c: T): T => (typeof c === 'string' && sameName(c, from) ? (to as T) : c);
  return {
    ...table,
    primaryKey: table.primaryKey && { ...table.primaryKey, columns: table.primaryKey.columns.map(rename) },
    uniques: table.uniques.map((u) => ({ ...u, columns: u.columns.map(rename) })),
    foreignKeys: table.foreignKeys.map((fk) => ({ ...fk, columns: fk.columns.map(rename) })),
    indexes: table.indexes.map((i) => ({ ...i, columns: i.columns.map(rename) })),
  };
}
