import fc from 'fast-check';
import type { Op, OpKind } from '../../src/ops/ops.js';
import { reverseOp, reverseOps } from '../../src/ops/reverse.js';
import { UserError } from '../../src/util/errors.js';
import { ALTER_COLUMNS, CONSTRAINTS, CREATE_TABLES, DROP_TABLES, ESCAPING, ORDERS, USERS, col, index } from './render-fixtures.js';
import { reversibleOpsArb } from './render-arbitraries.js';

const REVERSIBLE = [...CREATE_TABLES, ...ALTER_COLUMNS, ...CONSTRAINTS, ...DROP_TABLES, ...ESCAPING];

describe('reverseOp, kind by kind', () => {
  it('createTable <-> dropTable (the drop carries the table)', () => {
    expect(reverseOp({ kind: 'createTable', table: ORDERS })).toEqual({ kind: 'dropTable', table: 'orders', schema: 'shop', existing: ORDERS });
    expect(reverseOp({ kind: 'dropTable', table: 'users', schema: null, existing: USERS })).toEqual({ kind: 'createTable', table: USERS });
  });

  it('renameTable swaps the names', () => {
    expect(reverseOp({ kind: 'renameTable', table: 'a', newName: 'b', schema: 's' })).toEqual({ kind: 'renameTable', table: 'b', newName: 'a', schema: 's' });
  });

  it('addColumn <-> dropColumn', () => {
    const age = col('age', { kind: 'integer' }, { default: { kind: 'literal', value: 1 } });
    expect(reverseOp({ kind: 'addColumn', table: 't', schema: null, column: age })).toEqual({
      kind: 'dropColumn',
      table: 't',
      schema: null,
      column: 'age',
      existing: age,
    });
    expect(reverseOp({ kind: 'dropColumn', table: 't', schema: 's', column: 'age', existing: age })).toEqual({
      kind: 'addColumn',
      table: 't',
      schema: 's',
      column: age,
    });
  });

  it('alterColumn puts the recorded values back, rename included, and records the new ones', () => {
    const existing = col('name', { kind: 'text' }, { nullable: true, default: { kind: 'literal', value: 'x' }, comment: 'old' });
    const op: Op = {
      kind: 'alterColumn',
      table: 't',
      schema: null,
      column: 'name',
      newName: 'label',
      type: { kind: 'varchar', length: 10 },
      nullable: false,
      default: null,
      comment: 'new',
      using: 'name::varchar(10)',
      existing,
    };
    expect(reverseOp(op)).toEqual({
      kind: 'alterColumn',
      table: 't',
      schema: null,
      column: 'label',
      newName: 'name',
      type: { kind: 'text' },
      nullable: true,
      default: { kind: 'literal', value: 'x' },
      comment: 'old',
      existing: { ...existing, name: 'label', type: { kind: 'varchar', length: 10 }, nullable: false, default: null, comment: 'new' },
    });
  });

  it('alterColumn only swaps the fields it changes', () => {
    const existing = col('n', { kind: 'integer' }, { nullable: false });
    expect(reverseOp({ kind: 'alterColumn', table: 't', schema: null, column: 'n', nullable: true, existing })).toEqual({
      kind: 'alterColumn',
      table: 't',
      schema: null,
      column: 'n',
      nullable: false,
      existing: { ...existing, nullable: true },
    });
  });

  it('a pure rename needs nothing recorded', () => {
    expect(reverseOp({ kind: 'alterColumn', table: 't', schema: null, column: 'a', newName: 'b' })).toEqual({
      kind: 'alterColumn',
      table: 't',
      schema: null,
      column: 'b',
      newName: 'a',
    });
  });

  it('createIndex <-> dropIndex', () => {
    const ix = index('ix_t_a', ['a', { expression: 'lower(b)' }], { unique: true, where: 'a > 0', method: 'btree' });
    expect(reverseOp({ kind: 'createIndex', table: 't', schema: 's', index: ix })).toEqual({
      kind: 'dropIndex',
      name: 'ix_t_a',
      table: 't',
      schema: 's',
      existing: ix,
    });
    expect(reverseOp({ kind: 'dropIndex', name: 'ix_t_a', table: 't', schema: 's', existing: ix })).toEqual({
      kind: 'createIndex',
      table: 't',
      schema: 's',
      index: ix,
    });
  });

  it.each([
    ['createUniqueConstraint', 'unique', 'constraint', { name: 'uq', columns: ['a'] }],
    ['createCheckConstraint', 'check', 'check', { name: 'ck', expression: 'a > 0' }],
    ['createPrimaryKey', 'primaryKey', 'primaryKey', { name: 'pk', columns: ['a', 'b'] }],
    [
      'createForeignKey',
      'foreignKey',
      'foreignKey',
      { name: 'fk', columns: ['a'], refTable: 'r', refSchema: null, refColumns: ['id'], onDelete: 'CASCADE', onUpdate: null, deferrable: false, initiallyDeferred: false },
    ],
  ] as const)('%s <-> dropConstraint of type %s', (kind, type, field, constraint) => {
    const create = { kind, table: 't', schema: null, [field]: constraint } as unknown as Op;
    const drop: Op = { kind: 'dropConstraint', table: 't', schema: null, name: constraint.name, type, existing: constraint };
    expect(reverseOp(create)).toEqual(drop);
    expect(reverseOp(drop)).toEqual(create);
  });

  it('dropConstraint without a type still reverses checks and foreign keys (told apart by shape)', () => {
    const check = { name: 'ck', expression: 'a > 0' };
    expect(reverseOp({ kind: 'dropConstraint', table: 't', schema: null, name: 'ck', existing: check })).toEqual({
      kind: 'createCheckConstraint',
      table: 't',
      schema: null,
      check,
    });
  });

  it('setTableComment puts the recorded comment back (null included)', () => {
    expect(reverseOp({ kind: 'setTableComment', table: 't', schema: null, comment: 'new', existing: null })).toEqual({
      kind: 'setTableComment',
      table: 't',
      schema: null,
      comment: null,
      existing: 'new',
    });
  });
});

