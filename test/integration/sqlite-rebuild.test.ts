import { sql, type Kysely } from 'kysely';
import type { Connection } from '../../src/dialects/dialect.js';
import { createSqliteDialect } from '../../src/dialects/sqlite/sqlite-dialect.js';
import { toColumn } from '../../src/ops/column-input.js';
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
const exec = async (script: string) => migrate({ kind: 'execute', sql: script });
const rows = async (query: string) => (await sql.raw<any>(query).execute(db)).rows;
const pragma = async (name: string) => Object.values((await rows(`PRAGMA ${name}`))[0] ?? {})[0];
const table = async (name: string): Promise<Table> => (await dialect.introspect(db)).tables.find((t) => t.name === name)!;
const schemaObjects = () => rows("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_autoindex%' ORDER BY name");
/** A rebuild-only op that changes nothing visible: add then drop a check. */
const touch = (t: string): Op[] => [
  { kind: 'createCheckConstraint', table: t, check: { name: 'ck_touch', expression: '1 = 1' } },
  { kind: 'dropConstraint', table: t, name: 'ck_touch' },
];

const SHOP = `
  CREATE TABLE customers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL COLLATE NOCASE CONSTRAINT uq_email UNIQUE,
    nick TEXT UNIQUE,
    age INTEGER CHECK (age >= 0), -- a column-level check
    referrer_id INTEGER CONSTRAINT fk_referrer REFERENCES customers (id) ON DELETE SET NULL,
    full_name TEXT GENERATED ALWAYS AS (upper(email) || '!') STORED,
    CONSTRAINT ck_nick CHECK (nick <> 'admin, root')
  );
  CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    total NUMERIC(10,2) DEFAULT 0
  );
  CREATE INDEX ix_customers_age ON customers (age DESC) WHERE age IS NOT NULL;
  CREATE INDEX ix_customers_lower ON customers (lower(nick));
  CREATE TABLE audit (msg TEXT);
  CREATE TRIGGER customers_audit AFTER UPDATE ON customers BEGIN
    INSERT INTO audit VALUES ('updated ' || new.id);
  END;
  CREATE VIEW customer_orders AS SELECT c.email, count(o.id) AS n FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.email;
  INSERT INTO customers (email, nick, age) VALUES ('a@x', 'ann', 30), ('b@x', 'bob', NULL), ('c@x', 'cid', 5);
  UPDATE customers SET referrer_id = 1 WHERE id = 2;
  DELETE FROM customers WHERE id = 3;
  INSERT INTO orders (customer_id, total) VALUES (1, 10.5), (1, 3), (2, 7);
`;

