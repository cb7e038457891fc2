import { sql, type Kysely } from 'kysely';
import type { Connection } from '../../src/dialects/dialect.js';
import { createSqliteDialect } from '../../src/dialects/sqlite/sqlite-dialect.js';
import { toColumn, toTable } from '../../src/ops/column-input.js';
import type { Op } from '../../src/ops/ops.js';
import type { Table } from '../../src/schema/schema.js';
import { UserError } from '../../src/util/errors.js';
import { inRevisionTransaction } from '../../src/runtime/revision-transaction.js';
import { createSqliteFile } from '../helpers/databases.js';

const dialect = createSqliteDialect();

let file: ReturnType<typeof createSqliteFile>;
let conn: Connection;
let db: Kysely<any>;

beforeEach(async () => {
  file = createSqliteFile();
  conn = await dialect.connect(file.url);
  db = conn.db;
});

afterEach(async () => {
  await conn.close();
  file.cleanup();
});

/** Runs ops the way the runtime does: in one revision transaction, with the dialect's hooks. */
async function migrate(...ops: Op[]): Promise<void> {
  await inRevisionTransaction(dialect, db, async (trx) => {
    for (const op of ops) await dialect.executeOp(op, trx);
  });
}

/** SQLite's own errors come from another realm under jest (see sqliteErrorMessage): match the message. */
const sqliteError = (pattern: RegExp) => ({ message: expect.stringMatching(pattern) });
const rows = async (query: string) => (await sql.raw<any>(query).execute(db)).rows;
const table = async (name: string): Promise<Table> => {
  const found = (await dialect.introspect(db)).tables.find((t) => t.name === name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
};

const users = () =>
  toTable(
    'users',
    {
      id: { type: 'integer', primaryKey: true, autoincrement: true },
      email: { type: 'varchar(255)', nullable: false },
      name: { type: 'text' },
    },
    { uniques: [{ name: 'uq_users_email', columns: ['email'] }], indexes: [{ name: 'ix_users_name', columns: ['name'] }] },
  );

describe('SQLite ops executed on a real file', () => {
  it('createTable, then introspect reads it back', async () => {
    await migrate({ kind: 'createTable', table: users() });
    const t = await table('users');
    expect(t.columns.map((c) => [c.name, c.type.kind, c.nullable, c.autoincrement])).toEqual([
      ['id', 'integer', false, true],
      ['email', 'varchar', false, false],
      ['name', 'text', true, false],
    ]);
    expect(t.primaryKey).toEqual({ name: null, columns: ['id'] });
    expect(t.uniques).toEqual([{ name: 'uq_users_email', columns: ['email'] }]);
    expect(t.indexes).toEqual([{ name: 'ix_users_name', columns: ['name'], unique: false, where: null, method: null }]);
  });

  it('dropTable and renameTable (a child foreign key follows the rename)', async () => {
    await migrate(
      { kind: 'createTable', table: users() },
      {
        kind: 'createTable',
        table: toTable('posts', { id: { type: 'integer', primaryKey: true }, user_id: { type: 'integer' } }, {
          foreignKeys: [{ columns: ['user_id'], refTable: 'users', refColumns: ['id'] }],
        }),
      },
      { kind: 'createTable', table: toTable('tmp', { x: { type: 'text' } }) },
    );
    await migrate({ kind: 'dropTable', table: 'tmp' }, { kind: 'renameTable', table: 'users', newName: 'members' });
    const names = (await dialect.introspect(db)).tables.map((t) => t.name);
    expect(names).toEqual(['members', 'posts']);
    expect((await table('posts')).foreignKeys[0]!.refTable).toBe('members');
  });

  it('addColumn natively, and by a rebuild when SQLite cannot', async () => {
    await migrate({ kind: 'createTable', table: users() });
    await migrate({ kind: 'bulkInsert', table: 'users', rows: [{ email: 'a@x' }, { email: 'b@x' }] });
    await migrate(
      { kind: 'addColumn', table: 'users', column: toColumn('age', { type: 'integer' }, 'users') },
      { kind: 'addColumn', table: 'users', column: toColumn('role', { type: 'text', nullable: false, default: 'member' }, 'users') },
      // CURRENT_TIMESTAMP is not a constant: ALTER TABLE ADD COLUMN refuses it, a rebuild does it.
      { kind: 'addColumn', table: 'users', column: toColumn('joined', { type: 'timestamp', default: { sql: 'CURRENT_TIMESTAMP' } }, 'users') },
    );
    const data = await rows('SELECT email, age, role, joined IS NOT NULL AS has_joined FROM users ORDER BY id');
    expect(data).toEqual([
      { email: 'a@x', age: null, role: 'member', has_joined: 1 },
      { email: 'b@x', age: null, role: 'member', has_joined: 1 },
    ]);
    const t = await table('users');
    expect(t.columns.find((c) => c.name === 'joined')!.default).toEqual({ kind: 'sql', sql: 'CURRENT_TIMESTAMP' });
    expect(t.uniques).toEqual([{ name: 'uq_users_email', columns: ['email'] }]);
  });

  it('addColumn NOT NULL without a default: fine on an empty table, a clear error with rows', async () => {
    await migrate({ kind: 'createTable', table: users() });
    await migrate({ kind: 'addColumn', table: 'users', column: toColumn('code', { type: 'text', nullable: false }, 'users') });
    expect((await table('users')).columns.find((c) => c.name === 'code')!.nullable).toBe(false);
    await migrate({ kind: 'bulkInsert', table: 'users', rows: [{ email: 'a@x', code: 'c' }] });
    const failing = migrate({ kind: 'addColumn', table: 'users', column: toColumn('other', { type: 'text', nullable: false }, 'users') });
    await expect(failing).rejects.toThrow(UserError);
    await expect(failing).rejects.toThrow(/NOT NULL column users.other without a default: the table has 1 row/);
  });

  it('dropColumn natively, and by a rebuild that drops the index and unique using the column', async () => {
    await migrate({ kind: 'createTable', table: users() });
    await migrate({ kind: 'bulkInsert', table: 'users', rows: [{ email: 'a@x', name: 'A' }] });
    await migrate({ kind: 'dropColumn', table: 'users', column: 'email' }, { kind: 'dropColumn', table: 'users', column: 'name' });
    const t = await table('users');
    expect(t.columns.map((c) => c.name)).toEqual(['id']);
    expect(t.uniques).toEqual([]);
    expect(t.indexes).toEqual([]);
    expect(await rows('SELECT * FROM users')).toEqual([{ id: 1 }]);
  });

  it('dropColumn used by a view fails, natively or by a rebuild, and changes nothing', async () => {
    await migrate({ kind: 'createTable', table: users() });
    await migrate({ kind: 'execute', sql: 'CREATE VIEW v_names AS SELECT name, email FROM users' });
    // email is unique, so a rebuild is tried; it would leave the view broken.
    await expect(migrate({ kind: 'dropColumn', table: 'users', column: 'email' })).rejects.toThrow(
      /Rebuilding table users would break view v_names: no such column: email/,
    );
    await migrate({ kind: 'dropIndex', name: 'ix_users_name' });
    // name is now in no index: SQLite's own DROP COLUMN refuses, with its own message.
    await expect(migrate({ kind: 'dropColumn', table: 'users', column: 'name' })).rejects.toMatchObject(sqliteError(/error in view v_names/));
    expect((await table('users')).columns.map((c) => c.name)).toEqual(['id', 'email', 'name']);
  });

  it('alterColumn: rename natively (the index follows), then type, nullability and default by a rebuild', async () => {
    await migrate({ kind: 'createTable', table: users() });
    await migrate({ kind: 'bulkInsert', table: 'users', rows: [{ email: 'a@x', name: '42' }] });
    await migrate({ kind: 'alterColumn', table: 'users', column: 'name', newName: 'label' });
    expect((await table('users')).indexes[0]!.columns).toEqual(['label']);
    await migrate({
      kind: 'alterColumn',
      table: 'users',
      column: 'label',
      newName: 'score',
      type: { kind: 'integer' },
      nullable: false,
      default: { kind: 'literal', value: 7 },
    });
    const col = (await table('users')).columns.find((c) => c.name === 'score')!;
    expect(col).toMatchObject({ type: { kind: 'integer' }, nullable: false, default: { kind: 'literal', value: 7 } });
    // The copy applied the new column's INTEGER affinity.
    expect(await rows('SELECT score, typeof(score) AS t FROM users')).toEqual([{ score: 42, t: 'integer' }]);
    await migrate({ kind: 'alterColumn', table: 'users', column: 'score', default: null });
    expect((await table('users')).columns.find((c) => c.name === 'score')!.default).toBeNull();
  });

  it('alterColumn to NOT NULL over NULLs fails with a clear message and changes nothing', async () => {
    await migrate({ kind: 'createTable', table: users() });
    await migrate({ kind: 'bulkInsert', table: 'users', rows: [{ email: 'a@x' }] });
    const failing = migrate({ kind: 'alterColumn', table: 'users', column: 'name', nullable: false });
    await expect(failing).rejects.toThrow(/Cannot make users.name NOT NULL: 1 row\(s\) hold NULL/);
    expect((await table('users')).columns.find((c) => c.name === 'name')!.nullable).toBe(true);
  });

  it('createIndex (unique, partial, expression) and dropIndex', async () => {
    await migrate({ kind: 'createTable', table: users() });
    await migrate({
      kind: 'createIndex',
      table: 'users',
      index: { name: 'ix_lower', columns: [{ expression: 'lower(email)' }, 'id'], unique: true, where: 'name IS NOT NULL' },
    });
    expect((await table('users')).indexes).toContainEqual({
      name: 'ix_lower',
      columns: [{ expression: 'lower(email)' }, 'id'],
      unique: true,
      where: 'name IS NOT NULL',
      method: null,
    });
    await migrate({ kind: 'dropIndex', name: 'ix_lower' });
    expect((await table('users')).indexes.map((i) => i.name)).toEqual(['ix_users_name']);
  });

  it('constraint ops rebuild the table: unique, check, foreign key, primary key, dropConstraint', async () => {
    await migrate(
      { kind: 'createTable', table: toTable('orgs', { id: { type: 'integer', primaryKey: true } }) },
      { kind: 'createTable', table: toTable('people', { code: { type: 'text' }, org_id: { type: 'integer' }, age: { type: 'integer' } }) },
      { kind: 'bulkInsert', table: 'orgs', rows: [{ id: 1 }] },
      { kind: 'bulkInsert', table: 'people', rows: [{ code: 'p1', org_id: 1, age: 30 }] },
    );
    await migrate(
      { kind: 'createPrimaryKey', table: 'people', primaryKey: { name: 'pk_people', columns: ['code'] } },
      { kind: 'createUniqueConstraint', table: 'people', constraint: { name: 'uq_people_org', columns: ['org_id', 'code'] } },
      { kind: 'createCheckConstraint', table: 'people', check: { name: 'ck_age', expression: 'age >= 0' } },
      {
        kind: 'createForeignKey',
        table: 'people',
        foreignKey: { name: 'fk_org', columns: ['org_id'], refTable: 'orgs', refColumns: ['id'], onDelete: 'CASCADE' },
      },
    );
    let t = await table('people');
    expect(t.primaryKey).toEqual({ name: 'pk_people', columns: ['code'] });
    expect(t.columns.find((c) => c.name === 'code')!.nullable).toBe(false);
    expect(t.uniques).toEqual([{ name: 'uq_people_org', columns: ['org_id', 'code'] }]);
    expect(t.checks).toEqual([{ name: 'ck_age', expression: 'age >= 0' }]);
    expect(t.foreignKeys).toEqual([
      {
        name: 'fk_org', columns: ['org_id'], refTable: 'orgs', refSchema: null, refColumns: ['id'],
        onDelete: 'CASCADE', onUpdate: null, deferrable: false, initiallyDeferred: false,
      },
    ]);
    await expect(migrate({ kind: 'bulkInsert', table: 'people', rows: [{ code: 'p2', org_id: 1, age: -1 }] })).rejects.toMatchObject(
      sqliteError(/CHECK constraint failed: ck_age/),
    );
    await migrate(
      { kind: 'dropConstraint', table: 'people', name: 'ck_age' },
      { kind: 'dropConstraint', table: 'people', name: 'fk_org', type: 'foreignKey' },
      { kind: 'dropConstraint', table: 'people', name: 'uq_people_org' },
      { kind: 'dropConstraint', table: 'people', name: 'pk_people' },
    );
    t = await table('people');
    expect([t.primaryKey, t.uniques, t.checks, t.foreignKeys]).toEqual([null, [], [], []]);
    expect(await rows('SELECT code, org_id, age FROM people')).toEqual([{ code: 'p1', org_id: 1, age: 30 }]);
  });

  it('a constraint the rows break fails with the real table\'s name and changes nothing', async () => {
    await migrate({ kind: 'createTable', table: users() });
    await migrate({ kind: 'bulkInsert', table: 'users', rows: [{ email: 'a@x', name: 'same' }, { email: 'b@x', name: 'same' }] });
    const failing = migrate({ kind: 'createUniqueConstraint', table: 'users', constraint: { name: 'uq_name', columns: ['name'] } });
    await expect(failing).rejects.toThrow(UserError);
    await expect(failing).rejects.toThrow('Rebuilding table users failed while copying its rows: UNIQUE constraint failed: users.name');
    expect((await table('users')).uniques).toEqual([{ name: 'uq_users_email', columns: ['email'] }]);
  });

  it('dropConstraint of an unknown name lists the table\'s constraints', async () => {
    await migrate({ kind: 'createTable', table: users() });
    const failing = migrate({ kind: 'dropConstraint', table: 'users', name: 'nope' });
    await expect(failing).rejects.toThrow(/Table users has no constraint named nope/);
    await expect(failing).rejects.toMatchObject({ hint: 'its named constraints are uq_users_email (unique)' });
    await expect(migrate({ kind: 'dropConstraint', table: 'users', name: 'ix_users_name' })).rejects.toMatchObject({
      hint: "ix_users_name is an index: use op.dropIndex('ix_users_name')",
    });
  });

  it('execute runs a script of several statements, trigger bodies included', async () => {
    await migrate({
      kind: 'execute',
      sql: `CREATE TABLE log (msg TEXT);
            CREATE TABLE items (n INTEGER);
            CREATE TRIGGER items_log AFTER INSERT ON items BEGIN
              INSERT INTO log VALUES (CASE WHEN new.n > 1 THEN 'big' ELSE 'small' END);
              INSERT INTO log VALUES ('done; really');
            END;
            INSERT INTO items VALUES (2);`,
    });
    expect(await rows('SELECT msg FROM log')).toEqual([{ msg: 'big' }, { msg: 'done; really' }]);
  });

  it('bulkInsert binds every kind of value and leaves missing columns to their defaults', async () => {
    await migrate({
      kind: 'createTable',
      table: toTable('vals', {
        s: { type: 'text' }, n: { type: 'real' }, b: { type: 'boolean' }, z: { type: 'blob' },
        d: { type: 'timestamp' }, j: { type: 'json' }, k: { type: 'text', default: 'dflt' },
      }),
    });
    await migrate({
      kind: 'bulkInsert',
      table: 'vals',
      rows: [
        { s: "it's", n: 1.5, b: true, z: Buffer.from([0, 255]), d: new Date(Date.UTC(2024, 0, 2)), j: { a: [1] } },
        { s: null, n: -2, b: false },
      ],
    });
    expect(await rows('SELECT s, n, b, hex(z) AS z, d, j, k FROM vals ORDER BY rowid')).toEqual([
      { s: "it's", n: 1.5, b: 1, z: '00FF', d: '2024-01-02T00:00:00.000Z', j: '{"a":[1]}', k: 'dflt' },
      { s: null, n: -2, b: 0, z: '', d: null, j: null, k: 'dflt' },
    ]);
  });
});
