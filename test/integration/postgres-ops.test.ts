import { sql } from 'kysely';
import type { Connection } from '../../src/dialects/dialect.js';
import { createPostgresDialect } from '../../src/dialects/postgres/postgres-dialect.js';
import { toColumn, toTable } from '../../src/ops/column-input.js';
import type { Op } from '../../src/ops/ops.js';
import type { Table } from '../../src/schema/schema.js';
import { createPgDatabase, describePg } from '../helpers/databases.js';

const dialect = createPostgresDialect();

describePg('PostgreSQL ops on a real server', () => {
  let database: Awaited<ReturnType<typeof createPgDatabase>>;
  let conn: Connection;
  const failed: string[] = [];

  /** Runs ops in one transaction, as the runtime does for a revision. */
  const run = (...ops: Op[]) =>
    conn.db.transaction().execute(async (trx) => {
      for (const op of ops) await dialect.executeOp(op, trx);
    });
  const table = async (name: string, schema?: string): Promise<Table | undefined> => {
    const live = await dialect.introspect(conn.db, schema ? { schemas: [schema] } : {});
    return live.tables.find((t) => t.name === name);
  };
  const rows = async (query: string) => (await sql.raw<Record<string, unknown>>(query).execute(conn.db)).rows;

  beforeAll(async () => {
    database = await createPgDatabase('orm_pg_ops');
    conn = await dialect.connect(database.url, { onQueryError: (statement) => failed.push(statement) });
    await run({ kind: 'execute', sql: 'CREATE SCHEMA other' });
  });
  afterAll(async () => {
    await conn?.close();
    await database?.drop();
  });

  it('createTable, renameTable, dropTable', async () => {
    await run({ kind: 'createTable', table: toTable('t1', { id: { type: 'integer', primaryKey: true } }) });
    expect(await table('t1')).toBeDefined();
    await run({ kind: 'renameTable', table: 't1', newName: 't2' });
    expect(await table('t1')).toBeUndefined();
    expect((await table('t2'))?.primaryKey?.columns).toEqual(['id']);
    await run({ kind: 'dropTable', table: 't2' });
    expect(await table('t2')).toBeUndefined();
  });

  it('addColumn (default, NOT NULL, identity, comment) and dropColumn', async () => {
    await run(
      { kind: 'createTable', table: toTable('cols', { name: { type: 'text' } }) },
      { kind: 'bulkInsert', table: 'cols', rows: [{ name: 'a' }, { name: 'b' }] },
      {
        kind: 'addColumn',
        table: 'cols',
        column: toColumn('status', { type: 'varchar(10)', default: 'new', nullable: false, comment: 'state' }, 'cols'),
      },
      { kind: 'addColumn', table: 'cols', column: toColumn('id', { type: 'bigint', autoincrement: true, nullable: false }, 'cols') },
    );
    const t = await table('cols');
    expect(t?.columns.find((c) => c.name === 'status')).toEqual({
      name: 'status',
      type: { kind: 'varchar', length: 10 },
      nullable: false,
      default: { kind: 'literal', value: 'new' },
      autoincrement: false,
      comment: 'state',
    });
    expect(t?.columns.find((c) => c.name === 'id')).toMatchObject({ autoincrement: true, nullable: false, default: null });
    // Existing rows got the default and identity values.
    expect(await rows('select name, status, id from cols order by id')).toEqual([
      { name: 'a', status: 'new', id: '1' },
      { name: 'b', status: 'new', id: '2' },
    ]);
    await run({ kind: 'dropColumn', table: 'cols', column: 'status' });
    expect((await table('cols'))?.columns.map((c) => c.name)).toEqual(['name', 'id']);
  });

  it('alterColumn: type with USING keeps the data, then nullability, default, comment and rename', async () => {
    await run(
      { kind: 'createTable', table: toTable('amounts', { amount: { type: 'text', default: 'zero' } }) },
      { kind: 'bulkInsert', table: 'amounts', rows: [{ amount: '42' }, { amount: '7' }] },
    );
    await run({
      kind: 'alterColumn',
      table: 'amounts',
      column: 'amount',
      newName: 'total',
      type: { kind: 'integer' },
      using: 'amount::integer',
      nullable: false,
      default: { kind: 'literal', value: 0 },
      comment: 'in cents',
    });
    expect((await table('amounts'))?.columns).toEqual([
      {
        name: 'total',
        type: { kind: 'integer' },
        nullable: false,
        default: { kind: 'literal', value: 0 },
        autoincrement: false,
        comment: 'in cents',
      },
    ]);
    expect(await rows('select total from amounts order by total')).toEqual([{ total: 7 }, { total: 42 }]);
    await run({ kind: 'alterColumn', table: 'amounts', column: 'total', nullable: true, default: null, comment: null });
    expect((await table('amounts'))?.columns[0]).toMatchObject({ nullable: true, default: null, comment: null });
  });

  it('indexes: unique, partial, method, expressions; dropIndex', async () => {
    await run({
      kind: 'createTable',
      table: toTable('docs', { id: { type: 'integer' }, email: { type: 'text' }, body: { type: 'json' }, gone: { type: 'boolean' } }),
    });
    await run(
      { kind: 'createIndex', table: 'docs', index: { name: 'docs_email', columns: [{ expression: 'lower(email)' }, 'id'], unique: true, where: 'gone IS NOT TRUE' } },
      { kind: 'createIndex', table: 'docs', index: { name: 'docs_body', columns: ['body'], unique: false, method: 'gin' } },
    );
    expect((await table('docs'))?.indexes).toEqual([
      { name: 'docs_body', columns: ['body'], unique: false, where: null, method: 'gin' },
      { name: 'docs_email', columns: [{ expression: 'lower(email)' }, 'id'], unique: true, where: 'gone IS NOT TRUE', method: null },
    ]);
    await run({ kind: 'dropIndex', name: 'docs_body', table: 'docs' });
    expect((await table('docs'))?.indexes.map((i) => i.name)).toEqual(['docs_email']);
  });

  it('constraints: primary key, unique, foreign key, check, and dropping each', async () => {
    await run(
      { kind: 'createTable', table: toTable('parents', { a: { type: 'integer', nullable: false }, b: { type: 'integer', nullable: false } }) },
      { kind: 'createTable', table: toTable('kids', { pa: { type: 'integer' }, pb: { type: 'integer' }, n: { type: 'integer' } }) },
      { kind: 'createPrimaryKey', table: 'parents', primaryKey: { name: 'parents_pk', columns: ['b', 'a'] } },
      { kind: 'createUniqueConstraint', table: 'kids', constraint: { name: 'kids_n_uq', columns: ['n'] } },
      { kind: 'createCheckConstraint', table: 'kids', check: { name: 'kids_n_ck', expression: 'n > 0' } },
      {
        kind: 'createForeignKey',
        table: 'kids',
        foreignKey: { name: 'kids_fk', columns: ['pb', 'pa'], refTable: 'parents', refColumns: ['b', 'a'], onDelete: 'CASCADE', onUpdate: 'SET NULL', deferrable: true },
      },
    );
    const parents = await table('parents');
    expect(parents?.primaryKey).toEqual({ name: 'parents_pk', columns: ['b', 'a'] });
    const kids = await table('kids');
    expect(kids?.uniques).toEqual([{ name: 'kids_n_uq', columns: ['n'] }]);
    expect(kids?.checks).toEqual([{ name: 'kids_n_ck', expression: 'n > 0' }]);
    expect(kids?.foreignKeys).toEqual([
      {
        name: 'kids_fk',
        columns: ['pb', 'pa'],
        refTable: 'parents',
        refSchema: null,
        refColumns: ['b', 'a'],
        onDelete: 'CASCADE',
        onUpdate: 'SET NULL',
        deferrable: true,
        initiallyDeferred: false,
      },
    ]);
    // The unique constraint's own index is not reported as an index.
    expect(kids?.indexes).toEqual([]);
    await run(
      { kind: 'dropConstraint', table: 'kids', name: 'kids_fk', type: 'foreignKey' },
      { kind: 'dropConstraint', table: 'kids', name: 'kids_n_uq' },
      { kind: 'dropConstraint', table: 'kids', name: 'kids_n_ck' },
      { kind: 'dropConstraint', table: 'parents', name: 'parents_pk' },
    );
    const after = await table('kids');
    expect([after?.foreignKeys, after?.uniques, after?.checks]).toEqual([[], [], []]);
    expect((await table('parents'))?.primaryKey).toBeNull();
  });

  it('bulkInsert: every kind of value, through parameters and through the offline SQL, reads back the same', async () => {
    await run({
      kind: 'createTable',
      table: toTable('vals', {
        k: { type: 'integer' },
        s: { type: 'text' },
        n: { type: 'double' },
        b: { type: 'boolean' },
        bin: { type: 'blob' },
        at: { type: 'timestamptz' },
        doc: { type: 'json' },
        dflt: { type: 'text', default: 'filled' },
      }),
    });
    const sample = (k: number) => [
      { k, s: "it's \\ \"quoted\"", n: -1.25, b: true, bin: Buffer.from([0, 1, 255]), at: new Date('2024-05-06T07:08:09.123Z'), doc: { a: [1, "o'k"] } },
      { k: k + 1, s: null, n: 3, b: false, bin: null, at: null, doc: [1, 2] },
    ];
    await run({ kind: 'bulkInsert', table: 'vals', rows: sample(1) });
    for (const statement of dialect.compileOp({ kind: 'bulkInsert', table: 'vals', rows: sample(11) })) {
      await sql.raw(statement).execute(conn.db);
    }
    const read = await rows('select * from vals order by k');
    const strip = (r: Record<string, unknown>) => ({ ...r, k: Number(r.k) % 10 });
    expect(read.slice(0, 2).map(strip)).toEqual(read.slice(2).map(strip));
    expect(read[0]).toEqual({
      k: 1,
      s: "it's \\ \"quoted\"",
      n: -1.25,
      b: true,
      bin: Buffer.from([0, 1, 255]),
      at: new Date('2024-05-06T07:08:09.123Z'),
      doc: { a: [1, "o'k"] },
      dflt: 'filled',
    });
    expect(read[1]).toMatchObject({ doc: [1, 2], dflt: 'filled' });
  });

  it('bulkInsert in batches: 2,500 rows', async () => {
    await run(
      { kind: 'createTable', table: toTable('many_rows', { i: { type: 'integer' } }) },
      { kind: 'bulkInsert', table: 'many_rows', rows: Array.from({ length: 2500 }, (_, i) => ({ i })) },
    );
    expect(await rows('select count(*)::int as n, sum(i)::int as s from many_rows')).toEqual([{ n: 2500, s: 3123750 }]);
  });

  it('execute runs SQL verbatim, several statements included', async () => {
    await run({ kind: 'execute', sql: 'CREATE TABLE ex (a int); INSERT INTO ex VALUES (1), (2)' });
    expect(await rows('select sum(a)::int as s from ex')).toEqual([{ s: 3 }]);
  });

  it('every table-scoped op honours its schema', async () => {
    const s = 'other';
    await run(
      { kind: 'createTable', table: toTable('owners', { id: { type: 'integer', primaryKey: true } }, { schema: s }) },
      { kind: 'createTable', table: toTable('pets', { id: { type: 'integer' }, owner: { type: 'integer' } }, { schema: s, comment: 'pets' }) },
      { kind: 'addColumn', table: 'pets', schema: s, column: toColumn('nick', { type: 'text', comment: 'nick' }, 'pets') },
      { kind: 'alterColumn', table: 'pets', schema: s, column: 'nick', newName: 'name', nullable: false, default: { kind: 'literal', value: 'rex' } },
      { kind: 'createPrimaryKey', table: 'pets', schema: s, primaryKey: { name: 'pets_pk', columns: ['id'] } },
      { kind: 'createUniqueConstraint', table: 'pets', schema: s, constraint: { name: 'pets_name_uq', columns: ['name'] } },
      { kind: 'createCheckConstraint', table: 'pets', schema: s, check: { name: 'pets_id_ck', expression: 'id > 0' } },
      { kind: 'createForeignKey', table: 'pets', schema: s, foreignKey: { name: 'pets_owner_fk', columns: ['owner'], refTable: 'owners', refSchema: s, refColumns: ['id'] } },
      { kind: 'createIndex', table: 'pets', schema: s, index: { name: 'pets_owner_ix', columns: ['owner'], unique: false } },
      { kind: 'bulkInsert', table: 'owners', schema: s, rows: [{ id: 1 }] },
      { kind: 'bulkInsert', table: 'pets', schema: s, rows: [{ id: 1, owner: 1 }] },
      { kind: 'renameTable', table: 'pets', schema: s, newName: 'animals' },
    );
    expect(await table('animals')).toBeUndefined(); // not in the current schema
    const animals = await table('animals', s);
    expect(animals).toMatchObject({
      schema: 'other',
      comment: 'pets',
      primaryKey: { name: 'pets_pk', columns: ['id'] },
      uniques: [{ name: 'pets_name_uq', columns: ['name'] }],
      checks: [{ name: 'pets_id_ck', expression: 'id > 0' }],
      foreignKeys: [{ name: 'pets_owner_fk', refSchema: 'other', refTable: 'owners' }],
      indexes: [{ name: 'pets_owner_ix', columns: ['owner'] }],
    });
    expect(animals?.columns[2]).toMatchObject({ name: 'name', nullable: false, default: { kind: 'literal', value: 'rex' }, comment: 'nick' });
    expect(await rows('select name from other.animals')).toEqual([{ name: 'rex' }]);
    await run(
      { kind: 'dropIndex', name: 'pets_owner_ix', schema: s },
      { kind: 'dropConstraint', table: 'animals', schema: s, name: 'pets_owner_fk' },
      { kind: 'dropColumn', table: 'animals', schema: s, column: 'owner' },
    );
    const after = await table('animals', s);
    expect([after?.indexes, after?.foreignKeys, after?.columns.map((c) => c.name)]).toEqual([[], [], ['id', 'name']]);
    await run({ kind: 'dropTable', table: 'animals', schema: s }, { kind: 'dropTable', table: 'owners', schema: s });
    expect((await dialect.introspect(conn.db, { schemas: [s] })).tables).toEqual([]);
  });

  it('a failing statement rolls back everything before it in the transaction', async () => {
    failed.length = 0;
    await expect(
      run(
        { kind: 'createTable', table: toTable('doomed', { id: { type: 'integer' } }) },
        { kind: 'addColumn', table: 'cols', column: toColumn('extra', { type: 'integer' }, 'cols') },
        { kind: 'bulkInsert', table: 'cols', rows: [{ name: 'c' }] },
        { kind: 'execute', sql: 'INSERT INTO no_such_table VALUES (1)' },
      ),
    ).rejects.toThrow(/no_such_table/);
    expect(await table('doomed')).toBeUndefined();
    expect((await table('cols'))?.columns.map((c) => c.name)).toEqual(['name', 'id']);
    expect(await rows('select count(*)::int as n from cols')).toEqual([{ n: 2 }]);
    // The connection's error hook saw the statement the server refused.
    expect(failed).toContain('INSERT INTO no_such_table VALUES (1)');
  });

  it('hasTable looks in the given schema, or the current one', async () => {
    await run({ kind: 'createTable', table: toTable('probe', { id: { type: 'integer' } }, { schema: 'other' }) });
    expect(await dialect.hasTable(conn.db, 'probe', 'other')).toBe(true);
    expect(await dialect.hasTable(conn.db, 'probe', null)).toBe(false);
    expect(await dialect.hasTable(conn.db, 'cols', null)).toBe(true);
  });
});
