import { createPostgresDialect } from '../../src/dialects/postgres/postgres-dialect.js';
import { compareSchemas } from '../../src/diff/compare-schemas.js';
import type { CompareOptions } from '../../src/diff/compare-options.js';
import { describeChanges } from '../../src/diff/describe-changes.js';
import { toColumn, toTable, type ColumnInput, type TableOptions } from '../../src/ops/column-input.js';
import type { Op } from '../../src/ops/ops.js';
import type { Schema, Table } from '../../src/schema/schema.js';

/**
 * compareSchemas, one kind of change at a time: (live, target, expected ops). PostgreSQL rules
 * (names case-sensitive, constraints alterable); ordering, options and SQLite have their own files.
 */
const dialect = createPostgresDialect();
const compare = (live: Schema, target: Schema, options: Partial<CompareOptions> = {}) =>
  compareSchemas(live, target, { dialect, defaultSchema: 'public', ...options });
const schema = (...tables: Table[]): Schema => ({ tables });
const users = (columns: Record<string, ColumnInput> = {}, options: TableOptions = {}) =>
  toTable('users', { id: { type: 'integer', primaryKey: true }, name: { type: 'varchar(50)', nullable: false }, ...columns }, {
    primaryKey: undefined,
    ...options,
  });
const col = (name: string, input: ColumnInput) => toColumn(name, input, 'users');

type Case = [name: string, live: Schema, target: Schema, expected: Op[]];

