import { describeChange, describeChanges } from '../../src/diff/describe-changes.js';
import { toColumn, toTable } from '../../src/ops/column-input.js';
import type { Op } from '../../src/ops/ops.js';

const users = toTable('users', { id: { type: 'integer', primaryKey: true } });
const name = toColumn('name', { type: 'varchar(50)', nullable: false, default: 'x', comment: 'old' }, 'users');

describe('describeChanges: one line per change, derived from the ops', () => {
  const cases: Array<[Op, string[]]> = [
    [{ kind: 'createTable', table: users }, ['add table users']],
    [{ kind: 'createTable', table: { ...users, schema: 'audit' } }, ['add table audit.users']],
    [{ kind: 'dropTable', table: 'users', schema: null, existing: users }, ['drop table users']],
    [{ kind: 'addColumn', table: 'users', column: toColumn('email', { type: 'text' }, 'users') }, ['add column users.email']],
    [{ kind: 'dropColumn', table: 'users', column: 'email' }, ['drop column users.email']],
    [{ kind: 'alterColumn', table: 'users', column: 'name', type: { kind: 'text' }, existing: name }, ['change type of users.name: varchar(50) -> text']],
    [{ kind: 'alterColumn', table: 'users', column: 'name', type: { kind: 'text' } }, ['change type of users.name: text']],
    [
      { kind: 'alterColumn', table: 'users', column: 'name', nullable: true, default: { kind: 'sql', sql: 'now()' }, comment: null, existing: name },
      ['make users.name nullable', "change default of users.name: 'x' -> now()", 'remove the comment of users.name'],
    ],
    [{ kind: 'alterColumn', table: 'users', column: 'name', default: null, comment: 'new', existing: name }, ["change default of users.name: 'x' -> none", 'change the comment of users.name']],
    [{ kind: 'createIndex', table: 'users', index: { name: 'ix_e', columns: ['e', { expression: 'lower(f)' }], unique: true } }, ['add unique index ix_e on users (e, lower(f))']],
    [{ kind: 'dropIndex', name: 'ix_e', table: 'users' }, ['drop index ix_e on users']],
    [{ kind: 'createUniqueConstraint', table: 'users', constraint: { name: 'uq', columns: ['a', 'b'] } }, ['add unique constraint uq on users (a, b)']],
    [
      { kind: 'createForeignKey', table: 'orders', foreignKey: { name: 'fk', columns: ['user_id'], refTable: 'users', refSchema: 'app', refColumns: ['id'] } },
      ['add foreign key fk on orders (user_id) -> app.users (id)'],
    ],
    [{ kind: 'createCheckConstraint', table: 'users', check: { name: 'ck', expression: 'id > 0' } }, ['add check constraint ck on users: id > 0']],
    [{ kind: 'createPrimaryKey', table: 'users', primaryKey: { name: 'pk', columns: ['id'] } }, ['add primary key pk on users (id)']],
    [{ kind: 'dropConstraint', table: 'users', name: 'pk', type: 'primaryKey' }, ['drop primary key pk on users']],
    [{ kind: 'dropConstraint', table: 'users', name: 'ck', existing: { name: 'ck', expression: 'id > 0' } }, ['drop check constraint ck on users']],
    [{ kind: 'dropConstraint', table: 'users', name: 'x' }, ['drop constraint x on users']],
    [{ kind: 'setTableComment', table: 'users', comment: 'people', existing: null }, ['add the comment of table users']],
    [{ kind: 'setTableComment', table: 'users', comment: 'people', existing: 'persons' }, ['change the comment of table users']],
    [{ kind: 'setTableComment', table: 'users', comment: null, existing: 'persons' }, ['remove the comment of table users']],
    [{ kind: 'execute', sql: 'select 1' }, ['execute select 1']],
  ];
  it.each(cases)('%j', (op, expected) => expect(describeChange(op)).toEqual(expected));

  it('flattens a list of ops', () => {
    expect(describeChanges([cases[0]![0], cases[7]![0]])).toEqual(['add table users', ...cases[7]![1]]);
  });
});
