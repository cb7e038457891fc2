import { createOperations } from '../../src/ops/operations.js';
import type { Op } from '../../src/ops/ops.js';

function recorder(fail?: (op: Op) => boolean) {
  const ran: Op[] = [];
  const rec = createOperations({
    dialect: 'sqlite',
    offline: false,
    db: () => {
      throw new Error('no db here');
    },
    run: async (op) => {
      await new Promise((r) => setTimeout(r, 1));
      if (fail?.(op)) throw new Error(`failed ${op.kind}`);
      ran.push(op);
    },
  });
  return { ...rec, ran };
}

describe('the op object', () => {
  it('runs ops in call order, awaited or not', async () => {
    const { op, drain, ran } = recorder();
    op.createTable('users', { id: { type: 'integer', primaryKey: true }, name: { type: 'varchar(20)' } });
    await op.addColumn('users', 'age', { type: 'smallint', default: 0, nullable: false });
    op.execute('select 1');
    await drain();
    expect(ran.map((o) => o.kind)).toEqual(['createTable', 'addColumn', 'execute']);
    expect(ran[0]).toEqual({
      kind: 'createTable',
      table: {
        name: 'users',
        schema: null,
        columns: [
          { name: 'id', type: { kind: 'integer' }, nullable: false, default: null, autoincrement: false, comment: null },
          { name: 'name', type: { kind: 'varchar', length: 20 }, nullable: true, default: null, autoincrement: false, comment: null },
        ],
        primaryKey: { name: null, columns: ['id'] },
        foreignKeys: [],
        uniques: [],
        checks: [],
        indexes: [],
        comment: null,
      },
    });
    expect(ran[1]).toMatchObject({ kind: 'addColumn', column: { name: 'age', nullable: false, default: { kind: 'literal', value: 0 } } });
  });

  it('stops at the first failure; drain rejects with it; later ops never run', async () => {
    const { op, drain, ran } = recorder((o) => o.kind === 'dropTable');
    op.execute('one');
    op.dropTable('x');
    op.execute('never');
    await expect(drain()).rejects.toThrow('failed dropTable');
    expect(ran.map((o) => o.kind)).toEqual(['execute']);
  });

  it('an awaited failing op rejects at the call too', async () => {
    const { op, drain } = recorder((o) => o.kind === 'dropTable');
    await expect(op.dropTable('x')).rejects.toThrow('failed dropTable');
    await expect(drain()).rejects.toThrow('failed dropTable');
  });

  it('invalid arguments fail the revision with a message naming the object', async () => {
    const { op, drain, ran } = recorder();
    op.createTable('t', { id: { type: 'integr' as never } });
    op.execute('never');
    await expect(drain()).rejects.toThrow(/Unknown column type "integr" for t\.id/);
    expect(ran).toEqual([]);
  });

  it('rejects a constraint on a missing column and an alterColumn that changes nothing', async () => {
    const a = recorder();
    a.op.createTable('t', { id: { type: 'integer' } }, { uniques: [['nope']] });
    await expect(a.drain()).rejects.toThrow(/names column nope/);
    const b = recorder();
    b.op.alterColumn('t', 'id', {});
    await expect(b.drain()).rejects.toThrow(/changes nothing/);
  });

  it('builds the IR of each op kind from its arguments', async () => {
    const { op, drain, ran } = recorder();
    op.alterColumn('users', 'name', { newName: 'full_name', type: 'text', nullable: false, default: null, comment: 'shown', schema: 'app' });
    op.createIndex('ix', 'users', ['email', { expression: 'lower(email)' }], { unique: true, where: 'active' });
    op.createForeignKey('fk', 'posts', { columns: ['user_id'], refTable: 'users', refColumns: ['id'], onDelete: 'cascade' as never });
    op.dropConstraint('fk', 'posts', { type: 'foreignKey' });
    op.bulkInsert('users', [{ id: 1 }]);
    await drain();
    expect(ran[0]).toEqual({ kind: 'alterColumn', table: 'users', schema: 'app', column: 'name', newName: 'full_name', type: { kind: 'text' }, nullable: false, default: null, comment: 'shown' });
    expect(ran[1]).toEqual({ kind: 'createIndex', table: 'users', schema: null, index: { name: 'ix', columns: ['email', { expression: 'lower(email)' }], unique: true, where: 'active', method: null } });
    expect(ran[2]).toMatchObject({ kind: 'createForeignKey', foreignKey: { name: 'fk', onDelete: 'CASCADE', onUpdate: null } });
    expect(ran[3]).toEqual({ kind: 'dropConstraint', name: 'fk', table: 'posts', schema: null, type: 'foreignKey' });
    expect(ran[4]).toEqual({ kind: 'bulkInsert', table: 'users', schema: null, rows: [{ id: 1 }] });
  });
});