const cases: Case[] = [
  ['nothing to do', schema(users()), schema(users()), []],
  ['add a table', schema(), schema(users()), [{ kind: 'createTable', table: users() }]],
  ['drop a table, recording it', schema(users()), schema(), [{ kind: 'dropTable', table: 'users', schema: null, existing: users() }]],
  ['add a column', schema(users()), schema(users({ email: { type: 'text' } })), [{ kind: 'addColumn', table: 'users', schema: null, column: col('email', { type: 'text' }) }]],
  [
    'drop a column, recording it',
    schema(users({ email: { type: 'text' } })),
    schema(users()),
    [{ kind: 'dropColumn', table: 'users', schema: null, column: 'email', existing: col('email', { type: 'text' }) }],
  ],
  [
    'change a type',
    schema(users()),
    schema(users({ name: { type: 'text', nullable: false } })),
    [{ kind: 'alterColumn', table: 'users', schema: null, column: 'name', type: { kind: 'text' }, existing: col('name', { type: 'varchar(50)', nullable: false }) }],
  ],
  [
    'change nullability',
    schema(users()),
    schema(users({ name: { type: 'varchar(50)' } })),
    [{ kind: 'alterColumn', table: 'users', schema: null, column: 'name', nullable: true, existing: col('name', { type: 'varchar(50)', nullable: false }) }],
  ],
  [
    'set, change and drop server defaults',
    schema(users({ a: { type: 'integer' }, b: { type: 'integer', default: 1 }, c: { type: 'text', default: { sql: 'now()' } } })),
    schema(users({ a: { type: 'integer', default: 0 }, b: { type: 'integer', default: 2 }, c: { type: 'text' } })),
    [
      { kind: 'alterColumn', table: 'users', schema: null, column: 'a', default: { kind: 'literal', value: 0 }, existing: col('a', { type: 'integer' }) },
      { kind: 'alterColumn', table: 'users', schema: null, column: 'b', default: { kind: 'literal', value: 2 }, existing: col('b', { type: 'integer', default: 1 }) },
      { kind: 'alterColumn', table: 'users', schema: null, column: 'c', default: null, existing: col('c', { type: 'text', default: { sql: 'now()' } }) },
    ],
  ],
  [
    'change a column comment',
    schema(users({ a: { type: 'text', comment: 'old' } })),
    schema(users({ a: { type: 'text', comment: 'new' } })),
    [{ kind: 'alterColumn', table: 'users', schema: null, column: 'a', comment: 'new', existing: col('a', { type: 'text', comment: 'old' }) }],
  ],
  [
    'several changes to one column make one op',
    schema(users({ a: { type: 'integer' } })),
    schema(users({ a: { type: 'bigint', nullable: false, default: 7, comment: 'x' } })),
    [
      {
        kind: 'alterColumn', table: 'users', schema: null, column: 'a',
        type: { kind: 'bigint' }, nullable: false, default: { kind: 'literal', value: 7 }, comment: 'x', existing: col('a', { type: 'integer' }),
      },
    ],
  ],
  [
    'set, change and remove a table comment',
    schema(users({}, { comment: 'old' }), toTable('a', { x: { type: 'text' } }), toTable('b', { x: { type: 'text' } }, { comment: 'gone' })),
    schema(users({}, { comment: 'new' }), toTable('a', { x: { type: 'text' } }, { comment: 'set' }), toTable('b', { x: { type: 'text' } })),
    [
      { kind: 'setTableComment', table: 'users', schema: null, comment: 'new', existing: 'old' },
      { kind: 'setTableComment', table: 'a', schema: null, comment: 'set', existing: null },
      { kind: 'setTableComment', table: 'b', schema: null, comment: null, existing: 'gone' },
    ],
  ],
  [
    'add, drop and change a primary key',
    schema(toTable('a', { x: { type: 'integer', nullable: false } }), toTable('b', { x: { type: 'integer', nullable: false } }, { primaryKey: { name: 'b_pk', columns: ['x'] } }), toTable('c', { x: { type: 'integer', nullable: false }, y: { type: 'integer', nullable: false } }, { primaryKey: { name: 'c_pk', columns: ['x'] } })),
    schema(toTable('a', { x: { type: 'integer', nullable: false } }, { primaryKey: ['x'] }), toTable('b', { x: { type: 'integer', nullable: false } }), toTable('c', { x: { type: 'integer', nullable: false }, y: { type: 'integer', nullable: false } }, { primaryKey: { name: 'c_pk', columns: ['x', 'y'] } })),
    [
      { kind: 'createPrimaryKey', table: 'a', schema: null, primaryKey: { name: 'a_pkey', columns: ['x'] } },
      { kind: 'dropConstraint', table: 'b', schema: null, name: 'b_pk', type: 'primaryKey', existing: { name: 'b_pk', columns: ['x'] } },
      { kind: 'dropConstraint', table: 'c', schema: null, name: 'c_pk', type: 'primaryKey', existing: { name: 'c_pk', columns: ['x'] } },
      { kind: 'createPrimaryKey', table: 'c', schema: null, primaryKey: { name: 'c_pk', columns: ['x', 'y'] } },
    ],
  ],
  [
    'add, drop and change unique constraints (a rename is a drop and a create)',
    schema(users({ a: { type: 'text' }, b: { type: 'text' } }, { uniques: [{ name: 'uq_a', columns: ['a'] }, { name: 'uq_b', columns: ['b'] }, { name: 'uq_old', columns: ['a', 'b'] }] })),
    schema(users({ a: { type: 'text' }, b: { type: 'text' } }, { uniques: [{ name: 'uq_a', columns: ['a', 'b'] }, { name: 'uq_new', columns: ['b', 'a'] }, ['name']] })),
    [
      { kind: 'dropConstraint', table: 'users', schema: null, name: 'uq_a', type: 'unique', existing: { name: 'uq_a', columns: ['a'] } },
      { kind: 'dropConstraint', table: 'users', schema: null, name: 'uq_b', type: 'unique', existing: { name: 'uq_b', columns: ['b'] } },
      { kind: 'dropConstraint', table: 'users', schema: null, name: 'uq_old', type: 'unique', existing: { name: 'uq_old', columns: ['a', 'b'] } },
      { kind: 'createUniqueConstraint', table: 'users', schema: null, constraint: { name: 'uq_a', columns: ['a', 'b'] } },
      { kind: 'createUniqueConstraint', table: 'users', schema: null, constraint: { name: 'uq_new', columns: ['b', 'a'] } },
      { kind: 'createUniqueConstraint', table: 'users', schema: null, constraint: { name: 'users_name_key', columns: ['name'] } },
    ],
  ],
  [
    'an unnamed target constraint matches the live one PostgreSQL named',
    schema(users({ a: { type: 'text' } }, { uniques: [{ name: 'users_a_key', columns: ['a'] }], checks: [{ name: 'users_a_check', expression: '(length(a) > 1)' }] })),
    schema(users({ a: { type: 'text' } }, { uniques: [['a']], checks: ['length(a) > 1'] })),
    [],
  ],
  [
    'add, drop and change check constraints',
    schema(users({ a: { type: 'integer' } }, { checks: [{ name: 'ck_a', expression: 'a > 0' }, { name: 'ck_gone', expression: 'a < 10' }] })),
    schema(users({ a: { type: 'integer' } }, { checks: [{ name: 'ck_a', expression: 'a >= 0' }, { name: 'ck_new', expression: 'a <> 5' }] })),
    [
      { kind: 'dropConstraint', table: 'users', schema: null, name: 'ck_a', type: 'check', existing: { name: 'ck_a', expression: 'a > 0' } },
      { kind: 'dropConstraint', table: 'users', schema: null, name: 'ck_gone', type: 'check', existing: { name: 'ck_gone', expression: 'a < 10' } },
      { kind: 'createCheckConstraint', table: 'users', schema: null, check: { name: 'ck_a', expression: 'a >= 0' } },
      { kind: 'createCheckConstraint', table: 'users', schema: null, check: { name: 'ck_new', expression: 'a <> 5' } },
    ],
  ],
  [
    'add, drop and change indexes (unique, partial, expression, method)',
    schema(users({ a: { type: 'text' } }, { indexes: [{ name: 'ix_a', columns: ['a'] }, { name: 'ix_gone', columns: ['name'] }, { name: 'ix_m', columns: ['a'] }] })),
    schema(users({ a: { type: 'text' } }, {
      indexes: [
        { name: 'ix_a', columns: ['a'], unique: true, where: 'a IS NOT NULL' },
        { name: 'ix_lower', columns: [{ expression: 'lower(a)' }] },
        { name: 'ix_m', columns: ['a'], method: 'hash' },
      ],
    })),
    [
      { kind: 'dropIndex', name: 'ix_a', table: 'users', schema: null, existing: { name: 'ix_a', columns: ['a'], unique: false, where: null, method: null } },
      { kind: 'dropIndex', name: 'ix_m', table: 'users', schema: null, existing: { name: 'ix_m', columns: ['a'], unique: false, where: null, method: null } },
      { kind: 'dropIndex', name: 'ix_gone', table: 'users', schema: null, existing: { name: 'ix_gone', columns: ['name'], unique: false, where: null, method: null } },
      { kind: 'createIndex', table: 'users', schema: null, index: { name: 'ix_a', columns: ['a'], unique: true, where: 'a IS NOT NULL', method: null } },
      { kind: 'createIndex', table: 'users', schema: null, index: { name: 'ix_m', columns: ['a'], unique: false, where: null, method: 'hash' } },
      { kind: 'createIndex', table: 'users', schema: null, index: { name: 'ix_lower', columns: [{ expression: 'lower(a)' }], unique: false, where: null, method: null } },
    ],
  ],
];