describe('SQLite table rebuild', () => {
  it('keeps rows, constraints, indexes, triggers, views and the AUTOINCREMENT counter', async () => {
    await exec(SHOP);
    const before = await dialect.introspect(db);
    const objectsBefore = await schemaObjects();
    const customers = await rows('SELECT * FROM customers ORDER BY id');

    await migrate(...touch('customers'));

    expect(await dialect.introspect(db)).toEqual(before);
    expect(await schemaObjects()).toEqual(objectsBefore.map((o: any) => (o.name === 'customers' ? { ...o, sql: expect.any(String) } : o)));
    expect(await rows('SELECT * FROM customers ORDER BY id')).toEqual(customers);
    // Column-level CHECK, COLLATE and GENERATED survive (the CHECK now at table level).
    const t = await table('customers');
    expect(t.columns.find((c) => c.name === 'email')!.type).toEqual({ kind: 'raw', sql: 'TEXT COLLATE NOCASE' });
    expect(t.columns.find((c) => c.name === 'full_name')!.type).toEqual({
      kind: 'raw',
      sql: "TEXT GENERATED ALWAYS AS (upper(email) || '!') STORED",
    });
    await expect(exec("INSERT INTO customers (email, age) VALUES ('d@x', -1)")).rejects.toMatchObject(sqliteError(/CHECK constraint failed/));
    await expect(exec("INSERT INTO customers (email) VALUES ('A@X')")).rejects.toMatchObject(sqliteError(/UNIQUE constraint failed: customers.email/));
    // Deleted id 3 is not reused: the AUTOINCREMENT counter was carried over.
    await exec("INSERT INTO customers (email) VALUES ('e@x')");
    expect(await rows("SELECT id, full_name FROM customers WHERE email = 'e@x'")).toEqual([{ id: 4, full_name: 'E@X!' }]);
    // The trigger still fires, the view still answers.
    await exec("UPDATE customers SET nick = 'anne' WHERE id = 1");
    expect(await rows('SELECT msg FROM audit ORDER BY rowid')).toEqual([{ msg: 'updated 2' }, { msg: 'updated 1' }]);
    expect(await rows('SELECT email, n FROM customer_orders ORDER BY email')).toEqual([
      { email: 'a@x', n: 2 }, { email: 'b@x', n: 1 }, { email: 'e@x', n: 0 },
    ]);
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('legacy_alter_table')).toBe(0);
  });

  it('never deletes child rows of a rebuilt parent (ON DELETE CASCADE)', async () => {
    await exec(SHOP);
    await migrate({ kind: 'alterColumn', table: 'customers', column: 'nick', type: { kind: 'varchar', length: 40 } });
    expect(await rows('SELECT count(*) AS n FROM orders')).toEqual([{ n: 3 }]);
    expect(await rows('SELECT referrer_id FROM customers WHERE id = 2')).toEqual([{ referrer_id: 1 }]);
    // Enforcement is back on afterwards: the cascade works again.
    await sql`DELETE FROM customers WHERE id = 1`.execute(db);
    expect(await rows('SELECT customer_id FROM orders')).toEqual([{ customer_id: 2 }]);
  });

  it('a rebuild that breaks a foreign key fails before commit and leaves the database unchanged', async () => {
    await exec(SHOP);
    await exec('CREATE TABLE notes (customer_id INTEGER, body TEXT); INSERT INTO notes VALUES (1, \'ok\'), (42, \'orphan\');');
    const before = await dialect.introspect(db);
    const failing = migrate(
      { kind: 'addColumn', table: 'notes', column: toColumn('extra', { type: 'text' }, 'notes') },
      { kind: 'createForeignKey', table: 'notes', foreignKey: { name: 'fk_notes', columns: ['customer_id'], refTable: 'customers', refColumns: ['id'] } },
    );
    await expect(failing).rejects.toThrow(UserError);
    await expect(failing).rejects.toThrow(/Foreign key check failed: 1 row\(s\)[\s\S]*notes row 2 references a missing row of customers/);
    expect(await dialect.introspect(db)).toEqual(before);
    expect(await rows('SELECT * FROM notes ORDER BY rowid')).toEqual([{ customer_id: 1, body: 'ok' }, { customer_id: 42, body: 'orphan' }]);
    expect(await pragma('foreign_keys')).toBe(1);
  });

  it('refuses to rebuild inside a transaction that enforces foreign keys', async () => {
    await exec(SHOP);
    const attempt = db.transaction().execute((trx) => dialect.executeOp(touch('customers')[0]!, trx));
    await expect(attempt).rejects.toThrow(/while foreign keys are enforced/);
    expect(await rows('SELECT count(*) AS n FROM orders')).toEqual([{ n: 3 }]);
  });

  it('keeps WITHOUT ROWID, STRICT, rowids of tables without a rowid alias, and odd names', async () => {
    await exec(`
      CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER) STRICT, WITHOUT ROWID;
      CREATE TABLE "odd ""name""" ("a b" TEXT, "c" INTEGER);
      INSERT INTO kv VALUES ('x', 1);
      INSERT INTO "odd ""name""" (rowid, "a b", c) VALUES (10, 'ten', 1), (20, 'twenty', 2);
    `);
    await migrate(...touch('kv'), ...touch('odd "name"'));
    expect(await rows("SELECT sql FROM sqlite_schema WHERE name = 'kv'")).toEqual([{ sql: expect.stringMatching(/\) STRICT, WITHOUT ROWID$/) }]);
    await expect(exec("INSERT INTO kv VALUES ('y', 'not a number')")).rejects.toMatchObject(sqliteError(/cannot store TEXT value in INTEGER column/));
    expect(await rows('SELECT rowid, "a b" FROM "odd ""name""" ORDER BY rowid')).toEqual([
      { rowid: 10, 'a b': 'ten' },
      { rowid: 20, 'a b': 'twenty' },
    ]);
  });

  it('dropColumn on a self-referencing table drops the check and index using the column, keeps the rest', async () => {
    await exec(SHOP);
    await migrate({ kind: 'dropColumn', table: 'customers', column: 'age' });
    const t = await table('customers');
    expect(t.columns.map((c) => c.name)).toEqual(['id', 'email', 'nick', 'referrer_id', 'full_name']);
    // The check and the index on age went with it; the rest stayed.
    expect(t.checks).toEqual([{ name: 'ck_nick', expression: "nick <> 'admin, root'" }]);
    expect(t.indexes.map((i) => i.name)).toEqual(['ix_customers_lower']);
    expect(t.foreignKeys.map((fk) => [fk.name, fk.refTable, fk.onDelete])).toEqual([['fk_referrer', 'customers', 'SET NULL']]);
    expect(await rows('PRAGMA foreign_key_check')).toEqual([]);
  });

  it('leaves foreign keys alone on a connection that does not enforce them', async () => {
    await exec(SHOP);
    await sql`PRAGMA foreign_keys = OFF`.execute(db);
    await exec('INSERT INTO orders (customer_id) VALUES (99)');
    await migrate(...touch('orders'));
    expect(await pragma('foreign_keys')).toBe(0);
    expect(await rows('SELECT count(*) AS n FROM orders')).toEqual([{ n: 4 }]);
  });

  it('dropping the unique key a child references fails before commit with a clear message', async () => {
    await exec(`
      CREATE TABLE codes (id INTEGER PRIMARY KEY, code TEXT, CONSTRAINT uq_code UNIQUE (code));
      CREATE TABLE uses (code TEXT REFERENCES codes (code));
      INSERT INTO codes (code) VALUES ('a'); INSERT INTO uses VALUES ('a');
    `);
    const failing = migrate({ kind: 'dropConstraint', table: 'codes', name: 'uq_code' });
    await expect(failing).rejects.toThrow(UserError);
    await expect(failing).rejects.toThrow(/Foreign key check failed: foreign key mismatch - "uses" referencing "codes"/);
    expect((await table('codes')).uniques).toEqual([{ name: 'uq_code', columns: ['code'] }]);
  });

  it('prepareTransaction refuses a connection that is already inside a transaction', async () => {
    await sql`BEGIN`.execute(db);
    try {
      await expect(dialect.prepareTransaction(db)).rejects.toThrow(/a transaction is already open on this connection/);
    } finally {
      await sql`ROLLBACK`.execute(db);
    }
  });

  it('refuses to drop a column a trigger of the rebuilt table uses', async () => {
    await exec(SHOP);
    await exec(`CREATE TRIGGER nick_audit AFTER UPDATE OF nick ON customers BEGIN INSERT INTO audit VALUES (new.nick); END;`);
    await expect(migrate({ kind: 'dropColumn', table: 'customers', column: 'nick' })).rejects.toThrow(
      /Cannot drop customers.nick: trigger nick_audit uses it/,
    );
    expect((await table('customers')).columns.map((c) => c.name)).toContain('nick');
  });
});
