import type { LintRule } from '../lint-rule.js';
import { tableName } from './describe.js';

/**
 * PostgreSQL ops that hold a strong lock on a table that already exists while they scan it:
 * PG101 a plain CREATE INDEX (writes wait; CONCURRENTLY exists), PG102 a unique or primary key
 * constraint (its index is built under ACCESS EXCLUSIVE), PG103 a foreign key or check (every
 * row is validated while writes wait; NOT VALID + VALIDATE exists).
 */
export const postgresLockRule: LintRule = {
  name: 'postgres-locks',
  check(op, ctx) {
    if (op.kind === 'createIndex' && ctx.dialect.concurrentIndexes && !ctx.isNewTable(op.table, op.schema)) {
      const table = tableName(op.table, op.schema);
      return [
        {
          code: 'PG101',
          message: `creates index ${op.index.name} on ${table} without CONCURRENTLY: writes to ${table} wait until it is built`,
          hint: `op.execute('CREATE ${op.index.unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY ${op.index.name} ON ${table} (...)') inside op.autocommitBlock(...), or in a revision with \`export const transaction = false\``,
        },
      ];
    }
    if (!ctx.dialect.onlineConstraints) return [];
    if ((op.kind === 'createUniqueConstraint' || op.kind === 'createPrimaryKey') && !ctx.isNewTable(op.table, op.schema)) {
      const table = tableName(op.table, op.schema);
      const name = op.kind === 'createPrimaryKey' ? op.primaryKey.name : op.constraint.name;
      const kind = op.kind === 'createPrimaryKey' ? 'PRIMARY KEY' : 'UNIQUE';
      return [
        {
          code: 'PG102',
          message: `adds ${kind} constraint ${name} to ${table}: its index is built while reads and writes of ${table} wait`,
          hint: `CREATE UNIQUE INDEX CONCURRENTLY ${name} first (outside the transaction), then op.execute('ALTER TABLE ${table} ADD CONSTRAINT ${name} ${kind} USING INDEX ${name}')`,
        },
      ];
    }
    if ((op.kind === 'createForeignKey' || op.kind === 'createCheckConstraint') && !ctx.isNewTable(op.table, op.schema)) {
      const table = tableName(op.table, op.schema);
      const name = op.kind === 'createForeignKey' ? op.foreignKey.name : op.check.name;
      return [
        {
          code: 'PG103',
          message: `adds ${op.kind === 'createForeignKey' ? 'foreign key' : 'check'} ${name} to ${table}: every row is checked while writes to ${table} wait`,
          hint: `op.execute('ALTER TABLE ${table} ADD CONSTRAINT ${name} ... NOT VALID') now, and op.execute('ALTER TABLE ${table} VALIDATE CONSTRAINT ${name}') in a later revision`,
        },
      ];
    }
    return [];
  },
};