describe('compareSchemas: one kind of change at a time', () => {
  it.each(cases)('%s', (_name, live, target, expected) => {
    expect(compare(live, target)).toEqual(expected);
  });
});

describe('compareSchemas: foreign keys', () => {
  const parent = toTable('parent', { id: { type: 'integer', primaryKey: true }, code: { type: 'text', nullable: false } }, { uniques: [{ name: 'uq_code', columns: ['code'] }] });
  const child = (fks: NonNullable<TableOptions['foreignKeys']>) =>
    toTable('child', { id: { type: 'integer', primaryKey: true }, pid: { type: 'integer' }, pcode: { type: 'text' } }, { foreignKeys: fks });
  const fk = { name: 'fk_parent', columns: ['pid'], refTable: 'parent', refColumns: ['id'] } as const;
  const existing = { ...fk, columns: ['pid'], refColumns: ['id'], refSchema: null, onDelete: null, onUpdate: null, deferrable: false, initiallyDeferred: false };

  it('adds one after the tables, drops one before anything, and remakes a changed one', () => {
    expect(compare(schema(parent, child([])), schema(parent, child([fk])))).toEqual([
      { kind: 'createForeignKey', table: 'child', schema: null, foreignKey: existing },
    ]);
    expect(compare(schema(parent, child([fk])), schema(parent, child([])))).toEqual([
      { kind: 'dropConstraint', table: 'child', schema: null, name: 'fk_parent', type: 'foreignKey', existing },
    ]);
    expect(compare(schema(parent, child([fk])), schema(parent, child([{ ...fk, onDelete: 'CASCADE' }])))).toEqual([
      { kind: 'dropConstraint', table: 'child', schema: null, name: 'fk_parent', type: 'foreignKey', existing },
      { kind: 'createForeignKey', table: 'child', schema: null, foreignKey: { ...existing, onDelete: 'CASCADE' } },
    ]);
  });

  it('compares actions, deferrability and referenced columns; NO ACTION is no action', () => {
    expect(compare(schema(parent, child([fk])), schema(parent, child([{ ...fk, onDelete: 'NO ACTION', onUpdate: 'NO ACTION' }])))).toEqual([]);
    for (const change of [{ onUpdate: 'SET NULL' }, { deferrable: true }, { refColumns: ['code'], columns: ['pcode'] }] as const) {
      expect(compare(schema(parent, child([fk])), schema(parent, child([{ ...fk, ...change }]))).map((op) => op.kind)).toEqual([
        'dropConstraint',
        'createForeignKey',
      ]);
    }
  });

  it('remakes an unchanged key around a change of what it references (PostgreSQL refuses otherwise)', () => {
    const byCode = { name: 'fk_code', columns: ['pcode'], refTable: 'parent', refColumns: ['code'] };
    const parentWide = toTable('parent', { id: { type: 'bigint', primaryKey: true }, code: { type: 'text', nullable: false } }, { uniques: [{ name: 'uq_code2', columns: ['code'] }] });
    const ops = compare(schema(parent, child([fk, byCode])), schema(parentWide, child([fk, byCode])));
    expect(describeChanges(ops)).toEqual([
      'drop foreign key fk_parent on child',
      'drop foreign key fk_code on child',
      'drop unique constraint uq_code on parent',
      'change type of parent.id: integer -> bigint',
      'add unique constraint uq_code2 on parent (code)',
      'add foreign key fk_parent on child (pid) -> parent (id)',
      'add foreign key fk_code on child (pcode) -> parent (code)',
    ]);
  });
});