describe('what cannot be reversed', () => {
  const cases: Array<[string, Op, RegExp]> = [
    ['dropTable without the table', { kind: 'dropTable', table: 't', schema: null }, /drop table t.*does not record the table it drops/],
    ['dropColumn without the column', { kind: 'dropColumn', table: 't', schema: null, column: 'c' }, /does not record the column it drops/],
    ['alterColumn of a type without the old column', { kind: 'alterColumn', table: 't', schema: null, column: 'c', type: { kind: 'text' } }, /the column as it was/],
    ['dropIndex without the index', { kind: 'dropIndex', name: 'ix', table: 't', schema: null }, /the index it drops/],
    ['dropIndex without its table', { kind: 'dropIndex', name: 'ix', table: null, schema: null, existing: index('ix', ['a']) }, /the table of the index/],
    ['dropConstraint without the constraint', { kind: 'dropConstraint', table: 't', schema: null, name: 'uq', type: 'unique' }, /the constraint it drops/],
    [
      'dropConstraint of unknown type whose shape is ambiguous',
      { kind: 'dropConstraint', table: 't', schema: null, name: 'uq', existing: { name: 'uq', columns: ['a'] } },
      /the type of the constraint/,
    ],
    [
      'dropConstraint whose type contradicts the recorded object',
      { kind: 'dropConstraint', table: 't', schema: null, name: 'ck', type: 'unique', existing: { name: 'ck', expression: 'a > 0' } },
      /not a unique constraint/,
    ],
    ['setTableComment without the old comment', { kind: 'setTableComment', table: 't', schema: null, comment: 'x' }, /the comment it replaces/],
    ['execute', { kind: 'execute', sql: 'select 1' }, /raw SQL has no known inverse/],
    ['bulkInsert', { kind: 'bulkInsert', table: 't', schema: null, rows: [{ a: 1 }] }, /inserted rows have no known inverse/],
  ];

  it.each(cases)('%s: a UserError saying so', (_what, op, message) => {
    let error: unknown;
    try {
      reverseOp(op);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/^Cannot reverse "/);
    expect((error as UserError).message).toMatch(message);
    expect((error as UserError).hint).toMatch(/by hand/);
  });

  it('reverseOps fails as a whole when one op is irreversible', () => {
    expect(() => reverseOps([...CREATE_TABLES, { kind: 'execute', sql: 'select 1' }])).toThrow(UserError);
  });

  it('the cases above cover every kind that can be irreversible', () => {
    const kinds = new Set<OpKind>(cases.map(([, op]) => op.kind));
    expect([...kinds].sort()).toEqual(
      ['alterColumn', 'bulkInsert', 'dropColumn', 'dropConstraint', 'dropIndex', 'dropTable', 'execute', 'setTableComment'].sort(),
    );
  });
});

describe('reverseOps', () => {
  it('reverses each op, last first', () => {
    const ops: Op[] = [
      { kind: 'createTable', table: USERS },
      { kind: 'renameTable', table: 'users', newName: 'people', schema: null },
    ];
    expect(reverseOps(ops)).toEqual([
      { kind: 'renameTable', table: 'people', newName: 'users', schema: null },
      { kind: 'dropTable', table: 'users', schema: null, existing: USERS },
    ]);
  });

  it('leaves its input alone', () => {
    const ops = structuredClone(REVERSIBLE);
    reverseOps(ops);
    expect(ops).toEqual(REVERSIBLE);
  });

  it('is an involution on the fixtures: reverse(reverse(ops)) equals ops (alterColumn drops `using`)', () => {
    const withoutUsing = REVERSIBLE.map((op) => {
      if (op.kind !== 'alterColumn' || op.using === undefined) return op;
      const { using: _using, ...rest } = op;
      return rest;
    });
    expect(reverseOps(reverseOps(REVERSIBLE))).toEqual(withoutUsing);
  });

  it('covers every op kind in the fixtures or the error cases', () => {
    const kinds = new Set([...REVERSIBLE, ...reverseOps(REVERSIBLE)].map((op) => op.kind));
    expect(kinds.size).toBe(14); // every kind but execute and bulkInsert
  });

  it('is an involution on random reversible op lists', () => {
    fc.assert(
      fc.property(reversibleOpsArb, (ops) => {
        expect(reverseOps(reverseOps(ops))).toEqual(ops);
      }),
      { seed: 20250101, numRuns: 300 },
    );
  });
});
